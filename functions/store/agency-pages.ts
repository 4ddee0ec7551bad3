/** The agency's edited pages (指南, 制度), each saved with its render task. */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { PrivacyFinding } from '#core/privacy.ts';
import type { RenderTarget } from '#core/site-plan.ts';
import { db, isConditionFailure, tableName, transactWrite } from '#lib/dynamo.ts';
import * as keys from './keys.ts';
import { renderTaskPut } from './render-queue.ts';

export async function getAgencyPage(
  agencyId: string,
  page: string,
): Promise<{ html: string; version: number; privacy?: PrivacyFinding[] } | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.agencyPage(agencyId, page), ConsistentRead: true }),
  );
  return Item as { html: string; version: number; privacy?: PrivacyFinding[] } | undefined;
}

/**
 * An agency's first guide and rules, drafted from the regulation and its settings when it is set up:
 * stored as its own pages (version 1, by the system), never over one already written.
 */
export async function draftAgencyPages(
  agencyId: string,
  pages: { page: 'guide' | 'rules'; html: string }[],
): Promise<void> {
  const at = new Date().toISOString();
  for (const { page, html } of pages) {
    await db
      .send(
        new PutCommand({
          TableName: tableName,
          Item: { ...keys.agencyPage(agencyId, page), html, version: 1, updatedBy: '系统', updatedAt: at },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error;
      });
  }
}

/** Saves the page if still at `expectedVersion`, with its render task; false if someone saved first. */
export async function saveAgencyPage(
  agencyId: string,
  page: string,
  html: string,
  expectedVersion: number,
  by: string,
  render: RenderTarget[],
  /** Its 个人信息检查: what was found, each acknowledged with its reason (kept with the page as its record). */
  privacy: PrivacyFinding[] = [],
): Promise<number | false> {
  const at = new Date().toISOString();
  try {
    await transactWrite([
      {
        Put: {
          TableName: tableName,
          Item: {
            ...keys.agencyPage(agencyId, page),
            html,
            version: expectedVersion + 1,
            ...(privacy.length && { privacy }),
            updatedBy: by,
            updatedAt: at,
          },
          ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
          ...(expectedVersion > 0 && { ExpressionAttributeValues: { ':expected': expectedVersion } }),
        },
      },
      renderTaskPut(at, `${agencyId}#${page}`, render),
    ]);
    return expectedVersion + 1;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

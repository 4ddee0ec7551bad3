/**
 * The renderer's journal of the site's changes: what each render pass put and removed, in the order
 * written, read by 自查's incremental run from where the last run stopped.
 */
import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { batchWrite, db, queryAll, tableName } from '#lib/dynamo.ts';
import * as keys from './keys.ts';

/** Journal entries are kept this long: an inspection that has not run for longer starts afresh (a full run). */
const journalDays = 60;
const journalChunk = 400;

/** Records what a render pass wrote: one item per 400 keys, in the order written. */
export async function journalSiteChanges(put: string[], removed: string[]): Promise<void> {
  if (!put.length && !removed.length) return;
  const at = new Date().toISOString();
  const id = randomUUID().slice(0, 8);
  const expiresAt = Math.floor(Date.now() / 1000) + journalDays * 86_400;
  const chunks: { put: string[]; removed: string[] }[] = [];
  for (let i = 0; i < Math.max(put.length, removed.length); i += journalChunk)
    chunks.push({ put: put.slice(i, i + journalChunk), removed: removed.slice(i, i + journalChunk) });
  await batchWrite(
    chunks.map((chunk, n) => ({
      PutRequest: { Item: { ...keys.siteChanges(at, `${id}#${String(n).padStart(4, '0')}`), ...chunk, expiresAt } },
    })),
  );
}

export interface SiteChanges {
  sk: string;
  put: string[];
  removed: string[];
}

/** The journal's newest entry (where a run that starts now reads up to). */
export async function latestSiteChange(): Promise<string | undefined> {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.siteChanges('', '').pk },
      ScanIndexForward: false,
      Limit: 1,
    }),
  );
  return Items[0]?.sk as string | undefined;
}

/** The journal's entries after `from` up to and including `to`, oldest first. */
export async function siteChangesBetween(from: string | undefined, to: string): Promise<SiteChanges[]> {
  const items = await queryAll<SiteChanges>({
    KeyConditionExpression: from ? 'pk = :pk AND sk BETWEEN :from AND :to' : 'pk = :pk AND sk <= :to',
    ExpressionAttributeValues: { ':pk': keys.siteChanges('', '').pk, ':to': to, ...(from && { ':from': from }) },
  });
  return items.filter((i) => i.sk !== from).map((i) => ({ sk: i.sk, put: i.put ?? [], removed: i.removed ?? [] }));
}

/**
 * The audit of administration: every change to agencies, staff accounts, roles, the working
 * calendar and an agency's letter or publishing settings, with who made it, when, and the record
 * before and after. One partition (administration is rare), newest first; each entry also under
 * its agency (gsi1) so an agency's own history reads without the rest.
 */
import { randomUUID } from 'node:crypto';
import { queryPage, tableName } from '#lib/dynamo.ts';
import * as keys from './keys.ts';

export const adminSubjects = ['agency', 'staff', 'calendar', 'letters', 'publishing', 'expressions'] as const;
export type AdminSubject = (typeof adminSubjects)[number];

export interface AdminLogEntry {
  at: string;
  /** Username of who made the change (`system` for a command run at deployment). */
  by: string;
  subject: AdminSubject;
  /** The agency id, username or year the change was made to. */
  target: string;
  /** The agency the change concerns, when there is one. */
  agencyId?: string;
  /** What was done, in Chinese (新建机关, 停用账号 …). */
  action: string;
  before: object | null;
  after: object | null;
}

/** The Put that records `entry`: part of the change's own transaction, so neither lands without the other. */
export function adminLogPut(entry: Omit<AdminLogEntry, 'at'> & { at?: string }) {
  const at = entry.at ?? new Date().toISOString();
  const id = randomUUID().slice(0, 8);
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.adminLog(at, id),
        ...(entry.agencyId && keys.agencyAdminLog(entry.agencyId, at, id)),
        ...entry,
        at,
      },
    },
  };
}

const fields = ({ at, by, subject, target, agencyId, action, before, after }: AdminLogEntry): AdminLogEntry => ({
  at,
  by,
  subject,
  target,
  ...(agencyId && { agencyId }),
  action,
  before: before ?? null,
  after: after ?? null,
});

/** One page of the log, newest first: the whole platform's, or one agency's. */
export async function listAdminLog(page: { agencyId?: string; limit: number; cursor?: string }) {
  const query = page.agencyId
    ? {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.agencyAdminLogList(page.agencyId).gsi1pk },
        ScanIndexForward: false,
      }
    : {
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.adminLogList().pk },
        ScanIndexForward: false,
      };
  const { items, next } = await queryPage<AdminLogEntry>(query, {
    limit: page.limit,
    cursor: page.cursor,
    keyNames: page.agencyId ? ['pk', 'sk', 'gsi1pk', 'gsi1sk'] : ['pk', 'sk'],
    partition: page.agencyId ? ['gsi1pk', keys.agencyAdminLogList(page.agencyId).gsi1pk] : ['pk', 'ADMINLOG'],
  });
  return { entries: items.map(fields), next };
}

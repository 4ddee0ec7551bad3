/** 管理日志: the audit of administration, read by the county's administrators. */
import type { StaffIdentity } from '#core/staff.ts';
import { forbidden } from '#lib/errors.ts';
import { type AdminLogEntry, type AdminSubject, listAdminLog } from '#store/admin-log.ts';
import { administering } from './agencies.ts';

const subjectLabels: Record<AdminSubject, string> = {
  agency: '机关',
  staff: '工作人员账号',
  calendar: '工作日历',
  letters: '文书设置',
  publishing: '发布设置',
};

/** Bookkeeping that changes with every save and says nothing about what was changed. */
const bookkeeping = new Set([
  'version',
  'lettersVersion',
  'publishingVersion',
  'updatedAt',
  'updatedBy',
  'lastSignInAt',
]);

/** The fields an entry changed, each with its value before and after (a creation: every field). */
export function changesOf(entry: Pick<AdminLogEntry, 'before' | 'after'>) {
  const before = (entry.before ?? {}) as Record<string, unknown>;
  const after = (entry.after ?? {}) as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((f) => !bookkeeping.has(f));
  return fields
    .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
    .map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }));
}

export async function readAdminLog(
  staff: StaffIdentity,
  query: { agencyId?: string; limit?: number; cursor?: string },
) {
  const { home, access } = await administering(staff);
  if (!access(home).log) throw forbidden('只有县级管理员可以查看管理操作记录。');
  const { entries, next } = await listAdminLog({ ...query, limit: query.limit ?? 50 });
  return {
    entries: entries.map((entry) => ({
      at: entry.at,
      by: entry.by,
      subject: entry.subject,
      subjectLabel: subjectLabels[entry.subject],
      target: entry.target,
      ...(entry.agencyId && { agencyId: entry.agencyId }),
      action: entry.action,
      changes: changesOf(entry),
    })),
    next,
  };
}

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
  expressions: '表述检查词库',
};

/** Bookkeeping that changes with every save and says nothing about what was changed. */
const bookkeeping = new Set(['version', 'lettersVersion', 'publishingVersion', 'updatedAt', 'updatedBy']);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Nested records as dotted fields (`contact.phone`), so a change names the one value that changed. */
function flatten(record: Record<string, unknown>, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(record)) {
    if (!prefix && bookkeeping.has(key)) continue;
    if (isRecord(value)) for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
    else out.set(`${prefix}${key}`, value);
  }
  return out;
}

/** The fields an entry changed, each with its value before and after (a creation: every field). */
export function changesOf(entry: Pick<AdminLogEntry, 'before' | 'after'>) {
  const before = flatten(isRecord(entry.before) ? entry.before : {});
  const after = flatten(isRecord(entry.after) ? entry.after : {});
  return [...new Set([...before.keys(), ...after.keys()])]
    .filter((field) => JSON.stringify(before.get(field)) !== JSON.stringify(after.get(field)))
    .map((field) => ({ field, before: before.get(field) ?? null, after: after.get(field) ?? null }));
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

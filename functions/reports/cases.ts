/**
 * 四 行政复议、行政诉讼: staff record the cases brought over an application's answer, and their
 * results as they come. Each save moves the report counters in its own transaction.
 */
import { isOwn } from '#core/access.ts';
import { caseGroups, caseResults, type CaseGroup, type CaseResult } from '#core/report-counts.ts';
import type { StaffIdentity } from '#core/staff.ts';
import { badRequest, conflict, notFound, stale } from '#lib/errors.ts';
import { getApplication } from '#store/applications.ts';
import { listApplicationCases, saveCase, type StoredCase } from '#store/reports.ts';
import { StaleVersionError } from '#store/stale.ts';

export interface CaseInput {
  group: CaseGroup;
  body: string;
  filedOn: string;
  decidedOn?: string;
  result: CaseResult;
  note?: string;
}

/** The application, if it is the staff member's agency's (another agency's answers 404, as an unknown one does). */
async function ownApplication(receiptNumber: string, staff: StaffIdentity) {
  const found = await getApplication(receiptNumber);
  if (!found || !isOwn(staff, found.application.agencyId)) throw notFound('未找到该申请。');
  return found.application;
}

function checkDates(input: CaseInput, receiptDate: string) {
  if (input.filedOn < receiptDate)
    throw badRequest('请检查日期', [{ field: 'filedOn', message: '立案（受理）日期不能早于申请的收到日期' }]);
  if (input.result === 'pending' && input.decidedOn)
    throw badRequest('请检查结果', [{ field: 'decidedOn', message: '尚未审结的案件没有决定日期' }]);
  if (input.result !== 'pending' && !input.decidedOn)
    throw badRequest('请检查结果', [{ field: 'decidedOn', message: '请填写决定（判决）日期' }]);
  if (input.decidedOn && input.decidedOn < input.filedOn)
    throw badRequest('请检查日期', [{ field: 'decidedOn', message: '决定日期不能早于立案日期' }]);
}

const describe = (c: StoredCase) =>
  `${caseGroups[c.group]}（${c.body}，${c.filedOn}立案）：${caseResults[c.result]}${c.decidedOn ? `（${c.decidedOn}）` : ''}。`;
const view = (c: StoredCase) => ({ ...c, groupLabel: caseGroups[c.group], resultLabel: caseResults[c.result] });

export async function listCases(receiptNumber: string, staff: StaffIdentity) {
  await ownApplication(receiptNumber, staff);
  return { cases: (await listApplicationCases(receiptNumber)).map(view), groups: caseGroups, results: caseResults };
}

export async function recordCase(receiptNumber: string, input: CaseInput, staff: StaffIdentity) {
  const application = await ownApplication(receiptNumber, staff);
  checkDates(input, application.receiptDate);
  // One case of a kind filed on one day: its id says so, and the write is conditional on the id being
  // new, so a repeated (double-clicked) submit records it once.
  const next: StoredCase = {
    id: `${input.group}-${input.filedOn}`,
    receiptNumber,
    agencyId: application.agencyId,
    ...input,
    version: 1,
    updatedBy: staff.username,
    updatedAt: new Date().toISOString(),
  };
  await save(next, undefined, `记录${describe(next)}`);
  return view(next);
}

export async function updateCase(
  receiptNumber: string,
  caseId: string,
  input: CaseInput & { version: number },
  staff: StaffIdentity,
) {
  const application = await ownApplication(receiptNumber, staff);
  const before = (await listApplicationCases(receiptNumber)).find((c) => c.id === caseId);
  if (!before) throw notFound('未找到该案件。');
  if (before.version !== input.version) throw stale('该案件已被他人更新，请刷新后重试。');
  checkDates(input, application.receiptDate);
  const { version, ...fields } = input;
  const next: StoredCase = {
    ...before,
    ...fields,
    version: version + 1,
    updatedBy: staff.username,
    updatedAt: new Date().toISOString(),
  };
  if (!input.decidedOn) delete next.decidedOn;
  await save(next, before, `更新${describe(next)}`);
  return view(next);
}

async function save(next: StoredCase, before: StoredCase | undefined, text: string) {
  try {
    await saveCase(next, before, text);
  } catch (error) {
    if (error instanceof StaleVersionError)
      throw before ? stale('该案件已被他人更新，请刷新后重试。') : conflict('该案件已记录。', 'already-exists');
    throw error;
  }
}

/**
 * Open cases carried over from the old system (or paper): a dry run answers every row's errors
 * and writes nothing; a real run, when no row has an error, gives each case a receipt number of its
 * receipt year and a query code for the applicant (shown once), with its history as it stood. A
 * case sent again is passed over (its old number is claimed once).
 */
import { randomUUID } from 'node:crypto';
import {
  caseStateOf,
  deriveQueryCode,
  formatQueryCode,
  formatReceiptNumber,
  hashQueryCode,
  newSalt,
} from '#core/application.ts';
import { applicationAccess } from '#core/access.ts';
import { checkCaseRows } from '#core/case-import.ts';
import { beijingDateTime, formatDate } from '#core/dates.ts';
import type { StaffIdentity } from '#core/staff.ts';
import { placement } from '#core/workflow.ts';
import { badRequest, forbidden, notFound } from '#lib/errors.ts';
import { getAgency } from '#store/agencies.ts';
import type { StoredApplication } from '#store/applications.ts';
import { carriedAlready, recordCarriedOver } from '#store/carried-over.ts';
import { nextReceiptSequence } from '#store/submission-claims.ts';
import { loadCalendar } from '#store/calendar.ts';
import { reportStatusOf } from '#store/report-status.ts';
import { reportStatuses, type ReportStatus } from '#core/report-lifecycle.ts';

/** Report states whose figures a carried-over case may no longer change. */
const heldFigures = new Set<ReportStatus>(['submitted', 'published', 'archived']);

/**
 * The share of the function's remaining time a call spends registering cases: the rest is margin for
 * the case being written when it runs out, so the call answers (with the rows it did not reach, to
 * send again) well before its limit and never writes after answering.
 */
const writingShare = 0.5;

export async function importCases(
  input: { dryRun: boolean; firstRow?: number; rows: Record<string, unknown>[] },
  staff: StaffIdentity,
  timeLeft: () => number = () => Number.POSITIVE_INFINITY,
) {
  if (!staff.roles.includes('handler') || !applicationAccess(staff, 'own').act)
    throw forbidden('只有经办人可以导入在办申请。');
  const [agency, calendar] = await Promise.all([getAgency(staff.agencyId), loadCalendar()]);
  if (!agency) throw notFound('未找到您所属的机关。');
  const today = beijingDateTime(new Date()).date;
  const checked = checkCaseRows(input.rows, {
    calendar,
    today,
    actor: { username: staff.username, ...(staff.name && { name: staff.name }) },
    ...(input.firstRow && { firstRow: input.firstRow }),
  });
  const carried = await carriedAlready(
    agency.id,
    checked.cases.map((c) => c.oldNumber),
  );
  const skipped: { row: number; message: string; receiptNumber?: string }[] = checked.cases
    .filter((c) => carried.has(c.oldNumber))
    .map((c) => ({
      row: c.row,
      message: `第 ${c.row} 行 已导入（受理编号 ${carried.get(c.oldNumber)}），跳过`,
      receiptNumber: carried.get(c.oldNumber)!,
    }));
  // A case counts in its receipt year's figures: a year whose report is submitted or published holds them.
  const statuses = await reportStatusOf(
    agency.id,
    checked.cases.map((c) => Number(c.receivedOn.slice(0, 4))),
  );
  const errors = [...checked.errors];
  const fresh = checked.cases.filter((c) => {
    if (carried.has(c.oldNumber)) return false;
    const year = Number(c.receivedOn.slice(0, 4));
    const status = statuses.get(year);
    if (!status || !heldFigures.has(status)) return true;
    errors.push({
      row: c.row,
      field: 'receivedOn',
      message: `第 ${c.row} 行 收到申请日期：${year} 年度报告${reportStatuses[status]}，导入该年收到的申请会改变报告的统计数据，不能导入；请核实后联系县级政府信息公开工作主管部门`,
    });
    return false;
  });
  errors.sort((a, b) => a.row - b.row);
  const report = {
    dryRun: input.dryRun,
    checked: input.rows.length,
    valid: fresh.length,
    errors,
    skipped,
  };
  if (input.dryRun) return { ...report, imported: [], pending: [] };
  if (errors.length)
    throw badRequest(
      `有 ${new Set(errors.map((e) => e.row)).size} 行存在错误，本次未导入任何一行：${errors
        .slice(0, 5)
        .map((e) => e.message)
        .join('；')}${errors.length > 5 ? ' 等' : ''}`,
      errors.map((e) => ({ field: `rows.${e.row}.${e.field}`, message: e.message })),
    );
  const imported: {
    row: number;
    oldNumber: string;
    receiptNumber: string;
    queryCode: string;
    replyDue: string | null;
  }[] = [];
  const stopAt = Date.now() + timeLeft() * writingShare;
  const pending: number[] = [];
  for (const c of fresh) {
    if (Date.now() > stopAt) {
      pending.push(c.row);
      continue;
    }
    const year = Number(c.receivedOn.slice(0, 4));
    const receiptNumber = formatReceiptNumber(agency.code, year, await nextReceiptSequence(agency.id, year));
    const queryCode = deriveQueryCode(randomUUID(), newSalt());
    const salt = newSalt();
    const { status, clock, ...handling } = c.state;
    const application: StoredApplication = {
      receiptNumber,
      agencyId: agency.id,
      submittedAt: `${c.receivedOn}T00:00:00+08:00`,
      receiptDate: clock.receiptDate,
      receiptNote: `${formatDate(c.receivedOn)}收到${c.channel ? `（${c.channel}）` : ''}（原系统编号 ${c.oldNumber}，${formatDate(today, false)}迁入本平台）。`,
      status,
      applicant: c.applicant,
      request: c.request,
      delivery: c.delivery,
      uploads: [],
      version: c.events.length + 1,
      clock,
      handling,
      queryCodeHash: hashQueryCode(queryCode, salt),
      queryCodeHashSalt: salt,
    };
    const at = (day: string) => new Date(`${day}T01:00:00Z`).toISOString();
    const place = placement(calendar, caseStateOf(application));
    const events = [
      {
        at: at(c.receivedOn),
        type: 'submitted',
        text: `原系统登记的申请（原编号 ${c.oldNumber}）迁入本平台，受理编号 ${receiptNumber}。`,
        public: true,
      },
      ...c.events.map((e) => ({
        at: at(e.on),
        type: e.type,
        text: e.text,
        actor: e.actor,
        ...(e.actorName && { actorName: e.actorName }),
        public: e.type !== 'requestExtension',
      })),
    ];
    if (!(await recordCarriedOver(application, c.oldNumber, events, place))) {
      skipped.push({ row: c.row, message: `第 ${c.row} 行 已导入，跳过` });
      continue;
    }
    imported.push({
      row: c.row,
      oldNumber: c.oldNumber,
      receiptNumber,
      queryCode: formatQueryCode(queryCode),
      replyDue: place.queueDue ?? null,
    });
  }
  return { ...report, skipped, imported, pending };
}

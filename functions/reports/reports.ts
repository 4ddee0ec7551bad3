/**
 * 年度报告: compile an agency's year from its counters, let its staff fill in what the records cannot
 * give, check it, submit it to the county, and let the county's reviewer approve (publish) or return
 * it. Thin: the figures and the rules are `core/annual-report.ts`; storage is `store/reports.ts`.
 */
import {
  aggregateOfCells,
  checkReport,
  reportFormat,
  compileAnnualReport,
  draftOverview,
  emptyEntries,
  feeStatement,
  isCell,
  presentReport,
  reportDeadline,
  reportOverdue,
  reportedFigures,
  table3Columns,
  table3Rows,
  table4Columns,
  table4Groups,
  cellName,
  table2Cells,
  type AnnualReport,
  type CellRef,
  type ReportEntries,
} from '#core/annual-report.ts';
import { governs, reportAccess, standing } from '#core/access.ts';
import { beijingDateTime } from '#core/dates.ts';
import {
  IllegalReportStep,
  reportCan,
  reportStatuses,
  reportTransition,
  type ReportAction,
  type ReportContext,
  type ReportStatus,
} from '#core/report-lifecycle.ts';
import { archivedReportPage, reportPage } from '#core/pages/report.ts';
import type { StaffIdentity } from '#core/staff.ts';
import type { RenderTarget } from '#core/site-plan.ts';
import { badRequest, conflict, forbidden, HttpError, notFound, stale, staleAs, type FieldError } from '#lib/errors.ts';
import { queuedFor } from '#lib/route-schemas.ts';
import { agencyPage, getAgency, topAgency, type StoredAgency } from '#store/agencies.ts';
import { portalExpressions } from '#store/expressions.ts';
import { getSiteUrl } from '#store/site-config.ts';
import { siteContextFor } from '#core/agency.ts';
import {
  blankReport,
  getReport,
  getReportSums,
  getReportsOf,
  listReportEvents,
  type ReportEvent,
  saveReport,
  type StoredReport,
  removeArchivedReport,
  sumOwners,
} from '#store/reports.ts';
import { getStats, getStatsOf, listStats } from '#store/stats.ts';

const today = () => beijingDateTime(new Date()).date;
const staleReportMessage = '该年度报告已被他人更新，请刷新后重试。';
const staleReport = () => stale(staleReportMessage);

/** The agency's report as this member of staff stands towards it (`core/access.ts`); an agency they may not read is unknown. */
async function access(agencyId: string, staff: StaffIdentity) {
  const [agency, home] = await Promise.all([
    getAgency(agencyId),
    agencyId === staff.agencyId ? undefined : getAgency(staff.agencyId),
  ]);
  const can = agency && reportAccess(staff, standing(staff, agency, home), agency);
  if (!agency || !can?.read) throw notFound('未找到该机关。');
  return { agency, can };
}

const thisYear = () => Number(today().slice(0, 4));
const contextOf = (
  agency: StoredAgency,
  year: number,
  can: ReturnType<typeof reportAccess>,
  staff: StaffIdentity,
  stored: StoredReport | undefined,
): ReportContext => ({
  access: can,
  year,
  thisYear: thisYear(),
  agencyKind: agency.kind,
  actor: staff.username,
  ...(stored?.submitted && { submittedBy: stored.submitted.by }),
});

/** The site pages a report's publication (or its withdrawal) changes: its own, the column's list, the agency's sitemap part. */
const reportPages = (agencyId: string, year: number): RenderTarget[] => [
  { kind: 'report', agencyId, year },
  { kind: 'agencyPage', agencyId, page: 'reports' },
  { kind: 'sitemapReports', agencyId },
];

/** The step's outcome, or the refusal as the API answers it. */
function step(status: ReportStatus, action: ReportAction, context: ReportContext) {
  try {
    return reportTransition(status, action, context);
  } catch (error) {
    if (!(error instanceof IllegalReportStep)) throw error;
    if (error.reason === 'role') throw forbidden(error.message);
    if (error.reason === 'input') throw badRequest(error.message, [{ field: error.field!, message: error.message }]);
    throw conflict(error.message);
  }
}

const requireYear = (year: number) => {
  if (year < 2008 || year > Number(today().slice(0, 4)))
    throw badRequest('年度应在 2008 年至今之间', [{ field: 'year', message: '年度无效' }]);
};

/** The figures as they stand: published or submitted reports keep what was approved or sent; a draft is compiled afresh. */
async function compile(
  agency: StoredAgency,
  year: number,
  stored?: StoredReport,
): Promise<{ report: AnnualReport; previousCarriedOut?: Record<string, number | null> }> {
  if (stored?.published) return { report: stored.published.report };
  if (stored?.status === 'submitted' && stored.submitted) return { report: stored.submitted.report };
  const [counters, previous] = await Promise.all([listStats(agency.id), getReport(agency.id, year - 1)]);
  const report = compileAnnualReport(year, counters, stored?.entries ?? emptyEntries());
  // Until staff save their own, 一 is the draft of the year's figures the console's box holds: the
  // checks and the preview judge what staff see (its headings still to be written under).
  if (!report.sections.一.trim()) report.sections.一 = draftOverview(report, agency.name);
  // The cross-year rule compares with last year's report as published. Without one there is nothing
  // to compare: 上年结转 is derived from the same counters that would give last year's 结转下年度.
  const last = previous?.published?.report ?? previous?.archiveReport;
  return { report, ...(last && { previousCarriedOut: presentReport(last).table3.carriedOut }) };
}

const statusOf = (stored?: StoredReport): ReportStatus => stored?.status ?? 'draft';

export async function getAnnualReport(agencyId: string, year: number, staff: StaffIdentity) {
  requireYear(year);
  const { agency, can } = await access(agencyId, staff);
  const stored = await getReport(agency.id, year);
  const [{ report, previousCarriedOut }, events, expressions] = await Promise.all([
    compile(agency, year, stored),
    listReportEvents(agency.id, year),
    portalExpressions(),
  ]);
  const checks = stored?.archive
    ? { errors: [], warnings: [] }
    : checkReport(report, { previousCarriedOut, expressions });
  const status = statusOf(stored);
  return {
    agencyId: agency.id,
    agencyName: agency.name,
    agencyKind: agency.kind,
    year,
    status,
    statusLabel: reportStatuses[status],
    version: stored?.version ?? 0,
    deadline: reportDeadline(agency.kind, year),
    overdue: reportOverdue(agency.kind, status, year, today()),
    // Table 二's blocks as the format gives them (and which the platform compiles), so the console lays out its inputs from the same data.
    table2Layout: reportFormat.table2.map((t) => ({
      ...t,
      compiled: table2Cells.some((c) => c.item === t.item && c.compiled),
    })),
    report: presentReport(report),
    entries: stored?.entries ?? emptyEntries(),
    drafts: { 一: draftOverview(report, agency.name), 六: feeStatement(report.fees) },
    checks,
    can: {
      ...reportCan(status, contextOf(agency, year, can, staff, stored)),
      // A past year the platform has nothing of may be imported; an import may be withdrawn (county administrators).
      archive: can.archive && !stored && year < thisYear(),
      withdrawArchive: can.archive && stored?.status === 'archived',
    },
    ...(stored?.review && { review: stored.review }),
    ...(stored?.archive && { archive: stored.archive }),
    events,
  };
}

/** The report as its page will look (or looks, once published): what staff check and print before submitting. */
export async function previewAnnualReport(agencyId: string, year: number, staff: StaffIdentity) {
  requireYear(year);
  const { agency } = await access(agencyId, staff);
  const stored = await getReport(agency.id, year);
  const top = agency.parentId === null ? agency : await topAgency();
  const site = siteContextFor(top ? [top, agency] : [agency], agency.id, await getSiteUrl());
  if (stored?.archive) return { html: archivedReportPage(agency, year, stored.archive, site) };
  const { report } = await compile(agency, year, stored);
  return { html: reportPage(agency, report, stored?.published?.on ?? today(), site) };
}

/** Checks what staff entered before it is stored: cells that exist, figures that are figures. */
function checkEntries(input: Omit<ReportEntries, 'notApplicable'> & { notApplicable: string[] }): ReportEntries {
  const errors: FieldError[] = [];
  for (const [key, figure] of Object.entries(input.figures)) {
    const cell = table2Cells.find((c) => `${c.row}:${c.column}` === key);
    const field = `figures.${key}`;
    if (!cell) errors.push({ field, message: '表二中没有这一项' });
    else if (figure.value !== null && (figure.value < 0 || (!cell.decimal && !Number.isInteger(figure.value))))
      errors.push({ field, message: cell.decimal ? '应为不小于 0 的数（万元）' : '应为不小于 0 的整数' });
  }
  for (const [i, ref] of input.notApplicable.entries())
    if (!isCell(ref)) errors.push({ field: `notApplicable.${i}`, message: `“${ref}”不是报告中的单元格` });
  if (errors.length) throw badRequest('请检查填写的内容。', errors);
  return { ...input, notApplicable: [...new Set(input.notApplicable)] as CellRef[] };
}

export async function saveAnnualReport(
  agencyId: string,
  year: number,
  input: Omit<ReportEntries, 'notApplicable'> & { notApplicable: string[]; version: number },
  staff: StaffIdentity,
) {
  requireYear(year);
  const { agency, can } = await access(agencyId, staff);
  const stored = await getReport(agency.id, year);
  const { text } = step(statusOf(stored), { type: 'save' }, contextOf(agency, year, can, staff, stored));
  if ((stored?.version ?? 0) !== input.version) throw staleReport();
  const { version, ...entries } = input;
  const next: StoredReport = {
    ...(stored ?? blankReport(agency.id, year)),
    entries: checkEntries(entries),
    version: version + 1,
    updatedAt: new Date().toISOString(),
  };
  await write(agency, stored, next, version, { ...by(staff), type: 'save', text });
  return getAnnualReport(agencyId, year, staff);
}

export async function stepAnnualReport(
  agencyId: string,
  year: number,
  input: { version: number; action: Exclude<ReportAction, { type: 'save' }> },
  staff: StaffIdentity,
) {
  requireYear(year);
  const { agency, can } = await access(agencyId, staff);
  const stored = await getReport(agency.id, year);
  const { action } = input;
  const outcome = step(statusOf(stored), action, contextOf(agency, year, can, staff, stored));
  if ((stored?.version ?? 0) !== input.version) throw staleReport();
  const at = new Date().toISOString();
  const next: StoredReport = {
    ...(stored ?? blankReport(agency.id, year)),
    status: outcome.status,
    version: input.version + 1,
    updatedAt: at,
  };
  let render: RenderTarget[] | undefined;
  if (action.type === 'submit') {
    const { report, previousCarriedOut } = await compile(agency, year, stored);
    const { errors } = checkReport(report, { previousCarriedOut, expressions: await portalExpressions() });
    if (errors.length)
      throw new HttpError(
        422,
        `报告有 ${errors.length} 处未通过检查，请修改后再报送。`,
        errors.map((e) => ({ field: e.cell, message: e.message })),
        { code: 'checks-failed' },
      );
    next.submitted = { by: staff.username, at, report };
  } else if (action.type === 'approve') {
    next.review = { by: staff.username, on: today(), approved: true };
    next.published = { on: today(), report: stored!.submitted!.report };
    render = reportPages(agency.id, year);
  } else {
    next.review = { by: staff.username, on: today(), approved: false, comments: action.comments };
  }
  await write(agency, stored, next, input.version, { ...by(staff), type: action.type, text: outcome.text }, render);
  return { ...(await getAnnualReport(agencyId, year, staff)), ...(render && { site: queuedFor(render) }) };
}

/** Who acted, as the log keeps it: the username and the display name at the time. */
const by = (staff: StaffIdentity) => ({ actor: staff.username, ...(staff.name && { actorName: staff.name }) });

/** Stores the step, with what it changes in the sums of reports of the governments over the agency. */
async function write(
  agency: StoredAgency,
  before: StoredReport | undefined,
  next: StoredReport,
  expectedVersion: number,
  event: Omit<ReportEvent, 'at'>,
  render?: RenderTarget[],
) {
  await saveReport(next, expectedVersion, event, {
    render,
    sums: { owners: sumOwners(agency, governs(agency)), before },
  }).catch(staleAs(staleReportMessage));
}

export interface ArchiveInput {
  title: string;
  text: string;
  publishedOn: string;
  source: string;
  /** The old report's tables 二, 三, 四 as data, when it is in the 2021 format (the cross-year rule then compares with it). */
  tables?: Pick<AnnualReport, 'table2' | 'table3' | 'table4'>;
}

/** The old report's tables as a report of the format, checked by the format's own rules (every error named by cell). */
function archivedTables(year: number, tables: NonNullable<ArchiveInput['tables']>): AnnualReport {
  const report: AnnualReport = {
    ...compileAnnualReport(year, new Map(), emptyEntries()),
    table2: tables.table2,
    table3: tables.table3,
    table4: tables.table4,
  };
  const missing = [
    ...table3Rows.flatMap((r) =>
      table3Columns
        .filter((c) => typeof tables.table3[r.key]?.[c.key] !== 'number')
        .map((c) => `table3:${r.key}:${c.key}`),
    ),
    ...table4Groups.flatMap((g) =>
      table4Columns
        .filter((c) => typeof tables.table4[g.key]?.[c.key] !== 'number')
        .map((c) => `table4:${g.key}:${c.key}`),
    ),
  ] as CellRef[];
  if (missing.length)
    throw badRequest(
      `表格数据不完整：${missing.slice(0, 5).map(cellName).join('、')}${missing.length > 5 ? ` 等 ${missing.length} 格` : ''}未填写`,
      [
        {
          field: `tables.${missing[0]}`,
          message: `表格数据不完整，${missing.length} 格未填写（${missing.slice(0, 3).map(cellName).join('、')}${missing.length > 3 ? ' 等' : ''}）`,
        },
      ],
    );
  const { errors } = checkReport(report);
  // Only the consistency of the tables themselves: sources and sections are the old report's own.
  const own = errors.filter((e) => e.cell?.startsWith('table3') || e.cell?.startsWith('table4'));
  if (own.length)
    throw badRequest(
      `表格数据不符合年度报告的校验规则：${own
        .slice(0, 3)
        .map((e) => e.message)
        .join('；')}`,
      own.map((e) => ({ field: `tables.${e.cell}`, message: e.message })),
    );
  return report;
}

/** An earlier year's report, kept as the document it was (the column then lists every year). */
export async function importArchivedReport(agencyId: string, year: number, input: ArchiveInput, staff: StaffIdentity) {
  return storeArchivedReport(await checkArchivedReport(agencyId, year, input, staff), staff);
}

/**
 * Earlier years' reports in bulk: every report checked first (a dry run answers each one's errors by
 * its place and field); a real run writes them only when none has an error. A report already
 * archived under the same title is passed over, so the same call may be sent again.
 */
export async function importArchivedReports(
  input: { dryRun: boolean; reports: (ArchiveInput & { agencyId: string; year: number })[] },
  staff: StaffIdentity,
) {
  const errors: { row: number; field: string; message: string }[] = [];
  const skipped: { row: number; message: string }[] = [];
  const checked: Awaited<ReturnType<typeof checkArchivedReport>>[] = [];
  for (const [i, { agencyId, year, ...report }] of input.reports.entries()) {
    const row = i + 1;
    try {
      checked.push(await checkArchivedReport(agencyId, year, report, staff));
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      const existing = error.statusCode === 409 ? await getReport(agencyId, year) : undefined;
      if (existing?.archive?.title === report.title) {
        skipped.push({ row, message: `第 ${row} 份 ${year}年度报告已导入，跳过` });
        continue;
      }
      const fields = error.fields.length ? error.fields : [{ field: 'report', message: error.message }];
      for (const f of fields)
        errors.push({ row, field: f.field, message: `第 ${row} 份（${agencyId} ${year}年度）${f.message}` });
    }
  }
  const report = { dryRun: input.dryRun, checked: input.reports.length, valid: checked.length, errors, skipped };
  if (input.dryRun) return { ...report, imported: [] };
  if (errors.length)
    throw badRequest(
      `有 ${new Set(errors.map((e) => e.row)).size} 份报告存在错误，本次未导入任何一份：${errors
        .slice(0, 3)
        .map((e) => e.message)
        .join('；')}`,
      errors.map((e) => ({ field: `reports.${e.row}.${e.field}`, message: e.message })),
    );
  const imported = [];
  for (const one of checked) {
    const { site: _site, ...stored } = await storeArchivedReport(one, staff);
    imported.push({ ...stored, tables: Boolean(one.report) });
  }
  return { ...report, imported };
}

/** Everything an archived report's import checks, writing nothing (the bulk import's dry run). */
export async function checkArchivedReport(agencyId: string, year: number, input: ArchiveInput, staff: StaffIdentity) {
  requireYear(year);
  const { agency, can } = await access(agencyId, staff);
  if (!can.archive) throw forbidden('往年报告导入后即公开发布，只有县级管理员可以导入。');
  if (year >= thisYear())
    throw badRequest('请检查年度', [
      { field: 'year', message: '年度：只能导入往年的报告，本年度报告须在平台编制、报送、审核' },
    ]);
  const [stored, counters] = await Promise.all([getReport(agency.id, year), getStats(agency.id, year)]);
  if (stored) throw conflict(`${year}年度报告已存在（${reportStatuses[stored.status]}），不能导入。`, 'already-exists');
  if (Object.values(counters).some((n) => n > 0))
    throw conflict(
      `本平台已有${agency.name}${year}年度的办理记录，该年度报告应在平台编制、报送、审核，不能以往年报告导入。`,
      'already-exists',
    );
  if (input.publishedOn.slice(0, 4) < String(year))
    throw badRequest('请检查发布日期', [{ field: 'publishedOn', message: '发布日期应在报告年度之后' }]);
  const { tables, ...archive } = input;
  const report = tables ? archivedTables(year, tables) : undefined;
  return { agency, year, archive, report };
}

async function storeArchivedReport(
  { agency, year, archive, report }: Awaited<ReturnType<typeof checkArchivedReport>>,
  staff: StaffIdentity,
) {
  const input = archive;
  const next: StoredReport = {
    agencyId: agency.id,
    year,
    status: 'archived',
    entries: emptyEntries(),
    version: 1,
    updatedAt: new Date().toISOString(),
    archive,
    ...(report && { archiveReport: report }),
  };
  const render = reportPages(agency.id, year);
  await write(
    agency,
    undefined,
    next,
    0,
    { ...by(staff), type: 'archive', text: `导入往年报告：${input.title}（来源：${input.source}）。` },
    render,
  );
  return {
    agencyId: agency.id,
    year,
    status: next.status,
    statusLabel: reportStatuses[next.status],
    title: input.title,
    site: queuedFor(render),
  };
}

/** Rows of the overview a page holds: the government itself first, then a page of those under it. */
const overviewPage = 50;

/**
 * A government's view of a year, a page at a time: where each agency's report stands (itself first,
 * then those directly under it in portal order; overdue marked, the figures as submitted or, for a
 * draft, as the counters stand), and the sum of the reports submitted or published (its own and
 * theirs), kept in each step's transaction. One page of agencies, their reports and counters, and
 * the sum: the same reads however many agencies the portal has.
 */
export async function countyOverview(
  year: number,
  staff: StaffIdentity,
  page: { limit?: number; cursor?: string } = {},
) {
  requireYear(year);
  const home = await getAgency(staff.agencyId);
  if (!home || !governs(home)) throw forbidden('只有人民政府的政府信息公开工作主管部门可以查看所属机关的汇总。');
  const limit = page.limit ?? overviewPage;
  const first = !page.cursor;
  const [under, sums] = await Promise.all([
    first && limit === 1
      ? { items: [], next: null }
      : agencyPage({ parentId: home.id }, { limit: first ? limit - 1 : limit, cursor: page.cursor }),
    getReportSums(home.id, year),
  ]);
  const agencies = [...(first ? [home] : []), ...under.items];
  const [reports, counters] = await Promise.all([
    getReportsOf(
      agencies.map((a) => a.id),
      year,
    ),
    getStatsOf(
      agencies.map((a) => a.id),
      year,
    ),
  ]);
  const now = today();
  const rows = agencies.map((agency, i) => {
    const stored = reports[i];
    const status = statusOf(stored);
    // A report sent keeps what it sent; a draft (or one returned) shows the counters as they stand.
    const report =
      reportedFigures(stored) ?? compileAnnualReport(year, new Map([[year, counters[i]!]]), emptyEntries());
    return {
      agencyId: agency.id,
      agencyName: agency.name,
      agencyKind: agency.kind,
      status,
      statusLabel: reportStatuses[status],
      deadline: reportDeadline(agency.kind, year),
      overdue: reportOverdue(agency.kind, status, year, now),
      submittedAt: stored?.submitted?.at ?? null,
      publishedOn: stored?.published?.on ?? stored?.archive?.publishedOn ?? null,
      received: report.table3.received?.total ?? 0,
      handled: report.table3.handledTotal?.total ?? 0,
    };
  });
  const { aggregate, reports: reported } = aggregateOfCells(sums);
  return { year, agencyId: home.id, agencyName: home.name, agencies: rows, next: under.next, aggregate, reported };
}

/** 撤回: an imported report comes off the column (logged); the year may be imported again. */
export async function withdrawArchivedReport(agencyId: string, year: number, staff: StaffIdentity) {
  requireYear(year);
  const { agency, can } = await access(agencyId, staff);
  if (!can.archive) throw forbidden('只有县级管理员可以撤回导入的往年报告。');
  const stored = await getReport(agency.id, year);
  if (stored?.status !== 'archived') throw notFound(`${year}年度没有导入的往年报告。`);
  const render = reportPages(agency.id, year);
  await removeArchivedReport(
    stored,
    { ...by(staff), type: 'withdrawArchive', text: `撤回导入的往年报告：${stored.archive?.title ?? ''}。` },
    render,
    sumOwners(agency, governs(agency)),
  ).catch(staleAs(staleReportMessage));
  return { agencyId: agency.id, year, site: queuedFor(render) };
}

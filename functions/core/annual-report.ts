/**
 * 年度报告 (条例49–50) in the national format (国办公开办函〔2021〕30号, REGULATION.md §5): compiled
 * from the counters (`report-counts.ts`) and what staff enter, then checked by the format's own
 * consistency rules (勾稽关系). The format's tables and rules are data (`annual-report-2021.json`,
 * a copy of the shared domain file that a unit test keeps equal); table keys in the report are the
 * row and column keys of that file.
 */
import { type ExpressionChecker, shippedExpressions } from './expressions.ts';
import { expressionFindings, expressionLabel, expressionText } from './expression-review.ts';
import { privacyKinds, scanSegments, type PrivacyKind } from './privacy.ts';
import type { ApplicantColumn } from './application.ts';
import format from './annual-report-2021.json' with { type: 'json' };
import { type AgencyKind, isGovernment } from './agency.ts';
import { addDays, formatDate } from './dates.ts';
import { applicantColumns, carriedOver, inForce, type YearCounters } from './report-counts.ts';

export const reportFormat = format;
export type SectionKey = '一' | '五' | '六';

/**
 * A table taken from the format, marked free of side effects for the bundler: a bundle that imports
 * this module only for a deadline (the 自查 job, through store/reports.ts) leaves the tables and the
 * format's 5 KB out, as esbuild keeps any property read at a module's top level. The format's rules
 * are read in the check itself for the same reason.
 */
/* @__NO_SIDE_EFFECTS__ */
function fromFormat<T>(read: (f: typeof format) => T): T {
  return read(format);
}

/** Table 三: rows and columns by key, and the 21 leaf rows (三 (一)–(六)) between 二 and (七). */
export const table3Rows = fromFormat((f) => f.table3.rows);
export const table3Columns = fromFormat((f) => f.table3.columns);
export const outcomeRows = fromFormat((f) => f.table3.rows.filter((r) => r.group && !r.computed).map((r) => r.key));
export const table4Groups = fromFormat((f) => f.table4.groups);
export const table4Columns = fromFormat((f) => f.table4.columns);

/** Table 二's cells: (row, column) of each small table, and whether the platform compiles it. */
const documentRows: Record<string, string> = { 规章: 'regulations', 行政规范性文件: 'normativeDocuments' };
export const table2Cells = fromFormat((f) =>
  f.table2.flatMap((t) =>
    t.rows.flatMap((row) =>
      t.columns.map((column) => ({
        row,
        column,
        item: t.item,
        decimal: Boolean(t.decimal),
        unit: t.unit,
        compiled: row in documentRows,
      })),
    ),
  ),
);

/** A cell, as checks and staff name it: `table2:规章:本年制发件数`, `table3:withheld.stateSecret:natural`, `table4:reconsideration:total`. */
export type CellRef = `table${2 | 3 | 4}:${string}:${string}`;

export type Table = Record<string, Record<string, number | null>>;

/** What staff write into a year's report. */
export interface ReportEntries {
  sections: Record<SectionKey, string>;
  /** Table 二 figures from other systems (and any compiled figure staff correct), each with its source. */
  figures: Record<string, { value: number | null; source: string }>;
  /** Cells marked 不适用 (not the same as 0). */
  notApplicable: CellRef[];
}

export const emptyEntries = (): ReportEntries => ({
  sections: { 一: '', 五: '', 六: '' },
  figures: {},
  notApplicable: [],
});

/** The compiled report: every figure as the records and the staff's entries give it. */
export interface AnnualReport {
  year: number;
  format: string;
  sections: Record<SectionKey, string>;
  table2: Table;
  table3: Table;
  table4: Table;
  /** The source staff gave for each figure they entered, by cell. */
  sources: Record<string, string>;
  notApplicable: CellRef[];
  /** 六: fee notices sent in the year, the amounts they asked and the amounts paid (元). */
  fees: { notices: number; charged: number; collected: number };
  /** Items of 主动公开 published in the year (for the narrative of 一). */
  published: { total: number; late: number };
}

const figureKey = (row: string, column: string) => `${row}:${column}`;
const sum = (values: (number | null | undefined)[]) => values.reduce<number>((a, b) => a + (b ?? 0), 0);

/** Compiles year `year` from every year's counters (so the carry-over and 现行有效件数 follow) and the entries. */
export function compileAnnualReport(year: number, counters: YearCounters, entries: ReportEntries): AnnualReport {
  const y = counters.get(year) ?? {};

  const table2: Table = {};
  const sources: Record<string, string> = {};
  for (const cell of table2Cells) {
    const entered = entries.figures[figureKey(cell.row, cell.column)];
    let value: number | null = entered?.value ?? null;
    if (cell.compiled && !entered) {
      const row = documentRows[cell.row]!;
      value =
        cell.column === '本年制发件数'
          ? (y[`doc_${row}_issued`] ?? 0)
          : cell.column === '本年废止件数'
            ? (y[`doc_${row}_repealed`] ?? 0)
            : inForce(counters, year, row);
    }
    if (entered?.source) sources[`table2:${cell.row}:${cell.column}`] = entered.source;
    (table2[cell.row] ??= {})[cell.column] = value;
  }

  const carriedIn = carriedOver(counters, year - 1);
  const carriedOut = carriedOver(counters, year);
  const table3: Table = {};
  for (const row of table3Rows) {
    const cells: Record<string, number> = {};
    for (const column of applicantColumns) {
      cells[column] =
        row.key === 'received'
          ? (y[`received_${column}`] ?? 0)
          : row.key === 'carriedIn'
            ? carriedIn[column]
            : row.key === 'carriedOut'
              ? carriedOut[column]
              : row.key === 'handledTotal'
                ? sum(outcomeRows.map((r) => y[`ended_${r}_${column}`]))
                : (y[`ended_${row.key}_${column}`] ?? 0);
    }
    cells.total = sum(applicantColumns.map((c) => cells[c]));
    table3[row.key] = cells;
  }

  const table4: Table = {};
  for (const group of table4Groups) {
    const cells: Record<string, number> = {};
    for (const column of table4Columns)
      if (column.key !== 'total') cells[column.key] = y[`case_${group.key}_${column.key}`] ?? 0;
    cells.total = sum(Object.values(cells));
    table4[group.key] = cells;
  }

  return {
    year,
    format: format.format,
    sections: { ...entries.sections },
    table2,
    table3,
    table4,
    sources,
    notApplicable: [...entries.notApplicable],
    fees: { notices: y.fee_notices ?? 0, charged: (y.fee_charged ?? 0) / 100, collected: (y.fee_collected ?? 0) / 100 },
    published: { total: y.published_total ?? 0, late: y.published_late ?? 0 },
  };
}

/** The report as it is shown and published: cells marked 不适用 have no figure (null), not 0. */
export function presentReport(report: AnnualReport): AnnualReport {
  const shown = structuredClone(report);
  for (const ref of report.notApplicable) {
    const [table, row, column] = splitRef(ref);
    const cells = (shown[table] as Table)[row];
    if (cells && column in cells) cells[column] = null;
  }
  return shown;
}

const splitRef = (ref: CellRef) => {
  const [table, ...rest] = ref.split(':');
  const column = rest.pop()!;
  return [table as 'table2' | 'table3' | 'table4', rest.join(':'), column] as const;
};

/** Whether a reference names a cell of the format. */
export function isCell(ref: string): ref is CellRef {
  const [table, row, column] = splitRef(ref as CellRef);
  if (table === 'table2') return table2Cells.some((c) => c.row === row && c.column === column);
  if (table === 'table3') return table3Rows.some((r) => r.key === row) && table3Columns.some((c) => c.key === column);
  if (table === 'table4') return table4Groups.some((g) => g.key === row) && table4Columns.some((c) => c.key === column);
  return false;
}

/** A cell's name as the printed format gives it, e.g. 表三“（七）总计”行“自然人”列. */
export function cellName(ref: CellRef): string {
  const [table, row, column] = splitRef(ref);
  if (table === 'table2') return `表二“${row}”行“${column}”`;
  if (table === 'table3') {
    const r = table3Rows.find((x) => x.key === row);
    const c = table3Columns.find((x) => x.key === column);
    const rowName = r?.group && r.group !== '三、本年度办理结果' ? `${r.group}${r.label}` : r?.label;
    return `表三“${rowName ?? row}”行“${c?.group ? `${c.group}·` : ''}${c?.label ?? column}”列`;
  }
  const g = table4Groups.find((x) => x.key === row);
  return `表四“${g?.parent ? `${g.parent}·` : ''}${g?.label ?? row}”“${table4Columns.find((x) => x.key === column)?.label ?? column}”`;
}

export interface Violation {
  /** The rule broken, as `annual-report-2021.json` words it. */
  rule: string;
  cell: CellRef | `section:${SectionKey}`;
  message: string;
}

export interface CheckResult {
  /** Block submission. */
  errors: Violation[];
  /** Shown, not blocking (the cross-year rule). */
  warnings: Violation[];
}

/**
 * Every consistency rule of the format, on the report's figures (a cell marked 不适用 counts as
 * nothing, and must have nothing to count). `previousCarriedOut` is last year's 四 结转下年度 as its
 * published report gave it (or as the counters give it, when there is none).
 */
export function checkReport(
  report: AnnualReport,
  options: { previousCarriedOut?: Record<string, number | null>; expressions?: ExpressionChecker } = {},
): CheckResult {
  const [ruleColumn, ruleHandled, ruleRow, ruleTable4, ruleCrossYear, ruleCells] = format.rules as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const errors: Violation[] = [];
  const warnings: Violation[] = [];
  const na = new Set<string>(report.notApplicable);
  const value = (table: Table, t: string, row: string, column: string) =>
    na.has(`${t}:${row}:${column}`) ? 0 : (table[row]?.[column] ?? 0);
  const fail = (rule: string, cell: CellRef, message: string) =>
    errors.push({ rule, cell, message: `${cellName(cell)}：${message}` });

  // Every cell: a non-negative integer (万元 may have decimals); entered figures need their source; 不适用 must be empty.
  for (const cell of table2Cells) {
    const ref: CellRef = `table2:${cell.row}:${cell.column}`;
    const v = report.table2[cell.row]?.[cell.column];
    if (na.has(ref)) {
      if (cell.compiled && v) fail(ruleCells, ref, `已标为不适用，但本年记录中有 ${v} 件，请取消“不适用”标记。`);
      continue;
    }
    if (v === null || v === undefined) fail(ruleCells, ref, '请填写数字，或标为不适用。');
    else if (!(v >= 0) || (!cell.decimal && !Number.isInteger(v)))
      fail(ruleCells, ref, cell.decimal ? '应为不小于 0 的数（单位：万元，可有小数）。' : '应为不小于 0 的整数。');
    else if (cell.decimal && Math.round(v * 10000) !== v * 10000)
      fail(ruleCells, ref, '最多保留四位小数（单位：万元）。');
    else if (!cell.compiled && !report.sources[ref]?.trim())
      fail(ruleCells, ref, '请注明数据来源（如“县政务服务中心审批系统”）。');
  }
  for (const [t, table] of [
    ['table3', report.table3],
    ['table4', report.table4],
  ] as const) {
    for (const [row, cells] of Object.entries(table)) {
      for (const [column, v] of Object.entries(cells)) {
        const ref: CellRef = `${t}:${row}:${column}`;
        if (na.has(ref) && v) fail(ruleCells, ref, `已标为不适用，但本年记录中有 ${v} 件，请取消“不适用”标记。`);
        else if (!na.has(ref) && (v === null || !Number.isInteger(v) || v < 0))
          fail(ruleCells, ref, `应为不小于 0 的整数，记录得出 ${v}，请运行重新统计核对计数。`);
      }
    }
  }

  const t3 = (row: string, column: string) => value(report.table3, 'table3', row, column);
  for (const column of [...applicantColumns, 'total']) {
    const handled = sum(outcomeRows.map((r) => t3(r, column)));
    if (t3('handledTotal', column) !== handled)
      fail(
        ruleHandled,
        `table3:handledTotal:${column}`,
        `应等于 21 项办理结果之和 ${handled}，现为 ${t3('handledTotal', column)}。`,
      );
    const left = t3('received', column) + t3('carriedIn', column);
    const right = t3('handledTotal', column) + t3('carriedOut', column);
    if (left !== right)
      fail(
        ruleColumn,
        `table3:carriedOut:${column}`,
        `第一项加第二项之和（${left}）应等于第三项加第四项之和（${right}）。`,
      );
  }
  for (const row of table3Rows) {
    const total = sum(applicantColumns.map((c: ApplicantColumn) => t3(row.key, c)));
    if (t3(row.key, 'total') !== total)
      fail(ruleRow, `table3:${row.key}:total`, `总计应等于六类申请人之和 ${total}，现为 ${t3(row.key, 'total')}。`);
  }
  for (const group of table4Groups) {
    const t4 = (column: string) => value(report.table4, 'table4', group.key, column);
    const total = sum(['upheld', 'corrected', 'other', 'pending'].map(t4));
    if (t4('total') !== total)
      fail(
        ruleTable4,
        `table4:${group.key}:total`,
        `总计应等于结果维持、结果纠正、其他结果、尚未审结之和 ${total}，现为 ${t4('total')}。`,
      );
  }

  if (options.previousCarriedOut) {
    for (const column of [...applicantColumns, 'total']) {
      const last = options.previousCarriedOut[column];
      if (last === null || last === undefined || last === t3('carriedIn', column)) continue;
      const cell: CellRef = `table3:carriedIn:${column}`;
      warnings.push({
        rule: ruleCrossYear,
        cell,
        message: `${cellName(cell)}：为 ${t3('carriedIn', column)}，上年度报告“结转下年度继续办理”为 ${last}，请核实。`,
      });
    }
  }

  for (const key of ['一', '五'] as const) {
    const title = format.sections.find((s) => s.startsWith(key))!;
    for (const gap of sectionGaps(report.sections[key]))
      errors.push({ rule: title, cell: `section:${key}`, message: `${title}：${gap}。` });
  }
  // 个人信息检查: the national format has no place for a person's identity, phone or card number.
  for (const key of Object.keys(report.sections) as SectionKey[]) {
    const title = format.sections.find((s) => s.startsWith(key)) ?? key;
    for (const finding of scanSegments([{ where: { field: 'report', section: title }, text: report.sections[key] }]))
      errors.push({
        rule: '个人信息检查',
        cell: `section:${key}`,
        message: `${title}：含有${privacyKinds[finding.kind as PrivacyKind]}${finding.name ? `（${finding.name}）` : ''}（${finding.excerpt}），年度报告不应公开个人信息，请删除。`,
      });
  }
  // 表述检查: a 严重表述错误 holds submission (as in any publication, one fails the site's inspection);
  // a lesser wording is shown. A form the county judges right is its dictionary's exception.
  for (const key of Object.keys(report.sections) as SectionKey[]) {
    const title = format.sections.find((s) => s.startsWith(key)) ?? key;
    const segments = [{ where: { field: 'report' as const, section: title }, text: report.sections[key] }];
    for (const { expression: detail, excerpt } of expressionFindings(
      segments,
      options.expressions ?? shippedExpressions,
    )) {
      const serious = detail!.severity === 'serious';
      (serious ? errors : warnings).push({
        rule: '表述检查',
        cell: `section:${key}`,
        message: `${title}：${expressionLabel(detail!)} ${expressionText(detail!)}（${excerpt}）${serious ? '，请改正；如确属正确用法，请本级人民政府管理员在表述检查词库中列为例外' : '，请核对'}。`,
      });
    }
  }
  return { errors, warnings };
}

/** 一、总体情况 drafted from the year's figures, for staff to complete. */
export function draftOverview(report: AnnualReport, agencyName: string): string {
  const t3 = report.table3;
  return [
    `${report.year}年，${agencyName}认真贯彻落实《中华人民共和国政府信息公开条例》，现将本年度政府信息公开工作情况报告如下。`,
    `（一）主动公开。全年主动公开政府信息 ${report.published.total} 条${report.published.late ? `，其中 ${report.published.late} 条超过条例第二十六条规定的 20 个工作日发布` : ''}。`,
    `（二）依申请公开。全年新收政府信息公开申请 ${t3.received?.total ?? 0} 件，上年结转 ${t3.carriedIn?.total ?? 0} 件，办结 ${t3.handledTotal?.total ?? 0} 件，结转下年度继续办理 ${t3.carriedOut?.total ?? 0} 件。`,
    ...draftHeadings,
  ].join('\n');
}

/** The headings the draft leaves for staff to write under: one left as it stands is a gap, not content. */
export const draftHeadings = ['（三）政府信息管理。', '（四）政府信息公开平台建设。', '（五）监督保障。'];
/** Fewer characters than this (spaces aside) is not yet a section. */
export const sectionMinimum = 10;

/** What a required section still lacks: nothing written, a heading of the draft with nothing under it, or too little. */
export function sectionGaps(text: string): string[] {
  const lines = text.split('\n').map((l) => l.trim());
  if (!lines.join('')) return ['请填写'];
  const gaps = draftHeadings
    .filter((heading) => lines.includes(heading))
    .map((heading) => `${heading.replace(/。$/, '')}尚无内容，请在该标题后写明本年度的情况`);
  const chars = text.replace(/\s/g, '').length;
  if (!gaps.length && chars < sectionMinimum) gaps.push(`内容过短（${chars} 字），请写明本年度的实际情况`);
  return gaps;
}

/** What 六 must state (REGULATION.md §5): the fee notices sent, their amounts and what was collected. */
export const feeStatement = (fees: AnnualReport['fees']) =>
  fees.notices
    ? `本年度发出收费通知 ${fees.notices} 件，通知收费金额合计 ${fees.charged.toFixed(2)} 元，实际收取 ${fees.collected.toFixed(2)} 元（依据国办函〔2020〕109号）。`
    : '本年度未发出收费通知，未收取信息处理费。';

/**
 * When a year's report is due (条例49–50): departments and towns submit to their government by 31
 * January; a government (county, city, province) publishes its own by 31 March.
 */
export const reportDeadline = (kind: AgencyKind, year: number) =>
  isGovernment(kind) ? `${year + 1}-03-31` : `${year + 1}-01-31`;
/** Whether an agency's report has met its duty: submitted (a department or town), or published (a government). */
export const reportDone = (kind: AgencyKind, status: string) =>
  isGovernment(kind) ? status === 'published' || status === 'archived' : status !== 'draft' && status !== 'returned';
/** Whether the report is past its deadline with its duty not met (编制中 or 已退回 after 31 January: 已逾期). */
export const reportOverdue = (kind: AgencyKind, status: string, year: number, today: string) =>
  !reportDone(kind, status) && today > reportDeadline(kind, year);

/** The sweep reminds of an outstanding report from this many days before its deadline, and once in the month after it. */
export const reminderDays = 14;

/**
 * What the daily sweep should say today about an agency's report for last year, if anything: `soon`
 * within 14 days of the deadline, `overdue` after it; each once (`reminded` holds what was said).
 * Towns and departments are done once they have submitted; the county once it has published.
 */
export function reportReminder(
  agency: { name: string; kind: AgencyKind },
  report: { status: string; reminded?: string[] } | undefined,
  today: string,
): { key: string; subject: string; text: string } | undefined {
  const year = Number(today.slice(0, 4)) - 1;
  const deadline = reportDeadline(agency.kind, year);
  const status = report?.status ?? 'draft';
  const done = reportDone(agency.kind, status);
  // From 14 days before the deadline to 30 days after it: later, the county's overview shows it overdue.
  if (done || today < addDays(deadline, -reminderDays) || today > addDays(deadline, 30)) return undefined;
  const kind = today <= deadline ? 'soon' : 'overdue';
  const key = `${kind}:${deadline}`;
  if (report?.reminded?.includes(key)) return undefined;
  const duty = isGovernment(agency.kind)
    ? `应于${formatDate(deadline, false)}前向社会公布（条例第五十条）`
    : `应于${formatDate(deadline, false)}前报送县人民政府政府信息公开工作主管部门并向社会公布（条例第四十九条）`;
  const subject = `${kind === 'soon' ? '提醒' : '逾期'}：${agency.name}${year}年政府信息公开工作年度报告`;
  return {
    key,
    subject,
    text: `${agency.name}：本机关${year}年政府信息公开工作年度报告${duty}，${kind === 'soon' ? '请抓紧编制、报送' : '现已逾期，请尽快报送'}。请登录政府信息公开工作平台“年度报告”办理。`,
  };
}

/**
 * The next day after `today` on which the sweep may have a reminder for an agency of this kind: the
 * first day of a 14-day run-up to a deadline, or the day after a deadline. Between those days
 * `reportReminder` has nothing new to say, so the sweep's agenda holds each agency until then.
 */
export function nextReminderCheck(kind: AgencyKind, today: string): string {
  const year = Number(today.slice(0, 4));
  const days = [year - 1, year].flatMap((y) => {
    const deadline = reportDeadline(kind, y);
    return [addDays(deadline, -reminderDays), addDays(deadline, 1)];
  });
  return days.filter((day) => day > today).sort()[0]!;
}

/** Adds up the reports of several agencies (the county's overview); cells with no figure add nothing. */
export function aggregateReports(reports: AnnualReport[]): Pick<AnnualReport, 'table2' | 'table3' | 'table4' | 'fees'> {
  const add = (tables: Table[]) => {
    const out: Table = {};
    for (const table of tables) {
      for (const [row, cells] of Object.entries(table)) {
        for (const [column, v] of Object.entries(cells)) {
          const r = (out[row] ??= {});
          r[column] = Math.round(((r[column] ?? 0) + (v ?? 0)) * 10000) / 10000;
        }
      }
    }
    return out;
  };
  const shown = reports.map(presentReport);
  return {
    table2: add(shown.map((r) => r.table2)),
    table3: add(shown.map((r) => r.table3)),
    table4: add(shown.map((r) => r.table4)),
    fees: {
      notices: sum(reports.map((r) => r.fees.notices)),
      charged: sum(reports.map((r) => r.fees.charged)),
      collected: sum(reports.map((r) => r.fees.collected)),
    },
  };
}

/** The tables an overview adds up. */
export type ReportAggregate = ReturnType<typeof aggregateReports>;

/**
 * The figures a year's report adds to its government's overview: what was submitted, approved or
 * kept as data from an earlier format; a draft, or a report returned for changes, adds none.
 */
export function reportedFigures(
  stored:
    | {
        status: string;
        submitted?: { report: AnnualReport };
        published?: { report: AnnualReport };
        archiveReport?: AnnualReport;
      }
    | undefined,
): AnnualReport | undefined {
  if (stored?.status === 'published') return stored.published?.report;
  if (stored?.status === 'submitted') return stored.submitted?.report;
  if (stored?.status === 'archived') return stored.archiveReport;
  return undefined;
}

const cellSeparator = '|';
/** A cell of the aggregate as one name: `table3|received|total`, `fees||collected`; `reports||count` counts the reports. */
export const reportCount = 'reports||count';

/** A report's figures cell by cell (those not zero), and one for its count: what it adds to an overview's sum. */
export function figureCells(report: AnnualReport | undefined): Record<string, number> {
  if (!report) return {};
  const cells: Record<string, number> = { [reportCount]: 1 };
  const shown = aggregateReports([report]);
  for (const table of ['table2', 'table3', 'table4'] as const)
    for (const [row, columns] of Object.entries(shown[table]))
      for (const [column, value] of Object.entries(columns))
        if (value) cells[[table, row, column].join(cellSeparator)] = value;
  for (const [name, value] of Object.entries(shown.fees))
    if (value) cells[['fees', '', name].join(cellSeparator)] = value;
  return cells;
}

/** What changes in an overview's sum when a report goes from `before` to `after`: cells not zero. */
export function figureChanges(
  before: AnnualReport | undefined,
  after: AnnualReport | undefined,
): Record<string, number> {
  const was = figureCells(before);
  const is = figureCells(after);
  const changes: Record<string, number> = {};
  for (const cell of new Set([...Object.keys(was), ...Object.keys(is)])) {
    const change = Math.round(((is[cell] ?? 0) - (was[cell] ?? 0)) * 10000) / 10000;
    if (change) changes[cell] = change;
  }
  return changes;
}

/** An overview's sum, kept cell by cell, as the tables `aggregateReports` gives (every cell of the format, 0 where nothing added). */
export function aggregateOfCells(cells: Record<string, number>): { aggregate: ReportAggregate; reports: number } {
  const aggregate = aggregateReports([compileAnnualReport(2021, new Map(), emptyEntries())]);
  for (const table of ['table2', 'table3', 'table4'] as const)
    for (const columns of Object.values(aggregate[table]))
      for (const column of Object.keys(columns)) columns[column] = 0;
  aggregate.fees = { notices: 0, charged: 0, collected: 0 };
  for (const [cell, value] of Object.entries(cells)) {
    const [table, row, column] = cell.split(cellSeparator) as [string, string, string];
    if (table === 'fees') aggregate.fees[column as keyof ReportAggregate['fees']] = value;
    else if (table === 'table2' || table === 'table3' || table === 'table4')
      (aggregate[table][row] ??= {})[column] = value;
  }
  return { aggregate, reports: cells[reportCount] ?? 0 };
}

/**
 * An earlier report saved from a web page (like the 2017 Lushuihe report): its title, its date and
 * its text, without the page's chrome (sign-in links, the 发布日期 and 点击数 line).
 */
export function archiveFromText(text: string): { title: string; publishedOn: string; text: string } {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trim());
  const dateLine = lines.findIndex((line) => /^发布日期\s*[:：]/.test(line));
  const title = lines.slice(0, dateLine < 0 ? lines.length : dateLine).find((line) => /年度报告$/.test(line)) ?? '';
  const publishedOn = (dateLine < 0 ? undefined : /(\d{4}-\d{2}-\d{2})/.exec(lines[dateLine]!)?.[1]) ?? '';
  return {
    title,
    publishedOn,
    text: lines
      .slice(dateLine + 1)
      .filter(Boolean)
      .join('\n'),
  };
}

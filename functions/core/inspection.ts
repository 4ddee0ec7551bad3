/**
 * 自查: the site inspected against the national checklist (政府网站与政务新媒体检查指标, 国办秘函
 * 〔2019〕19号; INSPECTION.md). Pure: the rules and their thresholds (as data, which the county's
 * administrator may change) and the checks of the records (columns by their newest item, the home
 * page); the checks of one rendered page are `inspection-page.ts`.
 * The job (`functions/jobs/inspection.ts`) reads only what changed since the last run and keeps
 * each page's findings, so a run's cost follows the changes, not the site's size.
 */
import { createHash } from 'node:crypto';
import { addDays, daysBetween, weekdayOf, type IsoDate } from './dates.ts';

export type Severity = 'veto' | 'deduct' | 'notice';
export const severityLabels: Record<Severity, string> = {
  veto: '单项否决',
  deduct: '扣分项',
  notice: '提示',
};

/** Every rule: what it is called, how serious, and what the office should do. */
export const inspectionRules = {
  homeStale: {
    label: '首页不更新',
    severity: 'veto',
    action: '在门户首页发布新的政府信息（首页显示最新发布的信息）。',
  },
  columnsStale: {
    label: '栏目不更新（达到单项否决标准）',
    severity: 'veto',
    action: '逐一更新下列不更新的栏目；确无信息的，按要求整合或说明。',
  },
  blankColumns: {
    label: '空白栏目（达到单项否决标准）',
    severity: 'veto',
    action: '为下列空白栏目发布信息，或在栏目中说明本机关无此类信息。',
  },
  channelDown: {
    label: '依申请公开渠道无法使用',
    severity: 'veto',
    action: '立即检查在线申请页面和受理服务，恢复后重新自查。',
  },
  staleColumn: { label: '栏目不更新', severity: 'deduct', action: '在该栏目发布新的信息。' },
  blankColumn: { label: '空白栏目', severity: 'deduct', action: '在该栏目发布信息，或说明本机关无此类信息。' },
  brokenLink: {
    label: '错链、断链',
    severity: 'deduct',
    action: '修订或撤销链接所在的信息，或恢复链接指向的页面。',
  },
  missingAttachment: {
    label: '附件无法下载',
    severity: 'deduct',
    action: '重新上传附件并修订该信息，或重建网站。',
  },
  missingMeta: {
    label: '网页缺少元数据',
    severity: 'deduct',
    action: '重建网站（网站设置 → 重建网站），使页面带有规范要求的元数据。',
  },
  missingValidity: {
    label: '规范性文件未标注有效性',
    severity: 'deduct',
    action: '修订该文件，标注“有效”或“已废止”。',
  },
  reportLate: {
    label: '年度报告未按期公开',
    severity: 'deduct',
    action: '编制并报送上一年度的政府信息公开工作年度报告（条例第四十九条、第五十条）。',
  },
  siteCodeMissing: {
    label: '未设置网站标识码',
    severity: 'deduct',
    action: '在网站设置中填写网站标识码（SiteIDCode），所有页面随之带上。',
  },
} as const satisfies Record<string, { label: string; severity: Severity; action: string }>;
export type InspectionRule = keyof typeof inspectionRules;

export interface Finding {
  rule: InspectionRule;
  severity: Severity;
  agencyId: string;
  /** The page's address on the site ('' for the site as a whole). */
  page: string;
  detail: string;
}

/** Column types as the indicators group them: updated within days, or never judged stale. */
export type ColumnType = 'dynamic' | 'notice' | 'regular' | 'static';
export const columnTypeLabels: Record<ColumnType, string> = {
  dynamic: '动态、要闻类',
  notice: '通知公告、政策文件类',
  regular: '其他应更新栏目',
  static: '不要求更新的栏目',
};

export interface InspectionThresholds {
  /** The home page's newest item older than this many days: 首页不更新. */
  homeDays: number;
  /** Days after which a column of each type counts as not updated. */
  staleDays: Record<Exclude<ColumnType, 'static'>, number>;
  /** How many stale columns of a type (or of any type) fail the site outright. */
  vetoStale: { dynamic: number; notice: number; any: number };
  /** How many blank columns fail the site outright. */
  vetoBlank: number;
  /** The type of each category's column (by slug) and of an agency's 全部信息 column (`all`). */
  columnTypes: Record<string, ColumnType>;
}

/** The indicators' thresholds as commonly stated (INSPECTION.md); the county's administrator may change them. */
export const defaultThresholds: InspectionThresholds = {
  homeDays: 14,
  staleDays: { dynamic: 14, notice: 183, regular: 365 },
  vetoStale: { dynamic: 5, notice: 5, any: 10 },
  vetoBlank: 5,
  columnTypes: {
    all: 'dynamic',
    regulations: 'notice',
    normative: 'notice',
    recruitment: 'notice',
    procurement: 'notice',
    emergency: 'notice',
    organisation: 'static',
  },
};
export const columnTypeOf = (thresholds: InspectionThresholds, slug: string): ColumnType =>
  thresholds.columnTypes[slug] ?? 'regular';

/** The problems with thresholds as typed, by field (Chinese). */
export function thresholdProblems(t: InspectionThresholds): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const days = (field: string, value: number) => {
    if (!Number.isInteger(value) || value < 1 || value > 3650)
      problems.push({ field, message: '应为 1 至 3650 之间的整数（天）' });
  };
  const count = (field: string, value: number) => {
    if (!Number.isInteger(value) || value < 1 || value > 1000)
      problems.push({ field, message: '应为 1 至 1000 之间的整数（个）' });
  };
  days('homeDays', t.homeDays);
  for (const [k, v] of Object.entries(t.staleDays)) days(`staleDays.${k}`, v);
  for (const [k, v] of Object.entries(t.vetoStale)) count(`vetoStale.${k}`, v);
  count('vetoBlank', t.vetoBlank);
  for (const [slug, type] of Object.entries(t.columnTypes))
    if (!(type in columnTypeLabels)) problems.push({ field: `columnTypes.${slug}`, message: '栏目类型无效' });
  return problems;
}

// --- The records -------------------------------------------------------------------------------

export interface ColumnState {
  agencyId: string;
  /** The category's slug, or `all` for the agency's 全部信息. */
  slug: string;
  name: string;
  page: string;
  /** The newest item's publication (or revision) date; none: the column is blank. */
  newest?: IsoDate;
}

/** Stale and blank columns, each a finding, and the veto findings when their counts reach the thresholds. */
export function columnFindings(
  columns: ColumnState[],
  thresholds: InspectionThresholds,
  today: IsoDate,
  countyId: string,
): Finding[] {
  const findings: Finding[] = [];
  const stale: Record<'dynamic' | 'notice' | 'any', string[]> = { dynamic: [], notice: [], any: [] };
  const blank: string[] = [];
  for (const column of columns) {
    const type = columnTypeOf(thresholds, column.slug);
    if (!column.newest) {
      blank.push(column.name);
      findings.push({
        rule: 'blankColumn',
        severity: 'deduct',
        agencyId: column.agencyId,
        page: column.page,
        detail: `${column.name}：栏目中没有信息`,
      });
      continue;
    }
    if (type === 'static') continue;
    const limit = thresholds.staleDays[type];
    const age = daysBetween(column.newest, today);
    if (age <= limit) continue;
    findings.push({
      rule: 'staleColumn',
      severity: 'deduct',
      agencyId: column.agencyId,
      page: column.page,
      detail: `${column.name}（${columnTypeLabels[type]}，应在 ${limit} 天内更新）：最近一条信息发布于 ${column.newest}，已 ${age} 天未更新`,
    });
    stale.any.push(column.name);
    if (type === 'dynamic' || type === 'notice') stale[type].push(column.name);
  }
  const veto = (rule: 'columnsStale' | 'blankColumns', detail: string) =>
    findings.push({ rule, severity: 'veto', agencyId: countyId, page: '', detail });
  if (stale.dynamic.length >= thresholds.vetoStale.dynamic)
    veto(
      'columnsStale',
      `${stale.dynamic.length} 个动态、要闻类栏目超过 ${thresholds.staleDays.dynamic} 天未更新（达到 ${thresholds.vetoStale.dynamic} 个即单项否决）`,
    );
  if (stale.notice.length >= thresholds.vetoStale.notice)
    veto(
      'columnsStale',
      `${stale.notice.length} 个通知公告、政策文件类栏目超过 ${thresholds.staleDays.notice} 天未更新（达到 ${thresholds.vetoStale.notice} 个即单项否决）`,
    );
  if (stale.any.length >= thresholds.vetoStale.any)
    veto(
      'columnsStale',
      `${stale.any.length} 个应更新的栏目未按期更新（达到 ${thresholds.vetoStale.any} 个即单项否决）`,
    );
  if (blank.length >= thresholds.vetoBlank)
    veto('blankColumns', `${blank.length} 个栏目没有信息（达到 ${thresholds.vetoBlank} 个即单项否决）`);
  return findings;
}

/** The portal's home: its newest item against the threshold. */
export function homeFinding(
  newest: IsoDate | undefined,
  thresholds: InspectionThresholds,
  today: IsoDate,
  countyId: string,
): Finding[] {
  if (newest && newest >= addDays(today, -thresholds.homeDays)) return [];
  return [
    {
      rule: 'homeStale',
      severity: 'veto',
      agencyId: countyId,
      page: '/',
      detail: newest ? `首页最近一条信息发布于 ${newest}，已超过 ${thresholds.homeDays} 天未更新` : '首页没有任何信息',
    },
  ];
}

/** Severity first (单项否决 at the top), then agency, rule and page. */
export const findingOrder = (a: Finding, b: Finding) => {
  const rank: Record<Severity, number> = { veto: 0, deduct: 1, notice: 2 };
  return (
    rank[a.severity] - rank[b.severity] ||
    a.agencyId.localeCompare(b.agencyId) ||
    a.rule.localeCompare(b.rule) ||
    a.page.localeCompare(b.page)
  );
};

/** The sweep starts a run each Monday; its job id is the day's, so a repeated sweep starts none twice. */
export const isInspectionDay = (today: IsoDate) => weekdayOf(today) === 1;
export const weeklyInspectionId = (today: IsoDate) =>
  createHash('sha256').update(`inspection:${today}`).digest('hex').slice(0, 16);

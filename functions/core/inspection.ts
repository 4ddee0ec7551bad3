/**
 * 自查: the site inspected against the national checklist (政府网站与政务新媒体检查指标, 国办秘函
 * 〔2019〕19号; INSPECTION.md). Pure: the rules and their thresholds (as data, which the county's
 * administrator may change) and the checks of the records (columns by their newest item, the home
 * page); the checks of one rendered page are `inspection-page.ts`.
 * The job (`functions/jobs/inspection.ts`) reads only what changed since the last run and keeps
 * each page's findings, so a run's cost follows the changes, not the site's size.
 */
import { createHash } from 'node:crypto';
import type { SiteIdentity } from './agency.ts';
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
  externalLinkWrong: {
    label: '错链（外部链接）',
    severity: 'deduct',
    action: '核实链接地址，修订链接所在的信息：改为正确的地址，或删除该链接。',
  },
  externalLinkBroken: {
    label: '断链（外部链接）',
    severity: 'deduct',
    action: '链接指向的网站连续两次检查无法访问：联系对方网站或改用可访问的地址，修订链接所在的信息。',
  },
  missingAttachment: {
    label: '附件无法下载',
    severity: 'deduct',
    action: '重新上传附件并修订该信息，或重建网站。',
  },
  missingMeta: {
    label: '网页缺少元数据',
    severity: 'deduct',
    action: '重建网站（机构管理页面的“重新生成网站”），使页面带有规范要求的元数据。',
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
  seriousExpression: {
    label: '严重表述错误',
    severity: 'veto',
    action: '立即修订该信息，改正领导人姓名职务、重要提法或政治性表述（修订后页面随之更新）。',
  },
  expressionWarning: {
    label: '错敏词、错别字',
    severity: 'notice',
    action: '核对并修订该信息中的用词（已更名机构的名称、公文常见错别字等）。',
  },
  siteUnavailable: {
    label: '站点无法访问',
    severity: 'veto',
    action:
      '检查网站的发布和分发（CloudFront、存储桶），排除故障；平台每 30 分钟检查一次首页，连续一周达标后不再提示。',
  },
  footerMissing: {
    label: '页脚要素缺失',
    severity: 'deduct',
    action:
      '在“机构管理”中打开本级人民政府，于“网站信息”填写主办单位、网站标识码、ICP备案号和公安机关备案号后保存，所有页面的页脚随之更新。',
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
  agencyName: string;
  /** The category's slug, or `all` for the agency's 全部信息. */
  slug: string;
  /** The column's own name (规划信息); the agency is named beside the finding, not in it. */
  name: string;
  page: string;
  /** The newest item's publication (or revision) date; none: the column is blank. */
  newest?: IsoDate;
}

/**
 * The stale and blank columns an agency adds to the portal's counts, each named with its agency
 * (`露水河镇人民政府“规划信息”`): the counts decide the vetoes, kept as running totals across agencies.
 */
export interface ColumnTally {
  dynamic: string[];
  notice: string[];
  any: string[];
  blank: string[];
}
export const tallyKinds = ['dynamic', 'notice', 'any', 'blank'] as const;
export const emptyTally = (): ColumnTally => ({ dynamic: [], notice: [], any: [], blank: [] });

/**
 * One agency's columns (or any list of columns) judged: a finding for each stale or blank column,
 * what they add to the portal's tally, and the first day on which one not yet stale will be (when the
 * judgement changes with nothing published).
 */
export function judgeColumns(
  columns: ColumnState[],
  thresholds: InspectionThresholds,
  today: IsoDate,
): { findings: Finding[]; tally: ColumnTally; due?: IsoDate } {
  const findings: Finding[] = [];
  const tally = emptyTally();
  let due: IsoDate | undefined;
  for (const column of columns) {
    const type = columnTypeOf(thresholds, column.slug);
    const named = `${column.agencyName}“${column.name}”`;
    if (!column.newest) {
      tally.blank.push(named);
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
    if (age <= limit) {
      const stale = addDays(column.newest, limit + 1);
      if (!due || stale < due) due = stale;
      continue;
    }
    findings.push({
      rule: 'staleColumn',
      severity: 'deduct',
      agencyId: column.agencyId,
      page: column.page,
      detail: `${column.name}（${columnTypeLabels[type]}，应在 ${limit} 天内更新）：最近一条信息发布于 ${column.newest}，已 ${age} 天未更新`,
    });
    tally.any.push(named);
    if (type === 'dynamic' || type === 'notice') tally[type].push(named);
  }
  return { findings, tally, ...(due && { due }) };
}

/**
 * A stale column's finding as of another day than it was judged on: the days since its newest item
 * counted to `day` (a kept finding is not written again each day only because a day has passed).
 */
export function agedFinding(finding: Finding, day: IsoDate): Finding {
  if (finding.rule !== 'staleColumn') return finding;
  const newest = /最近一条信息发布于 (\d{4}-\d\d-\d\d)，已 \d+ 天未更新$/.exec(finding.detail)?.[1];
  return newest
    ? { ...finding, detail: finding.detail.replace(/已 \d+ 天未更新$/, `已 ${daysBetween(newest, day)} 天未更新`) }
    : finding;
}

/**
 * The vetoes of the portal's stale and blank columns, from their counts (running totals kept as
 * agencies' findings change) and the first of their names (at most ten are named).
 */
export function columnVetoes(
  counts: Record<keyof ColumnTally, number>,
  names: ColumnTally,
  thresholds: InspectionThresholds,
  countyId: string,
): Finding[] {
  const findings: Finding[] = [];
  // The columns it counts, each with its agency (the first ten; the rest are the agencies' own findings).
  const which = (kind: keyof ColumnTally) =>
    `：${names[kind].slice(0, 10).join('、')}${counts[kind] > Math.min(10, names[kind].length) ? ' 等' : ''}`;
  const veto = (rule: 'columnsStale' | 'blankColumns', detail: string, kind: keyof ColumnTally) =>
    findings.push({ rule, severity: 'veto', agencyId: countyId, page: '', detail: detail + which(kind) });
  if (counts.dynamic >= thresholds.vetoStale.dynamic)
    veto(
      'columnsStale',
      `${counts.dynamic} 个动态、要闻类栏目超过 ${thresholds.staleDays.dynamic} 天未更新（达到 ${thresholds.vetoStale.dynamic} 个即单项否决）`,
      'dynamic',
    );
  if (counts.notice >= thresholds.vetoStale.notice)
    veto(
      'columnsStale',
      `${counts.notice} 个通知公告、政策文件类栏目超过 ${thresholds.staleDays.notice} 天未更新（达到 ${thresholds.vetoStale.notice} 个即单项否决）`,
      'notice',
    );
  if (counts.any >= thresholds.vetoStale.any)
    veto(
      'columnsStale',
      `${counts.any} 个应更新的栏目未按期更新（达到 ${thresholds.vetoStale.any} 个即单项否决）`,
      'any',
    );
  if (counts.blank >= thresholds.vetoBlank)
    veto('blankColumns', `${counts.blank} 个栏目没有信息（达到 ${thresholds.vetoBlank} 个即单项否决）`, 'blank');
  return findings;
}

/** Stale and blank columns, each a finding, and the veto findings when their counts reach the thresholds. */
export function columnFindings(
  columns: ColumnState[],
  thresholds: InspectionThresholds,
  today: IsoDate,
  countyId: string,
): Finding[] {
  const { findings, tally } = judgeColumns(columns, thresholds, today);
  const counts = Object.fromEntries(tallyKinds.map((k) => [k, tally[k].length])) as Record<keyof ColumnTally, number>;
  return [...findings, ...columnVetoes(counts, tally, thresholds, countyId)];
}

/**
 * The footer's elements (政府网站发展指引, 国办发〔2017〕47号): 主办单位, 网站标识码 (also every page's
 * SiteIDCode and the link 我为政府网站找错), ICP 备案 and 公安备案; the site map and 联系我们 are always
 * there. Each one missing is a finding against the portal's government, whose settings hold them.
 */
export function footerFindings(identity: Partial<SiteIdentity>, county: { id: string; name: string }): Finding[] {
  const missing: [keyof SiteIdentity, string, string][] = [
    ['sponsor', '主办单位', '页脚缺少主办单位'],
    [
      'siteCode',
      '网站标识码',
      '页脚缺少网站标识码：各页面缺少 SiteIDCode 元数据，页脚不显示网站标识码和“我为政府网站找错”',
    ],
    ['icp', 'ICP备案号', '页脚缺少ICP备案号'],
    ['police', '公安机关备案号', '页脚缺少公安机关备案号'],
  ];
  return missing
    .flatMap(([field, label, absent]) => {
      const value = identity[field]?.trim();
      if (!value) return [absent];
      // What a demo or a template leaves is not the county's own: marked 演示数据, or a 网站标识码 of
      // zeros, which no site is given.
      if (value.includes('演示数据') || (field === 'siteCode' && /^0+$/.test(value)))
        return [`页脚的${label}是演示数据（${value}），不是本级人民政府的实际信息`];
      return [];
    })
    .map((detail) => ({ rule: 'footerMissing', severity: 'deduct', agencyId: county.id, page: '', detail }));
}

/** One day of the platform's checks of its home page. */
export interface ProbeDay {
  day: IsoDate;
  checks: number;
  failed: number;
  slow: number;
}

/** The indicator: unreachable or slower than 15 s in 5% or more of the checks of a week (INSPECTION.md). */
export const availability = { slowMs: 15_000, share: 0.05 } as const;

/** The week's checks of the home page against the indicator: a veto when too many failed or were slow. */
export function availabilityFindings(week: ProbeDay[], countyId: string): Finding[] {
  const checks = week.reduce((n, d) => n + d.checks, 0);
  const bad = week.reduce((n, d) => n + d.failed + d.slow, 0);
  if (checks === 0 || bad / checks < availability.share) return [];
  const failed = week.reduce((n, d) => n + d.failed, 0);
  const percent = ((bad / checks) * 100).toFixed(1);
  return [
    {
      rule: 'siteUnavailable',
      severity: 'veto',
      agencyId: countyId,
      page: '/',
      detail: `近 7 天平台对首页检查 ${checks} 次，${failed} 次无法访问、${bad - failed} 次超过 15 秒，占 ${percent}%（达到 5% 即单项否决）`,
    },
  ];
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

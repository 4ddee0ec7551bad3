/**
 * 自查's records, an agency at a time: its columns by their newest item, last year's report and its
 * pages' findings judged against the day and the thresholds, capped and counted, written only when
 * they changed; the online channel as an applicant meets it; and the e-mail to an agency with
 * single-veto findings or a late report.
 */
import { createHash } from 'node:crypto';
import type { AgencyKind } from '#core/agency.ts';
import { reportDeadline } from '#core/annual-report.ts';
import { categoriesFor } from '#core/categories.ts';
import { addDays } from '#core/dates.ts';
import {
  findingOrder,
  inspectionRules,
  judgeColumns,
  severityLabels,
  type Finding,
  type InspectionThresholds,
} from '#core/inspection.ts';
import { agencyListing, categoryListing, paths, urlOf } from '#core/site-plan.ts';
import { transactWrite } from '#lib/dynamo.ts';
import { getAgencies, getAgency, type StoredAgency } from '#store/agencies.ts';
import {
  getAgencyRecords,
  getTotals,
  saveJudgements,
  type AgencyRecords,
  type Judgement,
  type SeverityCounts,
} from '#store/agency-judgements.ts';
import { newestEntries } from '#store/listings.ts';
import { outboxPut } from '#store/outbox.ts';
import { pagesWithFindings } from '#store/page-checks.ts';
import { getReport } from '#store/reports.ts';
import { listAgencyStaff } from '#store/staff.ts';

/** Findings of one rule and agency a run lists (the rest are counted). */
export const listedPerRule = 50;
/** Findings one agency's item lists at most (an item's size is bounded); the others counted. */
const listedPerItem = 600;

/** How far the records' part has got: the run's moment and day are fixed when it begins. */
export interface RecordsProgress {
  ranAt: string;
  today: string;
  /** Every agency judged again (a full run, other thresholds, an older format of records). */
  every: boolean;
  thresholdsVersion: number;
  /**
   * The changed agencies (`at`: how many done), those due (`at`: the last entry done), or every
   * agency (`at`: the page's cursor) and the records of agencies gone (`at`: the last id); then the
   * portal's government.
   */
  step: 'changed' | 'due' | 'every' | 'gone' | 'portal';
  at?: number | string;
  /** Agencies whose records were read again, judged, written; agencies e-mailed; time spent. */
  checked: number;
  judged: number;
  written: number;
  reminded: number;
  ms: number;
}

/** What a page of agencies is judged against: the run's day, thresholds, and its running counts. */
export interface Judging {
  year: number;
  today: string;
  ranAt: string;
  thresholds: InspectionThresholds & { version: number };
  records: RecordsProgress;
}

/**
 * One page of agencies judged and saved: each against its kept records (`fromKept`: those only due,
 * judged from them without reading their columns again, unless a new year's report is due), its
 * agency told of what is urgent, and the judgements that changed written with the totals moved.
 * Safe to repeat: a page judged again finds its own judgements kept and writes nothing.
 */
export async function judgePage(
  ids: string[],
  fromKept: boolean,
  { year, today, ranAt, thresholds, records }: Judging,
  read?: StoredAgency[],
): Promise<void> {
  if (!ids.length) return;
  const [kept, found] = await Promise.all([getAgencyRecords(ids), read ?? getAgencies(ids)]);
  const agencies = new Map(found.map((a) => [a.id, a]));
  const judged: Judged[] = [];
  for (const agencyId of ids) {
    const before = kept.get(agencyId);
    const agency = agencies.get(agencyId);
    if (!agency) {
      if (before) judged.push({ before, listed: [] });
      continue;
    }
    const keptOnly = fromKept && before?.columns && before.report.year === year;
    judged.push(await judgeAgency(agency, year, today, thresholds, before, ranAt, [], keptOnly ? before : undefined));
    if (!keptOnly) records.checked += 1;
    records.judged += 1;
  }
  records.reminded += await remind(judged, ranAt, today);
  const changed = judged.filter(differs);
  await saveJudgements(changed, await getTotals(), ranAt);
  records.written += changed.length;
}

export const differs = (j: Judged) =>
  !j.after || !j.before || JSON.stringify(comparable(j.after)) !== JSON.stringify(comparable(j.before));

/** An agency's new judgement: its records before and after, its findings' item when they changed, what it lists. */
export type Judged = Judgement & {
  listed: Finding[];
  /** What it was judged from (the portal's government is judged twice, read once). */
  read?: Pick<AgencyRecords, 'columns' | 'report'> & { pages: Finding[] };
};

/** What a kept record is compared by: not its revision, and its keys in one order (as read or as built). */
const comparable = ({ rev: _, ...rest }: Partial<AgencyRecords>) => canonical(rest);
const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([k, v]) => [k, canonical(v)]),
        )
      : value;

/**
 * One agency judged: its columns' newest items, last year's report and its pages with findings read
 * again, judged against today; its findings (with `extra`, the portal's own for its government)
 * capped and counted; the day its judgement next changes with nothing published (a column going
 * stale, the report's deadline passing, a new year); a new findings item only when they changed.
 * `read`: the records already read this run (the portal's government is judged twice).
 */
export async function judgeAgency(
  agency: StoredAgency,
  year: number,
  today: string,
  thresholds: InspectionThresholds,
  before: AgencyRecords | undefined,
  ranAt: string,
  extra: Finding[] = [],
  read?: Pick<AgencyRecords, 'columns' | 'report'> & { pages?: Finding[] },
): Promise<Judged> {
  const records = read ?? (await readRecords(agency, year));
  const pages = read?.pages ?? (await pageFindings(agency.id));
  const columns = judgeColumns(
    records.columns.map((c) => ({ ...c, agencyId: agency.id, agencyName: agency.name })),
    thresholds,
    today,
  );
  const own = [
    ...reportFindings({ agencyId: agency.id, kind: agency.kind, report: records.report }, today),
    ...columns.findings,
    ...pages,
    ...extra,
  ].sort(findingOrder);
  const { listed, omitted } = capped(own);
  const counts: SeverityCounts = {};
  const byRule: Partial<Record<string, number>> = {};
  for (const f of own) {
    counts[f.severity] = (counts[f.severity] ?? 0) + 1;
    byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
  }
  // Counted by rule, and by agency where another's (the dead links the portal's government holds).
  const kept = omitted.map(({ rule, agencyId, count }) => ({
    rule,
    count,
    ...(agencyId !== agency.id && { agencyId }),
  }));
  // A stale column's age is not part of what changed: it is counted again when the report is read.
  const digest = createHash('sha256')
    .update(JSON.stringify([listed.map((f) => [f.rule, f.agencyId, f.page, unaged(f.detail)]), kept]))
    .digest('hex')
    .slice(0, 16);
  const deadline = reportDeadline(agency.kind, records.report.year);
  const dues = [
    columns.due,
    !records.report.done && today <= deadline ? addDays(deadline, 1) : undefined,
    `${records.report.year + 2}-01-01`,
  ].filter((d): d is string => Boolean(d));
  const same = before?.digest === digest;
  // The item that held its findings before this run's (a page judged twice keeps the first's).
  const findingsBefore = same
    ? before.findingsBefore
    : before?.findingsAt === ranAt
      ? before.findingsBefore
      : before?.findingsAt;
  const after: Omit<AgencyRecords, 'rev'> = {
    agencyId: agency.id,
    name: agency.name,
    kind: agency.kind,
    order: agency.order,
    ...(agency.parentId && { parentId: agency.parentId }),
    columns: records.columns,
    report: records.report,
    counts,
    byRule,
    tally: columns.tally,
    digest,
    findingsAt: same ? before!.findingsAt : ranAt,
    ...(findingsBefore && { findingsBefore }),
    due: dues.sort()[0]!,
    ...(before?.told && { told: before.told }),
  };
  return {
    ...(before && { before }),
    after,
    ...(!same && { findings: { agencyId: agency.id, since: ranAt, findings: listed, omitted: kept, counts } }),
    listed,
    read: { ...records, pages },
  };
}

const unaged = (detail: string) => detail.replace(/，已 \d+ 天未更新$/, '');

/** One agency's columns by their newest item, and whether last year's report is published. */
async function readRecords(agency: StoredAgency, year: number): Promise<Pick<AgencyRecords, 'columns' | 'report'>> {
  const newestOf = async (listing: Parameters<typeof newestEntries>[0]) => {
    const [entry] = await newestEntries(listing, 1);
    return entry
      ? entry.revisedOn && entry.revisedOn > entry.publishedOn
        ? entry.revisedOn
        : entry.publishedOn
      : undefined;
  };
  const column = async (slug: string, name: string, listing: Parameters<typeof newestEntries>[0]) => {
    const newest = await newestOf(listing);
    return { slug, name, page: urlOf(paths.listingHead(listing)), ...(newest && { newest }) };
  };
  const columns = [await column('all', '全部信息', agencyListing(agency.id))];
  for (const category of categoriesFor(agency.kind))
    columns.push(await column(category.slug, category.name, categoryListing(agency.id, category.slug)));
  const report = await getReport(agency.id, year);
  return { columns, report: { year, done: Boolean(report?.published || report?.archive) } };
}

/** An agency's pages' findings, as their last checks kept them. */
async function pageFindings(agencyId: string): Promise<Finding[]> {
  const pages: Finding[] = [];
  for (const page of await pagesWithFindings(agencyId))
    for (const finding of page.findings) pages.push({ ...finding, agencyId: page.agencyId, page: urlOf(page.key) });
  return pages;
}

/** Last year's report, once its deadline has passed: published (or archived), or a finding. */
function reportFindings(
  record: { agencyId: string; kind: AgencyKind; report: AgencyRecords['report'] },
  today: string,
): Finding[] {
  const deadline = reportDeadline(record.kind, record.report.year);
  if (today <= deadline || record.report.done) return [];
  return [
    {
      rule: 'reportLate',
      severity: 'deduct',
      agencyId: record.agencyId,
      page: urlOf(paths.agencyPage(record.agencyId, 'reports')),
      detail: `${record.report.year} 年度报告应于 ${deadline} 前公开，至今未公开`,
    },
  ];
}

/**
 * The online channel as an applicant meets it: the form page and the form's token (which a
 * submission needs). Neither creates an application.
 */
export async function channelFindings(siteUrl: string, countyId: string): Promise<Finding[]> {
  if (!siteUrl) return [];
  const problem = async (path: string, ok: (body: string) => boolean) => {
    try {
      const response = await fetch(`${siteUrl}${path}`, { signal: AbortSignal.timeout(15_000) });
      const body = await response.text();
      return response.ok && ok(body) ? undefined : `${path} 答复 ${response.status}`;
    } catch (error) {
      return `${path} 无法访问（${(error as Error).name}）`;
    }
  };
  const problems = (
    await Promise.all([
      problem('/apply', (body) => body.includes('<form')),
      problem('/api/form-token', (body) => body.includes('formToken')),
    ])
  ).filter(Boolean);
  return problems.length
    ? [
        {
          rule: 'channelDown',
          severity: 'veto',
          agencyId: countyId,
          page: '/apply',
          detail: `在线申请渠道检查未通过：${problems.join('；')}`,
        },
      ]
    : [];
}

/**
 * At most `listedPerRule` findings of each rule and agency, and `listedPerItem` in all (the portal's
 * government's item also holds the dead external links of every agency's pages); the others counted.
 */
function capped(findings: Finding[]) {
  const seen = new Map<string, number>();
  const unlisted = new Map<string, number>();
  const listed: Finding[] = [];
  for (const finding of findings) {
    const group = `${finding.rule}\u0000${finding.agencyId}`;
    const count = (seen.get(group) ?? 0) + 1;
    seen.set(group, count);
    if (count <= listedPerRule && listed.length < listedPerItem) listed.push(finding);
    else unlisted.set(group, (unlisted.get(group) ?? 0) + 1);
  }
  const omitted = [...unlisted].map(([group, count]) => {
    const [rule, agencyId] = group.split('\u0000') as [string, string];
    return { rule, agencyId, count };
  });
  return { listed, omitted };
}

/**
 * One e-mail per agency judged with single-veto findings or a late report, to each of its
 * administrators with an address (and its office's, where it has one), when these differ from those
 * it was last told of (a run with nothing new e-mails no one). Marks the judgements told; answers how
 * many agencies were e-mailed.
 */
export async function remind(judged: Judged[], ranAt: string, today: string): Promise<number> {
  let reminded = 0;
  for (const judgement of judged) {
    const record = judgement.after;
    if (!record) continue;
    const theirs = judgement.listed.filter((f) => f.severity === 'veto' || f.rule === 'reportLate');
    const digest = theirs.length
      ? createHash('sha256')
          .update(JSON.stringify(theirs.map((f) => [f.rule, f.page, unaged(f.detail)])))
          .digest('hex')
          .slice(0, 16)
      : undefined;
    if (digest === record.told) continue;
    const { told: _, ...rest } = record;
    judgement.after = { ...rest, ...(digest && { told: digest }) };
    if (!digest) continue;
    const agency = await getAgency(record.agencyId);
    if (!agency) continue;
    const admins = (await listAgencyStaff(agency.id)).filter(
      (m) => m.roles.includes('admin') && m.email && !m.disabled && !m.pending,
    );
    const to = [...new Set([...admins.map((m) => m.email!), ...(agency.letters?.email ? [agency.letters.email] : [])])];
    if (!to.length) continue;
    const subject = `网站自查：${agency.name}有 ${theirs.length} 项须尽快整改`;
    const text = [
      `${agency.name}：`,
      `${today} 的网站自查发现以下须尽快整改的问题：`,
      ...theirs.map(
        (f, i) =>
          `${i + 1}. 【${severityLabels[f.severity]}】${inspectionRules[f.rule].label}：${f.detail}。整改：${inspectionRules[f.rule].action}`,
      ),
      '完整的自查报告见工作人员平台“网站自查”。',
    ].join('\n');
    await transactWrite(
      to.map((address, i) =>
        outboxPut({
          agencyId: agency.id,
          receiptNumber: `INSPECT-${today}`,
          letterNumber: subject,
          version: i + 1,
          to: address,
          subject,
          text,
          at: ranAt,
          delivery: 'pending',
        }),
      ),
    );
    reminded += 1;
  }
  return reminded;
}

/**
 * 自查, a background job (weekly from the sweep, or when an administrator asks): the rendered site's
 * pages and the records, against the rules of `core/inspection.ts`. A run reads only the pages the
 * renderer's journal says were written since the last run, and the pages that linked to what it
 * removed; each page's findings are kept with it, so the report covers the whole site. A full run
 * (the first, or when asked) reads every page once. Then the records: columns by their newest item,
 * the home page, last year's annual reports, the online channel. Agencies with single-veto findings
 * or a late report are told by e-mail (their office's address, as the report reminders).
 */
import { GetObjectCommand, HeadObjectCommand, ListObjectsCommand } from '@aws-sdk/client-s3';
import { reportDeadline } from '#core/annual-report.ts';
import { categoriesFor } from '#core/categories.ts';
import { beijingDateTime } from '#core/dates.ts';
import { agencyOfKey, brokenLinkFinding, checkPage, isPageKey } from '#core/inspection-page.ts';
import {
  availabilityFindings,
  columnFindings,
  footerFindings,
  findingOrder,
  homeFinding,
  inspectionRules,
  severityLabels,
  type ColumnState,
  type Finding,
} from '#core/inspection.ts';
import { agencyListing, categoryListing, countyListing, paths, urlOf } from '#core/site-plan.ts';
import { env, requireEnv } from '#lib/config.ts';
import { transactWrite } from '#lib/dynamo.ts';
import type { Work } from '#lib/job-turns.ts';
import { log } from '#lib/log.ts';
import { s3 } from '#lib/s3.ts';
import { probeWeek } from '#store/availability.ts';
import { getCountyExpressions } from '#store/expressions.ts';
import { expressionChecker } from '#core/expressions.ts';
import { listAgencies, type StoredAgency } from '#store/agencies.ts';
import { listAgencyStaff } from '#store/staff.ts';
import {
  getInspectionState,
  getPageRecords,
  getThresholds,
  latestSiteChange,
  linksInto,
  pagesWithFindings,
  saveInspectionRun,
  saveInspectionState,
  savePageChecks,
  siteChangesBetween,
  type InspectionRun,
  type PageRecord,
} from '#store/inspection.ts';
import { deadLinkFindings, recordPageLinks } from '#store/links.ts';
import { outboxPut } from '#store/outbox.ts';
import { newestEntries } from '#store/publications.ts';
import { getReport } from '#store/reports.ts';
import { getSiteUrl } from '#store/site-config.ts';
import { checkDueLinks } from './external-links.ts';

/** Pages read and checked between two saves of progress. */
const slice = 100;
/** Findings of one rule and agency a run lists (the rest are counted). */
export const listedPerRule = 50;
/** A run whose last predecessor is older than this reads every page: the journal may have lost entries since (its TTL). */
const journalTrustDays = 50;

interface Progress {
  /** The pages, then the external links due (checked in the background of the run), then the records. */
  phase: 'pages' | 'links' | 'records';
  full: boolean;
  /** The journal entries read: after `from`, up to and including `to`. */
  from?: string;
  to?: string;
  /** Pages done (index in the run's list of pages). */
  done: number;
  startedAt: string;
  measure: InspectionRun['measure'];
  /** External links checked this run, and the requests made. */
  external?: { checked: number; requests: number };
}

/** Links whose targets can disappear (an item withdrawn, its files, a report): the links into them are kept. */
const tracked = (key: string) => /\/(items|files|reports)\//.test(key);

/** What the run knows of the bucket: from a full listing, the journal, and HEAD requests (each key once). */
class Bucket {
  readonly bucket = requireEnv(env.siteBucket);
  requests = 0;
  pagesRead = 0;
  #known = new Map<string, boolean>();
  /** What the plan already knows is there (true) or gone (false): no request for those. */
  learn(known: Map<string, boolean>) {
    this.#known = known;
  }
  async exists(key: string): Promise<boolean> {
    const known = this.#known.get(key);
    if (known !== undefined) return known;
    this.requests += 1;
    const found = await s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key })).then(
      () => true,
      (error: { name?: string; $metadata?: { httpStatusCode?: number } }) => {
        if (error.name === 'NotFound' || error.name === 'NoSuchKey' || error.$metadata?.httpStatusCode === 404)
          return false;
        throw error;
      },
    );
    this.#known.set(key, found);
    return found;
  }
  async read(key: string): Promise<string | undefined> {
    this.requests += 1;
    this.pagesRead += 1;
    return s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })).then(
      (object) => object.Body!.transformToString(),
      (error: { name?: string }) => {
        if (error.name === 'NoSuchKey') return undefined;
        throw error;
      },
    );
  }
  /**
   * Every key of the bucket (a full run), a thousand per request. The original listing, paged by the
   * last key: the local stand-in (s3rver) cannot page ListObjectsV2 on Node 24, whose OpenSSL lacks
   * the DES cipher its continuation tokens use; S3 serves both alike.
   */
  async listAll(): Promise<string[]> {
    const all: string[] = [];
    let marker: string | undefined;
    do {
      this.requests += 1;
      const page = await s3.send(new ListObjectsCommand({ Bucket: this.bucket, Marker: marker }));
      for (const object of page.Contents ?? []) all.push(object.Key!);
      marker = page.IsTruncated ? all.at(-1) : undefined;
    } while (marker);
    return all;
  }
}

/** The journal since the last run, folded: each key's last change (put or removed). */
async function changesOf(progress: Progress): Promise<Map<string, boolean>> {
  const changes = new Map<string, boolean>();
  if (!progress.to) return changes;
  for (const entry of await siteChangesBetween(progress.from, progress.to)) {
    for (const key of entry.removed) changes.set(key, false);
    for (const key of entry.put) changes.set(key, true);
  }
  return changes;
}

/** The pages this run reads, in a fixed order (each turn derives the same list), and what the bucket is known to hold. */
async function plan(progress: Progress, bucket: Bucket) {
  const changes = await changesOf(progress);
  const gone = [...changes].filter(([key, put]) => !put && isPageKey(key)).map(([key]) => key);
  if (progress.full) {
    const all = await bucket.listAll();
    const known = new Map(all.map((key) => [key, true]));
    return { pages: all.filter(isPageKey).sort(), known, gone, changes };
  }
  // Pages that linked to something removed are read again, whatever else changed.
  const relinked = new Set<string>();
  for (const [key, put] of changes)
    if (!put && tracked(key)) for (const page of await linksInto(key)) relinked.add(page);
  const pages = new Set([...changes].filter(([key, put]) => put && isPageKey(key)).map(([key]) => key));
  for (const page of relinked) if (changes.get(page) !== false) pages.add(page);
  return { pages: [...pages].sort(), known: changes, gone, changes };
}

export const inspection: Work = async (job, more, save) => {
  const started = Date.now();
  const stored = job.result as Partial<Progress> | undefined;
  let progress: Progress;
  if (stored?.phase) progress = stored as Progress;
  else {
    const state = await getInspectionState();
    const to = await latestSiteChange();
    const trusted =
      state.lastRunAt &&
      Date.now() - Date.parse(state.lastRunAt) < journalTrustDays * 86_400_000 &&
      state.journalCursor;
    progress = {
      phase: 'pages',
      full: Boolean(job.params.full) || !trusted,
      ...(state.journalCursor && { from: state.journalCursor }),
      ...(to && { to }),
      done: 0,
      startedAt: new Date().toISOString(),
      measure: { pagesRead: 0, s3Requests: 0, linksChecked: 0, removed: 0, ms: 0 },
    };
  }
  const agencies = await listAgencies();
  const county = agencies.find((a) => a.kind === 'county');
  const countyId = county?.id ?? '';
  const agencyIds = new Set(agencies.map((a) => a.id));
  const siteUrl = await getSiteUrl();
  const siteHost = hostOf(siteUrl);
  const siteCode = Boolean(county?.site?.siteCode?.trim());
  // 表述检查 by the shipped dictionary with the county's own additions and exceptions.
  const expressions = expressionChecker(county ? await getCountyExpressions(county.id) : {});

  if (progress.phase === 'pages') {
    const bucket = new Bucket();
    const { pages, known, gone } = await plan(progress, bucket);
    bucket.learn(known);
    let lap = started;
    /** Adds what was read since the last save to the run's measure (a turn's listing included). */
    const measured = () => {
      progress.measure.s3Requests += bucket.requests;
      progress.measure.pagesRead += bucket.pagesRead;
      progress.measure.ms += Date.now() - lap;
      bucket.requests = 0;
      bucket.pagesRead = 0;
      lap = Date.now();
    };
    if (progress.done === 0 && gone.length) {
      const records = await getPageRecords(gone);
      await savePageChecks([], [...records.values()]);
      await recordPageLinks([], gone);
      progress.measure.removed += records.size;
    }
    while (progress.done < pages.length) {
      if (!more()) return false;
      const keys = pages.slice(progress.done, progress.done + slice);
      const previous = await getPageRecords(keys);
      const results: { record: PageRecord; previous?: PageRecord }[] = [];
      const vanished: PageRecord[] = [];
      const external: Parameters<typeof recordPageLinks>[0] = [];
      const missing: string[] = [];
      for (const key of keys) {
        const html = await bucket.read(key);
        if (html === undefined) {
          missing.push(key);
          const before = previous.get(key);
          if (before) vanished.push(before);
          continue;
        }
        const page = checkPage(key, html, { siteHost, siteCode, expressions });
        const findings = [...page.findings];
        for (const link of page.links) {
          progress.measure.linksChecked += 1;
          if (!(await bucket.exists(link.key))) findings.push(brokenLinkFinding(link.key, link.attachment));
        }
        external.push({ key, agencyId: agencyOfKey(key, agencyIds, countyId), urls: page.external });
        results.push({
          record: {
            key,
            agencyId: agencyOfKey(key, agencyIds, countyId),
            links: page.links.map((l) => l.key).filter(tracked),
            findings,
          },
          previous: previous.get(key),
        });
      }
      await savePageChecks(results, vanished);
      await recordPageLinks(external, missing);
      progress.done += keys.length;
      measured();
      await save({
        progress: { done: progress.done, total: pages.length + 1 },
        cursor: progress.done,
        result: { ...progress },
      });
    }
    measured();
    progress = { ...progress, phase: 'links' };
    await save({
      progress: { done: pages.length, total: pages.length + 1 },
      cursor: pages.length,
      result: { ...progress },
    });
  }

  if (progress.phase === 'links') {
    const finished = await checkDueLinks({
      until: progress.startedAt,
      done: progress.external?.checked ?? 0,
      more,
      saved: async (checked, requests) => {
        progress.external = { checked, requests: (progress.external?.requests ?? 0) + requests };
        await save({
          progress: { done: progress.done, total: progress.done + 1 },
          cursor: progress.done,
          result: { ...progress },
        });
      },
    });
    if (!finished) return false;
    progress = { ...progress, phase: 'records' };
    await save({
      progress: { done: progress.done, total: progress.done + 1 },
      cursor: progress.done,
      result: { ...progress },
    });
  }

  // The records, and the report.
  const recordsFrom = Date.now();
  const today = beijingDateTime(new Date()).date;
  const thresholds = await getThresholds();
  const findings: Finding[] = [];
  const columns: ColumnState[] = [];
  for (const agency of agencies) {
    const newestOf = async (listing: Parameters<typeof newestEntries>[0]) => {
      const [entry] = await newestEntries(listing, 1);
      return entry
        ? entry.revisedOn && entry.revisedOn > entry.publishedOn
          ? entry.revisedOn
          : entry.publishedOn
        : undefined;
    };
    columns.push({
      agencyId: agency.id,
      agencyName: agency.name,
      slug: 'all',
      name: '全部信息',
      page: urlOf(paths.listingHead(agencyListing(agency.id))),
      newest: await newestOf(agencyListing(agency.id)),
    });
    for (const category of categoriesFor(agency.kind))
      columns.push({
        agencyId: agency.id,
        agencyName: agency.name,
        slug: category.slug,
        name: category.name,
        page: urlOf(paths.listingHead(categoryListing(agency.id, category.slug))),
        newest: await newestOf(categoryListing(agency.id, category.slug)),
      });
    findings.push(...(await reportFindings(agency, today)));
  }
  findings.push(...columnFindings(columns, thresholds, today, countyId));
  const [home] = await newestEntries(countyListing, 1);
  findings.push(...homeFinding(home?.publishedOn, thresholds, today, countyId));
  if (county) findings.push(...footerFindings(county.site ?? {}, county));
  findings.push(...(await channelFindings(siteUrl, countyId)));
  findings.push(...availabilityFindings(await probeWeek(today), countyId));
  for (const agency of agencies)
    for (const page of await pagesWithFindings(agency.id))
      for (const finding of page.findings)
        findings.push({ ...finding, agencyId: page.agencyId, page: urlOf(page.key) });
  // Pages linking to dead external addresses (错链、断链), as the links' last checks found them.
  findings.push(...(await deadLinkFindings()));

  const { listed, omitted } = capped(findings.sort(findingOrder));
  const ranAt = new Date().toISOString();
  const run: InspectionRun = {
    ranAt,
    full: progress.full,
    by: job.by,
    findings: listed,
    omitted,
    counts: countsOf(findings),
    measure: {
      ...progress.measure,
      ms: progress.measure.ms + (Date.now() - recordsFrom),
      externalChecked: progress.external?.checked ?? 0,
      externalRequests: progress.external?.requests ?? 0,
    },
  };
  await saveInspectionRun(run);
  await saveInspectionState({ ...(progress.to && { journalCursor: progress.to }), lastRunAt: ranAt });
  const reminded = await remind(agencies, listed, ranAt, today);
  await save({
    progress: { done: 1, total: 1 },
    cursor: 1,
    result: { ranAt, full: run.full, findings: findings.length, reminded, measure: run.measure },
  });
  log.info('inspection finished', { ranAt, full: run.full, findings: findings.length, ...run.measure });
  return true;
};

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
};

/** Last year's report, once its deadline has passed: published (or archived), or a finding. */
async function reportFindings(agency: StoredAgency, today: string): Promise<Finding[]> {
  const year = Number(today.slice(0, 4)) - 1;
  const deadline = reportDeadline(agency.kind, year);
  if (today <= deadline) return [];
  const report = await getReport(agency.id, year);
  if (report?.published || report?.archive) return [];
  return [
    {
      rule: 'reportLate',
      severity: 'deduct',
      agencyId: agency.id,
      page: urlOf(paths.agencyPage(agency.id, 'reports')),
      detail: `${year} 年度报告应于 ${deadline} 前公开，至今未公开`,
    },
  ];
}

/**
 * The online channel as an applicant meets it: the form page and the form's token (which a
 * submission needs). Neither creates an application.
 */
async function channelFindings(siteUrl: string, countyId: string): Promise<Finding[]> {
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

function countsOf(findings: Finding[]): InspectionRun['counts'] {
  const counts: InspectionRun['counts'] = {};
  for (const f of findings) {
    const agency = (counts[f.agencyId] ??= {});
    agency[f.severity] = (agency[f.severity] ?? 0) + 1;
  }
  return counts;
}

/** At most `listedPerRule` findings of each rule and agency; the others counted. */
function capped(findings: Finding[]) {
  const seen = new Map<string, number>();
  const listed: Finding[] = [];
  for (const finding of findings) {
    const group = `${finding.rule}\u0000${finding.agencyId}`;
    const count = (seen.get(group) ?? 0) + 1;
    seen.set(group, count);
    if (count <= listedPerRule) listed.push(finding);
  }
  const omitted = [...seen]
    .filter(([, count]) => count > listedPerRule)
    .map(([group, count]) => {
      const [rule, agencyId] = group.split('\u0000') as [string, string];
      return { rule, agencyId, count: count - listedPerRule };
    });
  return { listed, omitted };
}

/**
 * One e-mail per agency with single-veto findings or a late report, to each of its administrators
 * with an address (and its office's, where it has one).
 */
async function remind(agencies: StoredAgency[], findings: Finding[], ranAt: string, today: string) {
  let reminded = 0;
  for (const agency of agencies) {
    const urgent = findings.filter(
      (f) => f.agencyId === agency.id && (f.severity === 'veto' || f.rule === 'reportLate'),
    );
    if (!urgent.length) continue;
    const admins = (await listAgencyStaff(agency.id)).filter(
      (m) => m.roles.includes('admin') && m.email && !m.disabled && !m.pending,
    );
    const to = [...new Set([...admins.map((m) => m.email!), ...(agency.letters?.email ? [agency.letters.email] : [])])];
    if (!to.length) continue;
    const subject = `网站自查：${agency.name}有 ${urgent.length} 项须尽快整改`;
    const text = [
      `${agency.name}：`,
      `${today} 的网站自查发现以下须尽快整改的问题：`,
      ...urgent.map(
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

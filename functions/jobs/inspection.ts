/**
 * 自查, a background job (weekly from the sweep, or when an administrator asks): the rendered site's
 * pages and the records, against the rules of `core/inspection.ts`. A run reads only the pages the
 * renderer's journal says were written since the last run, and the pages that linked to what it
 * removed; each page's findings are kept with it, so the report covers the whole site. A full run
 * (the first, or when asked) reads every page once, listing the bucket a slice at a time. Then the
 * records: columns by their newest item, the home page, last year's annual reports, the online
 * channel. Agencies with single-veto findings or a late report are told by e-mail (their office's
 * address, as the report reminders).
 */
import { createHash } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, ListObjectsCommand } from '@aws-sdk/client-s3';
import { reportDeadline } from '#core/annual-report.ts';
import { categoriesFor } from '#core/categories.ts';
import { beijingDateTime } from '#core/dates.ts';
import { brokenLinkFinding, checkPage, isPageKey } from '#core/inspection-page.ts';
import type { AgencyKind } from '#core/agency.ts';
import { addDays } from '#core/dates.ts';
import {
  availabilityFindings,
  columnVetoes,
  footerFindings,
  findingOrder,
  homeFinding,
  inspectionRules,
  judgeColumns,
  severityLabels,
  type Finding,
  type InspectionThresholds,
} from '#core/inspection.ts';
import { agencyListing, categoryListing, countyListing, paths, urlOf } from '#core/site-plan.ts';
import { config } from '#lib/config.ts';
import { transactWrite } from '#lib/dynamo.ts';
import type { Work } from '#store/job-turns.ts';
import { log } from '#lib/log.ts';
import { s3 } from '#lib/s3.ts';
import { isMissingObject } from '#lib/s3-errors.ts';
import { probeWeek } from '#store/availability.ts';
import { getCountyExpressions } from '#store/expressions.ts';
import { expressionChecker } from '#core/expressions.ts';
import { agencyPage, getAgencies, getAgency, topAgency, type StoredAgency } from '#store/agencies.ts';
import { listAgencyStaff } from '#store/staff.ts';
import {
  agencyRecordsPage,
  dueAgenciesPage,
  getAgencyRecords,
  getTotals,
  moveTotals,
  saveJudgements,
  underAsOf,
  type AgencyRecords,
  type Judgement,
  type SeverityCounts,
} from '#store/agency-judgements.ts';
import {
  getInspectionState,
  getThresholds,
  saveInspectionRun,
  saveInspectionState,
  type InspectionRun,
} from '#store/inspection-runs.ts';
import { getPageRecords, linksInto, pagesWithFindings, savePageChecks, type PageRecord } from '#store/page-checks.ts';
import { latestSiteChange, siteChangesBetween } from '#store/site-changes.ts';
import { deadLinkFindings, recordPageLinks } from '#store/links.ts';
import { outboxPut } from '#store/outbox.ts';
import { newestEntries } from '#store/listings.ts';
import { getReport } from '#store/reports.ts';
import { getSiteUrl } from '#store/site-config.ts';
import { checkDueLinks } from './external-links.ts';

/** Pages read and checked between two saves of progress. */
const slice = 100;
/** Keys a full run lists at a time (S3's most): each slice lists from the last key handled. */
const listed = 1000;
/** Agencies judged between two saves of progress (their columns read, their judgements written). */
export const agenciesPerSlice = 25;
/** Findings of one rule and agency a run lists (the rest are counted). */
export const listedPerRule = 50;
/** Findings one agency's item lists at most (an item's size is bounded); the others counted. */
const listedPerItem = 600;
/** A run whose last predecessor is older than this reads every page: the journal may have lost entries since (its TTL). */
const journalTrustDays = 50;

interface Progress {
  /** The pages, then the external links due (checked in the background of the run), then the records. */
  phase: 'pages' | 'links' | 'records';
  full: boolean;
  /** The journal entries read: after `from`, up to and including `to`. */
  from?: string;
  to?: string;
  /** Pages done (an incremental run: index in the run's list of pages). */
  done: number;
  /**
   * A full run: the last key of the bucket handled. A turn lists the bucket from there (S3 lists in
   * key order, a thousand keys a request) as its slices need more, so no turn lists what it does not
   * handle, whatever the size of the site.
   */
  after?: string;
  /** A full run: the bucket listed to its end. */
  listed?: boolean;
  startedAt: string;
  measure: InspectionRun['measure'];
  /** External links checked this run, and the requests made. */
  external?: { checked: number; requests: number };
  /**
   * The agencies whose records may have changed (`changedAgencies`), named once from the plan the pages
   * were read by and carried to the records' turns, which judge them by index.
   */
  changed?: string[];
  /** The records' part, once begun. */
  records?: RecordsProgress;
}

/** How far the records' part has got: the run's moment and day are fixed when it begins. */
interface RecordsProgress {
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

/** Links whose targets can disappear (an item withdrawn, its files, a report): the links into them are kept. */
const tracked = (key: string) => /\/(items|files|reports)\//.test(key);

/**
 * What a turn knows of the bucket: from the journal or the slice's listing, and HEAD requests (each key
 * once a turn).
 */
class Bucket {
  readonly bucket = config.siteBucket();
  requests = 0;
  pagesRead = 0;
  #known = new Map<string, boolean>();
  /** What the plan or a listing already says is there (true) or gone (false): no request for those. */
  learn(known: Iterable<[string, boolean]>) {
    for (const [key, found] of known) this.#known.set(key, found);
  }
  async exists(key: string): Promise<boolean> {
    const known = this.#known.get(key);
    if (known !== undefined) return known;
    this.requests += 1;
    const found = await s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key })).then(
      () => true,
      (error: unknown) => {
        if (isMissingObject(error)) return false;
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
      (error: unknown) => {
        if (isMissingObject(error)) return undefined;
        throw error;
      },
    );
  }
  /**
   * The bucket's next `listed` keys after `after` (a full run), in key order; `more`: whether keys
   * follow. The original listing, paged by the last key: the local stand-in (s3rver) cannot page
   * ListObjectsV2 on Node 24, whose OpenSSL lacks the DES cipher its continuation tokens use; S3
   * serves both alike.
   */
  async list(after: string | undefined): Promise<{ keys: string[]; more: boolean }> {
    this.requests += 1;
    const page = await s3.send(new ListObjectsCommand({ Bucket: this.bucket, Marker: after, MaxKeys: listed }));
    const keys = (page.Contents ?? []).map((object) => object.Key!);
    return { keys, more: Boolean(page.IsTruncated) && keys.length > 0 };
  }
}

/** What a turn of a full run has listed of the bucket and not yet handled, and whether keys follow. */
interface Listing {
  keys: string[];
  more: boolean;
}

/**
 * A full run's next slice: the keys after the last handled (`after`) up to the slice's last page (at
 * most `slice` pages), taken from what the turn has listed, listed from `after` when that is used up;
 * `last`: the slice's last key (none: nothing was left to list).
 */
async function nextSlice(bucket: Bucket, after: string | undefined, listing: Listing) {
  if (!listing.keys.length && listing.more) {
    Object.assign(listing, await bucket.list(after));
    bucket.learn(listing.keys.map((key): [string, boolean] => [key, true]));
  }
  let end = listing.keys.length;
  for (let i = 0, pages = 0; i < listing.keys.length; i++)
    if (isPageKey(listing.keys[i]!) && ++pages === slice) {
      end = i + 1;
      break;
    }
  const keys = listing.keys.splice(0, end);
  return { pages: keys.filter(isPageKey), last: keys.at(-1) };
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

/** The pages removed since the last run, by the journal: their records go (a full run's too). */
const goneOf = (changes: Map<string, boolean>) =>
  [...changes].filter(([key, put]) => !put && isPageKey(key)).map(([key]) => key);

/**
 * The pages an incremental run reads, in a fixed order (each turn derives the same list), and what the
 * bucket is known to hold.
 */
async function plan(progress: Progress) {
  const changes = await changesOf(progress);
  const gone = goneOf(changes);
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
  // The portal's government, and the agencies pages belong to, read as met (not every agency).
  const county = await topAgency();
  const countyId = county?.id ?? '';
  const agencyOf = agencyResolver(countyId);
  const siteUrl = await getSiteUrl();
  const siteHost = hostOf(siteUrl);
  const siteCode = Boolean(county?.site?.siteCode?.trim());
  // 表述检查 by the shipped dictionary with the county's own additions and exceptions.
  const expressions = expressionChecker(county ? await getCountyExpressions(county.id) : {});

  if (progress.phase === 'pages') {
    const bucket = new Bucket();
    // An incremental run's pages are planned from the journal; a full run's are listed a slice at a time.
    const planned = progress.full ? undefined : await plan(progress);
    if (planned) bucket.learn(planned.known);
    const listing: Listing = { keys: [], more: true };
    let lap = started;
    /** Adds what was read since the last save to the run's measure (a slice's listing included). */
    const measured = () => {
      progress.measure.s3Requests += bucket.requests;
      progress.measure.pagesRead += bucket.pagesRead;
      progress.measure.ms += Date.now() - lap;
      bucket.requests = 0;
      bucket.pagesRead = 0;
      lap = Date.now();
    };
    if (progress.done === 0 && !progress.after) {
      const gone = planned?.gone ?? goneOf(await changesOf(progress));
      if (gone.length) {
        const records = await getPageRecords(gone);
        await savePageChecks([], [...records.values()]);
        await recordPageLinks([], gone);
        progress.measure.removed += records.size;
      }
    }
    for (;;) {
      if (planned ? progress.done >= planned.pages.length : progress.listed) break;
      if (!more()) return false;
      let keys: string[];
      if (planned) keys = planned.pages.slice(progress.done, progress.done + slice);
      else {
        const next = await nextSlice(bucket, progress.after, listing);
        keys = next.pages;
        if (next.last) progress.after = next.last;
        if (!listing.keys.length && !listing.more) progress.listed = true;
      }
      if (keys.length) await checkPages(keys, bucket, progress.measure, { agencyOf, siteHost, siteCode, expressions });
      progress.done += keys.length;
      measured();
      await save({
        progress: { done: progress.done, total: (planned?.pages.length ?? progress.done) + 1 },
        cursor: progress.done,
        result: { ...progress },
      });
    }
    measured();
    progress = {
      ...progress,
      phase: 'links',
      // A full run judges every agency: it has no use for them.
      ...(planned && { changed: changedAgencies(planned, countyId) }),
    };
    await save({
      progress: { done: progress.done, total: progress.done + 1 },
      cursor: progress.done,
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

  // The records: the agencies whose pages changed since the last run and those due today are checked
  // again (every agency in a full run, the first run keeping records this way, or after the
  // thresholds changed); each agency's judgement is written only when it changed, and the totals are
  // moved by the difference, so a run's reads and writes follow what changed, not the agencies. They
  // are judged a page a slice, progress saved after each, so a day on which every agency is due (1
  // January, a report deadline passed) or a full run goes on over turns and resumes where it stopped.
  const thresholds = await getThresholds();
  if (!progress.records) {
    const state = await getInspectionState();
    const ranAt = new Date().toISOString();
    const every = progress.full || state.records !== 2 || state.thresholdsVersion !== thresholds.version;
    progress = {
      ...progress,
      records: {
        ranAt,
        today: beijingDateTime(new Date(ranAt)).date,
        every,
        thresholdsVersion: thresholds.version,
        step: every ? 'every' : 'changed',
        checked: 0,
        judged: 0,
        written: 0,
        reminded: 0,
        ms: 0,
      },
    };
  }
  const records = progress.records!;
  const { ranAt, today } = records;
  const year = Number(today.slice(0, 4)) - 1;
  const judging = { year, today, ranAt, thresholds, records };
  let lap = Date.now();
  const saveRecords = async () => {
    records.ms += Date.now() - lap;
    lap = Date.now();
    const done = progress.done + records.judged;
    await save({ progress: { done, total: done + 1 }, cursor: done, result: { ...progress } });
  };

  // The agencies whose pages changed (named by the journal, as the pages' phase read it), by index:
  // carried from that phase, so no turn reads the journal again (a run saved before they were
  // carried plans them once more).
  const changed =
    records.step === 'changed' || records.step === 'due'
      ? (progress.changed ??= changedAgencies(await plan(progress), countyId)).filter((id) => id !== countyId).sort()
      : [];
  if (records.step === 'changed') {
    while (Number(records.at ?? 0) < changed.length) {
      if (!more()) return false;
      const from = Number(records.at ?? 0);
      const ids = changed.slice(from, from + agenciesPerSlice);
      await judgePage(ids, false, judging);
      records.at = from + ids.length;
      await saveRecords();
    }
    records.step = 'due';
    delete records.at;
  }
  // Those due today by their place on the agenda (each judged moves on to its next day), judged from
  // their kept records; a new year's report is read.
  if (records.step === 'due') {
    const judged = new Set(changed);
    for (;;) {
      if (!more()) return false;
      const page = await dueAgenciesPage(today, records.at as string | undefined, agenciesPerSlice);
      await judgePage(
        page.agencyIds.filter((id) => id !== countyId && !judged.has(id)),
        true,
        judging,
      );
      if (!page.last) break;
      records.at = page.last;
      await saveRecords();
    }
    records.step = 'portal';
    delete records.at;
  }
  // Every agency a page at a time, then the records of agencies gone. Each save says the step next
  // begun, so a turn that stops between two pages resumes at the next.
  while (records.step === 'every') {
    if (!more()) return false;
    const page = await agencyPage({}, { limit: agenciesPerSlice, cursor: records.at as string | undefined });
    await judgePage(
      page.items.map((a) => a.id).filter((id) => id !== countyId),
      false,
      judging,
      page.items,
    );
    if (page.next) records.at = page.next;
    else {
      records.step = 'gone';
      delete records.at;
    }
    await saveRecords();
  }
  while (records.step === 'gone') {
    if (!more()) return false;
    const page = await agencyRecordsPage(records.at as string | undefined, agenciesPerSlice);
    const present = new Set((await getAgencies(page.records.map((r) => r.agencyId))).map((a) => a.id));
    const gone = page.records.filter((r) => !present.has(r.agencyId));
    if (gone.length)
      await saveJudgements(
        gone.map((before) => ({ before })),
        await getTotals(),
        ranAt,
      );
    records.written += gone.length;
    if (page.last) records.at = page.last;
    else {
      records.step = 'portal';
      delete records.at;
    }
    await saveRecords();
  }

  // The portal's government last: its own findings, with the vetoes of the stale and blank columns
  // counted over every agency (the totals as this run's judgements left them).
  const totalsBefore = await getTotals();
  let top: Judged | undefined;
  if (county) {
    const [before] = (await getAgencyRecords([countyId])).values();
    const columnsOnly = await judgeAgency(county, year, today, thresholds, before, ranAt);
    const projected = structuredClone(totalsBefore);
    moveTotals(projected, columnsOnly);
    const portal: Finding[] = [...columnVetoes(projected.columns, projected.names, thresholds, countyId)];
    const [home] = await newestEntries(countyListing, 1);
    portal.push(...homeFinding(home?.publishedOn, thresholds, today, countyId));
    portal.push(...footerFindings(county.site ?? {}, county));
    portal.push(...(await channelFindings(siteUrl, countyId)));
    portal.push(...availabilityFindings(await probeWeek(today), countyId));
    // Pages linking to dead external addresses (错链、断链), as the links' last checks found them.
    portal.push(...(await deadLinkFindings()));
    top = await judgeAgency(county, year, today, thresholds, before, ranAt, portal, columnsOnly.read);
    records.checked += 1;
    records.judged += 1;
    records.reminded += await remind([top], ranAt, today);
  }
  const rewritten = top && differs(top) ? [top] : [];
  const totals = await saveJudgements(rewritten, totalsBefore, ranAt);
  records.written += rewritten.length;
  const topCounts = { ...(top?.after?.counts ?? {}) };
  const under = county ? await underAsOf(countyId, ranAt) : {};
  for (const severity of ['veto', 'deduct', 'notice'] as const)
    if (under[severity]) topCounts[severity] = (topCounts[severity] ?? 0) + under[severity];
  records.ms += Date.now() - lap;
  const run: InspectionRun = {
    ranAt,
    full: progress.full,
    by: job.by,
    counts: topCounts,
    byRule: totals.byRule,
    measure: {
      ...progress.measure,
      ms: progress.measure.ms + records.ms,
      externalChecked: progress.external?.checked ?? 0,
      externalRequests: progress.external?.requests ?? 0,
    },
  };
  await saveInspectionRun(run);
  await saveInspectionState({
    ...(progress.to && { journalCursor: progress.to }),
    lastRunAt: ranAt,
    thresholdsVersion: records.thresholdsVersion,
    records: 2,
  });
  const findings = Object.values(totals.bySeverity).reduce((n, c) => n + (c ?? 0), 0);
  await save({
    progress: { done: 1, total: 1 },
    cursor: 1,
    result: {
      ranAt,
      full: run.full,
      findings,
      reminded: records.reminded,
      // Agencies whose records were read again; those judged from their kept records beside them.
      agenciesChecked: records.checked,
      agenciesJudged: records.judged,
      agenciesWritten: records.written,
      measure: run.measure,
    },
  });
  log.info('inspection finished', { ranAt, full: run.full, findings, ...run.measure });
  return true;
};

/** What a page of agencies is judged against: the run's day, thresholds, and its running counts. */
interface Judging {
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
async function judgePage(
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

const differs = (j: Judged) =>
  !j.after || !j.before || JSON.stringify(comparable(j.after)) !== JSON.stringify(comparable(j.before));

/** An agency's new judgement: its records before and after, its findings' item when they changed, what it lists. */
type Judged = Judgement & {
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

/** How a turn reads a page: the agency it belongs to, and what the site's pages are checked against. */
interface PageContext {
  agencyOf: (key: string) => Promise<string>;
  siteHost: string;
  siteCode: boolean;
  expressions: ReturnType<typeof expressionChecker>;
}

/**
 * One slice of pages read and checked: each page's findings, its links' targets looked up (from what
 * the turn knows of the bucket, else a HEAD), its record and links written; a page gone meanwhile
 * has its record removed.
 */
async function checkPages(
  keys: string[],
  bucket: Bucket,
  measure: InspectionRun['measure'],
  { agencyOf, siteHost, siteCode, expressions }: PageContext,
): Promise<void> {
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
      measure.linksChecked += 1;
      if (!(await bucket.exists(link.key))) findings.push(brokenLinkFinding(link.key, link.attachment));
    }
    const agencyId = await agencyOf(key);
    // The links written in the files the page offers join its own (the privacy function kept them).
    const attachments = page.links.filter((l) => l.attachment).map((l) => l.key);
    external.push({ key, agencyId, urls: page.external, attachments });
    results.push({
      record: {
        key,
        agencyId,
        links: page.links.map((l) => l.key).filter(tracked),
        findings,
      },
      previous: previous.get(key),
    });
  }
  await savePageChecks(results, vanished);
  await recordPageLinks(external, missing, siteHost);
}

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
};

/**
 * The agency a page belongs to: its first path segment when that is an agency (read once per
 * segment met, not a list of every agency), else the portal's government (the portal's own pages).
 */
function agencyResolver(countyId: string) {
  const known = new Map<string, Promise<boolean>>();
  return async (key: string): Promise<string> => {
    if (!key.includes('/')) return countyId;
    const first = key.split('/')[0]!;
    if (!known.has(first)) known.set(first, getAgency(first).then(Boolean));
    return (await known.get(first)) ? first : countyId;
  };
}

/**
 * The agencies whose records may have changed since the last run: those whose pages the renderer
 * wrote or removed (a publication, a withdrawal, a revision, a report, a rename all rewrite the
 * agency's pages), those of the pages read again for a link into something removed, and the
 * portal's government (its home and listing), by the plan the pages' phase read them by.
 */
function changedAgencies(
  { pages, gone, known }: Pick<Awaited<ReturnType<typeof plan>>, 'pages' | 'gone' | 'known'>,
  countyId: string,
): string[] {
  const named = new Set<string>([countyId]);
  for (const key of [...pages, ...gone, ...known.keys()]) if (key.includes('/')) named.add(key.split('/')[0]!);
  return [...named].filter(Boolean);
}

/**
 * One agency judged: its columns' newest items, last year's report and its pages with findings read
 * again, judged against today; its findings (with `extra`, the portal's own for its government)
 * capped and counted; the day its judgement next changes with nothing published (a column going
 * stale, the report's deadline passing, a new year); a new findings item only when they changed.
 * `read`: the records already read this run (the portal's government is judged twice).
 */
async function judgeAgency(
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
async function remind(judged: Judged[], ranAt: string, today: string): Promise<number> {
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

/**
 * 自查, a background job (weekly from the sweep, or when an administrator asks): the rendered site's
 * pages and the records, against the rules of `core/inspection.ts`. A run reads only the pages the
 * renderer's journal says were written since the last run, and the pages that linked to what it
 * removed; each page's findings are kept with it, so the report covers the whole site. A full run
 * (the first, or when asked) reads every page once, listing the bucket a slice at a time. Then the
 * records: columns by their newest item, the home page, last year's annual reports, the online
 * channel. Agencies with single-veto findings or a late report are told by e-mail (their office's
 * address, as the report reminders). This module runs the phases in turns, saving the run's progress;
 * the pages are read and checked by `inspection-pages.ts`, the agencies judged by `inspection-agencies.ts`.
 */
import { beijingDateTime } from '#core/dates.ts';
import { expressionChecker } from '#core/expressions.ts';
import { availabilityFindings, columnVetoes, footerFindings, homeFinding, type Finding } from '#core/inspection.ts';
import { countyListing } from '#core/site-plan.ts';
import { log } from '#lib/log.ts';
import { agencyPage, getAgencies, topAgency } from '#store/agencies.ts';
import {
  agencyRecordsPage,
  dueAgenciesPage,
  getAgencyRecords,
  getTotals,
  moveTotals,
  saveJudgements,
  underAsOf,
} from '#store/agency-judgements.ts';
import { probeWeek } from '#store/availability.ts';
import { getCountyExpressions } from '#store/expressions.ts';
import {
  getInspectionState,
  getThresholds,
  saveInspectionRun,
  saveInspectionState,
  type InspectionRun,
} from '#store/inspection-runs.ts';
import type { Work } from '#store/job-turns.ts';
import { deadLinkFindings, recordPageLinks } from '#store/links.ts';
import { newestEntries } from '#store/listings.ts';
import { getPageRecords, savePageChecks } from '#store/page-checks.ts';
import { latestSiteChange } from '#store/site-changes.ts';
import { getSiteUrl } from '#store/site-config.ts';
import { checkDueLinks } from './external-links.ts';
import {
  channelFindings,
  differs,
  judgeAgency,
  judgePage,
  remind,
  type Judged,
  type RecordsProgress,
} from './inspection-agencies.ts';
import {
  agencyResolver,
  Bucket,
  changedAgencies,
  changesOf,
  checkPages,
  goneOf,
  hostOf,
  nextSlice,
  pagesPerSlice,
  plan,
  type Listing,
} from './inspection-pages.ts';

/** Agencies judged between two saves of progress (their columns read, their judgements written). */
export const agenciesPerSlice = 25;
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
      if (planned) keys = planned.pages.slice(progress.done, progress.done + pagesPerSlice);
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

/**
 * The daily sweep over the open applications with something due (the agenda each step keeps, by the
 * day the sweep next has something to do): expire corrections and fee notices whose period has run
 * out, mark replies overdue, remind of replies due within 3 working days, put back in place what the
 * calendar moved; then retry e-mail that
 * did not go out, remind agencies of last year's annual report, wake the renderer for what it left,
 * hand it the search index's fold and the day's 工作统计, start the day's 个人信息检查 of what was
 * published before the guard, and on Mondays start 自查. Each step is a transition of the state machine with the version
 * it read, so a run repeated, or racing a member of staff, does nothing twice.
 */
import { randomBytes } from 'node:crypto';
import { caseStateOf } from '#core/application.ts';
import { CalendarGapError, type WorkingCalendar } from '#core/calendar.ts';
import { lateness, type PublicationEvent, type PublishedVersion } from '#core/publication.ts';
import { counterChanges, publicationCounters } from '#core/report-counts.ts';
import { addDays, beijingDateTime } from '#core/dates.ts';
import {
  internalActions,
  placement,
  sweepAction,
  sweepEveryDay,
  transition,
  type Action,
  type CaseState,
} from '#core/workflow.ts';
import { isInspectionDay, weeklyInspectionId } from '#core/inspection.ts';
import { dailySweepId } from '#core/privacy.ts';
import { isConditionFailure } from '#lib/dynamo-errors.ts';
import { log } from '#lib/log.ts';
import { topAgency } from '#store/agencies.ts';
import { enqueueJob, type Job } from '#store/jobs.ts';
import { getApplication, recordTransition } from '#store/applications.ts';
import { isPlaced, moveInQueue, sweepAgendaPage, type OpenApplication } from '#store/placement.ts';
import { loadCalendar } from '#store/calendar.ts';
import { deliverPending } from '#store/delivery.ts';
import { listLatenessPending, recordLatenessJudged } from '#store/lateness.ts';
import { getPublication } from '#store/publications.ts';
import { addRenderTask, listRenderTasks, nudgeRenderer } from '#store/render-queue.ts';
import { readSearchDelta } from '#store/search-delta.ts';
import { remindReports } from './report-reminders.ts';
import { StaleVersionError } from '#store/stale.ts';

export interface SweepReport {
  today: string;
  /** Open applications the agenda had due today (or waiting for a year's calendar), read and acted on. */
  due: number;
  /** The run stopped short of its time limit with more of the agenda to read (the next run goes on). */
  more: boolean;
  done: Partial<Record<Action['type'], number>>;
  /** Applications whose deadline falls in a year with no calendar data (an administrator must enter it). */
  calendarGaps: number;
  /** Changed by someone else during the run; the next run looks again. */
  skipped: number;
  /** Applications whose deadline moved without a step, put back in their place in the queue. */
  requeued: number;
  mail: { retried: number; sent: number };
  /** Render tasks left waiting (a failed render), counted up to 100; the renderer is woken to retry them. */
  site: { pending: number; nudged: boolean };
  /** The day's search delta handed to the renderer to fold into a new base. */
  search: { fold: boolean };
  /** Agencies reminded of last year's annual report (ahead of 31 January / 31 March, and once overdue). */
  reports: { reminded: number };
  /** Publications whose 条例26 lateness waited for a year's calendar, judged now that it is entered. */
  lateness: { judged: number; late: number };
  /** 自查 started (Mondays; the job works in the jobs function). */
  inspection: { started: boolean };
  /** The day's 个人信息检查 over what was published before the guard (a bounded batch; the privacy function reads it). */
  privacy: { started: boolean };
}

/** Pending markers read per run: a year's entry judges its backlog over a few days at most. */
const latenessBatch = 200;

async function judgePendingLateness(calendar: WorkingCalendar): Promise<SweepReport['lateness']> {
  const result = { judged: 0, late: 0 };
  for (const marker of await listLatenessPending(latenessBatch)) {
    if (!calendar.covers(marker.year)) continue;
    const found = await getPublication(marker.id);
    const published = found?.item.published;
    if (!found || published?.latenessPendingYear !== marker.year) continue;
    const { latenessPendingYear: _, ...rest } = published;
    const verdict = lateness(calendar, published.content.writtenOn, published.publishedOn);
    const judged: PublishedVersion = {
      ...rest,
      late: verdict.late,
      lateText: verdict.text,
      ...(verdict.pendingYear && { latenessPendingYear: verdict.pendingYear }),
    };
    const item = found.item;
    const counters = counterChanges(publicationCounters(item), publicationCounters({ ...item, published: judged }));
    const event: PublicationEvent = {
      type: 'judgeLateness',
      actor: '系统',
      on: beijingDateTime(new Date()).date,
      text: `已录入 ${marker.year} 年节假日安排，判定发布时限：${verdict.text}`,
    };
    try {
      await recordLatenessJudged(item, judged, event, counters);
    } catch (error) {
      if (!(error instanceof StaleVersionError)) throw error;
      continue; // changed meanwhile: the next run looks again
    }
    if (!verdict.pendingYear) result.judged += 1;
    if (verdict.late) result.late += 1;
  }
  return result;
}

/**
 * The renderer works the queue whenever a task is written; tasks still waiting now are ones it
 * failed on (and whose stream retries ran out). One nudge, a new task, wakes it to try them again.
 */
async function nudgeStuckRenders(): Promise<SweepReport['site']> {
  const pending = (await listRenderTasks(100)).length;
  if (pending) await nudgeRenderer('sweep');
  return { pending, nudged: pending > 0 };
}

/** Publishing only rewrites the search delta: once a day the renderer folds it into a new base. */
async function foldSearch(): Promise<SweepReport['search']> {
  const { changed, removed } = await readSearchDelta();
  if (!changed.length && !removed.length) return { fold: false };
  await addRenderTask('search-fold', [{ kind: 'searchBase' }]);
  return { fold: true };
}

/**
 * A job the sweep starts for the county (followed by its administrators), once under its day's id:
 * a repeated sweep starts none twice, nor a 自查 while the county's administrators have one running
 * (`job`: the one started, or the run under way).
 */
async function startOnce(
  id: string,
  kind: 'inspection' | 'privacySweep',
  params: Record<string, unknown> = {},
): Promise<{ started: boolean; job?: Job }> {
  const county = await topAgency();
  try {
    return await enqueueJob({ id, kind, params, by: 'system', agencyId: county?.id ?? '' });
  } catch (error) {
    if (isConditionFailure(error)) return { started: false };
    throw error;
  }
}

/**
 * Local only (`POST /api/dev/privacy-sweep`, `npm run sweep -- --privacy`; `POST /api/dev/inspection`):
 * a 个人信息检查 sweep or a 自查 now, under an id of its own, whatever the day's run claimed (a 自查
 * under way is answered instead); the sweep's `fromStart` reads the listing from its beginning.
 */
export const startNow = (kind: 'inspection' | 'privacySweep', params: Record<string, unknown>) =>
  startOnce(randomBytes(8).toString('hex'), kind, params);

/** Time kept back for what follows the agenda (mail, reminders, the renderer's nudge). */
const agendaMarginMs = 120_000;

export async function runSweep(
  now = new Date(),
  timeLeft: () => number = () => Number.POSITIVE_INFINITY,
): Promise<SweepReport> {
  const today = beijingDateTime(now).date;
  const calendar = await loadCalendar();
  const report: SweepReport = {
    today,
    due: 0,
    more: false,
    done: {},
    calendarGaps: 0,
    skipped: 0,
    requeued: 0,
    mail: { retried: 0, sent: 0 },
    site: { pending: 0, nudged: false },
    search: { fold: false },
    reports: { reminded: 0 },
    lateness: { judged: 0, late: 0 },
    inspection: { started: false },
    privacy: { started: false },
  };

  const decide = (state: CaseState) => {
    try {
      return sweepAction(state, calendar, today);
    } catch (error) {
      if (!(error instanceof CalendarGapError)) throw error;
      report.calendarGaps += 1;
      return undefined;
    }
  };

  /** One entry of the agenda: its step if one is due, else put where it now belongs. */
  async function sweepOne(entry: OpenApplication) {
    report.due += 1;
    const found = await getApplication(entry.receiptNumber);
    if (!found) return;
    const { application } = found;
    const state = caseStateOf(application);
    const action = decide(state);
    if (!action) {
      // Nothing to do today: its deadline waits for a year's calendar, or moved without a step (a
      // year's holidays entered), or the entry is out of date. The queue and the agenda follow.
      const place = placement(calendar, state);
      if (place.sweepOn && place.sweepOn !== sweepEveryDay && place.sweepOn <= today) place.sweepOn = addDays(today, 1);
      if (isPlaced(entry, place)) return;
      if (await moveInQueue(application, place)) report.requeued += place.queueDue === (entry.queueDue ?? null) ? 0 : 1;
      else report.skipped += 1;
      return;
    }
    const { state: next, event } = transition(state, action, { calendar, today, actor: 'system' });
    try {
      await recordTransition({
        application,
        expectedVersion: application.version,
        agencyId: application.agencyId,
        state: next,
        event,
        visibleToApplicant: !internalActions.has(action.type),
        place: placement(calendar, next),
      });
      report.done[action.type] = (report.done[action.type] ?? 0) + 1;
    } catch (error) {
      if (!(error instanceof StaleVersionError)) throw error;
      report.skipped += 1;
    }
  }

  // Entries acted on leave the range (their next day is later than today), so the pages go on
  // from where the last one ended.
  let cursor: Record<string, unknown> | undefined;
  do {
    if (timeLeft() < agendaMarginMs) {
      report.more = true;
      log.warn('sweep stopped short of its time limit; the next run goes on', { due: report.due });
      break;
    }
    const page = await sweepAgendaPage(today, cursor);
    for (const entry of page.items) await sweepOne(entry);
    cursor = page.next;
  } while (cursor);

  report.lateness = await judgePendingLateness(calendar);
  report.reports = await remindReports(today);
  report.mail = await deliverPending();
  report.site = await nudgeStuckRenders();
  report.search = await foldSearch();
  // 工作统计 on the public site (open data and its page): from the counters, once a day.
  await addRenderTask('statistics', [{ kind: 'statistics' }]);
  // Each Monday 自查 over what changed in the week; each day 个人信息检查 of what was published before the guard.
  // The report says whether each started; the job itself is followed under its id.
  const started = async (id: string, kind: 'inspection' | 'privacySweep') => ({
    started: (await startOnce(id, kind)).started,
  });
  if (isInspectionDay(today)) report.inspection = await started(weeklyInspectionId(today), 'inspection');
  report.privacy = await started(dailySweepId(today), 'privacySweep');
  log.info('sweep finished', {
    today,
    due: report.due,
    more: report.more,
    ...report.done,
    calendarGaps: report.calendarGaps,
    skipped: report.skipped,
    mailRetried: report.mail.retried,
    reportsReminded: report.reports.reminded,
    sitePending: report.site.pending,
  });
  return report;
}

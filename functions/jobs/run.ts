/**
 * The jobs this function works: the recount of every agency's report counters, the re-placing
 * of open applications in the queue and the sweep's agenda after a year's calendar changed, and 自查
 * (`inspection.ts`), and the publication of an approved import of history (`import-publications.ts`).
 */
import { caseStateOf } from '#core/application.ts';
import { placement, type CaseState } from '#core/workflow.ts';
import type { Work } from '#store/job-turns.ts';
import { listAgencies } from '#store/agencies.ts';
import { getApplication } from '#store/applications.ts';
import { isPlaced, moveInQueue, openApplicationsPage } from '#store/placement.ts';
import { loadCalendar } from '#store/calendar.ts';
import { importPublications } from './import-publications.ts';
import { inspection } from './inspection.ts';
import { recountAgency, type AgencyRecount } from './recount.ts';

/** Agencies with differences kept in the result (the total counts them all). */
const maxListed = 100;

const recount: Work = async (job, more, save) => {
  const agencies = await listAgencies();
  const result = {
    agencies: [] as AgencyRecount[],
    differences: 0,
    counted: 0,
    ...job.result,
    repaired: Boolean(job.params.repair),
  };
  const year = typeof job.params.year === 'number' ? job.params.year : undefined;
  for (let cursor = job.cursor; cursor < agencies.length; cursor++) {
    if (!more()) return false;
    const counted = await recountAgency(agencies[cursor]!, { repair: result.repaired, ...(year && { year }) });
    result.counted += 1;
    result.differences += counted.differences.length;
    if (counted.differences.length && result.agencies.length < maxListed)
      result.agencies = [...result.agencies, counted];
    await save({ progress: { done: cursor + 1, total: agencies.length }, cursor: cursor + 1, result });
  }
  await save({ progress: { done: agencies.length, total: agencies.length }, cursor: agencies.length, result });
  return true;
};

/**
 * Every open application's deadline and next sweep day from the calendar as it now is, a page at a
 * time; those that moved are put in their new place (only from the version read).
 */
const requeue: Work = async (job, more, save) => {
  const calendar = await loadCalendar();
  let next = typeof job.result?.next === 'string' ? job.result.next : undefined;
  let moved = Number(job.result?.moved) || 0;
  let seen = job.cursor;
  do {
    if (!more()) return false;
    const page = await openApplicationsPage({ limit: 100, cursor: next });
    for (const entry of page.items) {
      if (isPlaced(entry, placement(calendar, entry.state as CaseState))) continue;
      const found = await getApplication(entry.receiptNumber);
      if (found && (await moveInQueue(found.application, placement(calendar, caseStateOf(found.application)))))
        moved += 1;
    }
    seen += page.items.length;
    next = page.next ?? undefined;
    await save({ progress: { done: seen, total: seen }, cursor: seen, result: { moved, ...(next && { next }) } });
  } while (next);
  return true;
};

export const jobKinds = { recount, requeue, inspection, importPublications };

/**
 * One turn of a background job: claim it, work in small slices while time remains, save progress
 * after each slice, then finish, fail, or hand on to a fresh turn. A turn never runs into its
 * function's timeout, so no job is killed mid-way; a slice is safe to repeat (rendering a page again,
 * recounting an agency again) if a turn dies between two saves.
 */
import { errorFields, log } from '#lib/log.ts';
import { listAgencies } from '#store/agencies.ts';
import { claimJob, dropJobTurn, endJobTurn, listJobTurns, saveJobProgress, type Job, type JobTurn } from '#store/jobs.ts';
import { rebuildTargets, renderTargets } from '#publications/render.ts';
import { recountAgency, type AgencyRecount } from './recount.ts';

/** Time kept back at the end of a turn for the last slice's save and the hand-over. */
export const turnMarginMs = 120_000;
/** How long a claimed turn holds its job: longer than any turn may run (the jobs function's timeout). */
const leaseMs = 16 * 60_000;
const renderSlice = 60;
/** Agencies with differences kept in the result (the total counts them all). */
const maxListed = 100;

type Progress = Pick<Job, 'progress' | 'cursor' | 'result'>;

/**
 * A kind of job: works from `job.cursor`, calling `save` after each slice, until it is finished
 * (true) or `more()` says the turn must stop (false).
 */
type Work = (job: Job, more: () => boolean, save: (step: Progress) => Promise<void>) => Promise<boolean>;

const rebuild: Work = async (job, more, save) => {
  const targets = await rebuildTargets();
  let { cursor } = job;
  let written = Number(job.result?.written) || 0;
  while (cursor < targets.length) {
    if (!more()) return false;
    const slice = targets.slice(cursor, cursor + renderSlice);
    written += await renderTargets(slice);
    cursor += slice.length;
    await save({ progress: { done: cursor, total: targets.length }, cursor, result: { written } });
  }
  await save({ progress: { done: targets.length, total: targets.length }, cursor, result: { written } });
  return true;
};

const recount: Work = async (job, more, save) => {
  const agencies = await listAgencies();
  const result = { agencies: [] as AgencyRecount[], differences: 0, counted: 0, ...job.result, repaired: Boolean(job.params.repair) };
  const year = typeof job.params.year === 'number' ? job.params.year : undefined;
  for (let cursor = job.cursor; cursor < agencies.length; cursor++) {
    if (!more()) return false;
    const counted = await recountAgency(agencies[cursor]!, { repair: result.repaired, ...(year && { year }) });
    result.counted += 1;
    result.differences += counted.differences.length;
    if (counted.differences.length && result.agencies.length < maxListed) result.agencies = [...result.agencies, counted];
    await save({ progress: { done: cursor + 1, total: agencies.length }, cursor: cursor + 1, result });
  }
  await save({ progress: { done: agencies.length, total: agencies.length }, cursor: agencies.length, result });
  return true;
};

const kinds: Record<Job['kind'], Work> = { rebuildSite: rebuild, recount };

/** Runs one turn; `timeLeft` is the milliseconds the function has left (Lambda's context). */
export async function runJobTurn(turn: JobTurn, timeLeft: () => number): Promise<Job['state'] | 'skipped'> {
  const claimed = await claimJob(turn.jobId, leaseMs);
  if (!claimed) {
    // Finished, or running in another turn that holds its lease: this turn is not needed.
    await dropJobTurn(turn);
    return 'skipped';
  }
  let job = claimed;
  let slices = 0;
  // Every turn does at least one slice, so a job always moves on.
  const more = () => slices === 0 || timeLeft() >= turnMarginMs;
  const save = async (step: Progress) => {
    slices += 1;
    job = { ...job, ...step };
    await saveJobProgress(job.id, job.progress, job.cursor, job.result);
  };
  try {
    const work = kinds[job.kind];
    if (!work) throw new Error(`unknown job kind ${job.kind}`);
    if (await work(job, more, save)) {
      await endJobTurn(turn, { state: 'done', result: job.result ?? {}, progress: job.progress });
      log.info('job finished', { job: job.id, kind: job.kind, total: job.progress.total });
      return 'done';
    }
    await endJobTurn(turn, { state: 'queued' });
    log.info('job continues in a new turn', { job: job.id, kind: job.kind, done: job.progress.done, total: job.progress.total });
    return 'queued';
  } catch (error) {
    log.error('job failed', { job: job.id, kind: job.kind, done: job.progress.done, ...errorFields(error) });
    await endJobTurn(turn, { state: 'failed', error: '任务执行失败，请稍后重新发起；如问题持续，请联系平台运维人员。' });
    return 'failed';
  }
}

/** Locally, where no stream delivers turns: runs whatever turns wait, one at a time. */
export async function runWaitingTurns(timeLeft: () => number = () => Number.POSITIVE_INFINITY): Promise<number> {
  let ran = 0;
  for (const turn of await listJobTurns(10)) {
    await runJobTurn(turn, timeLeft);
    ran += 1;
  }
  return ran;
}

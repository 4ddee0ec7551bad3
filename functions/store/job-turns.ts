/**
 * One turn of a background job: claim it, work in small slices while time remains, save progress
 * after each slice, then finish, fail, or hand on to a fresh turn. A turn never runs into its
 * function's timeout, so no job is killed mid-way; a slice is safe to repeat (rendering a page again,
 * recounting an agency again) if a turn dies between two saves. Each kind of job is worked by the
 * function that holds what it needs (the renderer rebuilds the site, the jobs function recounts).
 */
import { claimJob, dropJobTurn, endJobTurn, saveJobProgress, type Job, type JobKind, type JobTurn } from './jobs.ts';
import { errorFields, log, withLogFields } from '#lib/log.ts';

/** Time kept back at the end of a turn for the last slice's save and the hand-over. */
export const turnMarginMs = 120_000;
/** How long a claimed turn holds its job: longer than any turn may run (Lambda's 15-minute maximum). */
const leaseMs = 16 * 60_000;

export type Progress = Pick<Job, 'progress' | 'cursor' | 'result'>;

/**
 * A kind of job: works from `job.cursor`, calling `save` after each slice, until it is finished
 * (true) or `more()` says the turn must stop (false).
 */
export type Work = (job: Job, more: () => boolean, save: (step: Progress) => Promise<void>) => Promise<boolean>;

/** Runs one turn; `timeLeft` is the milliseconds the function has left (Lambda's context). */
export async function runJobTurn(
  turn: JobTurn,
  kinds: Partial<Record<JobKind, Work>>,
  timeLeft: () => number,
): Promise<Job['state'] | 'skipped'> {
  const claimed = await claimJob(turn.jobId, leaseMs);
  if (!claimed) {
    // Finished, or running in another turn that holds its lease: this turn is not needed.
    await dropJobTurn(turn);
    return 'skipped';
  }
  // The turn's lines carry the request that started the job, whichever turn this is.
  return withLogFields({ requestId: claimed.requestId }, () => workTurn(claimed, turn, kinds, timeLeft));
}

async function workTurn(
  claimed: Job,
  turn: JobTurn,
  kinds: Partial<Record<JobKind, Work>>,
  timeLeft: () => number,
): Promise<Job['state']> {
  let job = claimed;
  // A turn written before turns carried their kind hands on under the job's own.
  turn = { ...turn, kind: job.kind };
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
    if (!work) throw new Error(`no worker here for job kind ${job.kind}`);
    if (await work(job, more, save)) {
      await endJobTurn(turn, { state: 'done', result: job.result ?? {}, progress: job.progress }, job);
      log.info('job finished', { job: job.id, kind: job.kind, total: job.progress.total });
      return 'done';
    }
    await endJobTurn(turn, { state: 'queued' }, job);
    log.info('job continues in a new turn', {
      job: job.id,
      kind: job.kind,
      done: job.progress.done,
      total: job.progress.total,
    });
    return 'queued';
  } catch (error) {
    log.error('job failed', { job: job.id, kind: job.kind, done: job.progress.done, ...errorFields(error) });
    await endJobTurn(
      turn,
      { state: 'failed', error: '任务执行失败，请稍后重新发起；如问题持续，请联系平台运维人员。' },
      job,
    );
    return 'failed';
  }
}

/** A job turn from a stream record's new image (the stream's filter routes each kind to its worker). */
export function turnOfRecord(record: {
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, { S?: string }> };
}): JobTurn | undefined {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || !image?.jobId?.S || !image.sk?.S || image.pk?.S !== 'JOBQUEUE') return undefined;
  return { jobId: image.jobId.S, sk: image.sk.S, kind: image.kind?.S as JobKind };
}

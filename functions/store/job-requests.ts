/** Starting and following background jobs from staff routes (the jobs function runs them). */
import { randomBytes } from 'node:crypto';
import type * as z from 'zod/mini';
import type { StaffIdentity } from '#core/staff.ts';
import { enqueueJob, getJob, type Job, type JobKind } from './jobs.ts';
import { conflict, notFound } from '#lib/errors.ts';
import type { jobView } from '#lib/route-schemas.ts';

/** A job as its routes show it, with where to follow it. */
export const jobViewOf = (job: Job): z.output<ReturnType<typeof jobView>> => ({
  id: job.id,
  kind: job.kind,
  state: job.state,
  progress: job.progress,
  createdAt: job.createdAt,
  updatedAt: job.updatedAt,
  ...(job.result && { result: job.result }),
  ...(job.error && { error: job.error }),
  href: `/api/staff/jobs/${job.id}`,
});

/** Params compared by value, whatever their keys' order. */
const sameParams = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/**
 * Queues the job (the route answers 202 Accepted) with where to follow it. Of a kind an agency runs
 * one at a time, a start while one runs answers that job; one that asks for something else (a repair
 * while a plain recount runs) is refused, naming the running job.
 */
export async function startJob(kind: JobKind, params: Record<string, unknown>, staff: StaffIdentity) {
  const { job, started } = await enqueueJob({
    id: randomBytes(8).toString('hex'),
    kind,
    params,
    by: staff.username,
    agencyId: staff.agencyId,
  });
  if (!started && !sameParams(job.params, params))
    throw conflict(
      `已有一项同类任务正在进行（任务编号 ${job.id}），其参数与本次不同。请待该任务完成后再发起。`,
      'in-progress',
    );
  return jobViewOf(job);
}

/** A job, to the administrators of the agency that started it; anyone else is told it does not exist. */
export async function followJob(id: string, staff: StaffIdentity) {
  const job = await getJob(id);
  if (!job || job.agencyId !== staff.agencyId) throw notFound('未找到该任务。');
  return jobViewOf(job);
}

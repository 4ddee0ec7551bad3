/** Starting and following background jobs from staff routes (the jobs function runs them). */
import { randomBytes } from 'node:crypto';
import type * as z from 'zod/mini';
import type { StaffIdentity } from '#core/staff.ts';
import { enqueueJob, getJob, type Job, type JobKind } from '#store/jobs.ts';
import { notFound } from './errors.ts';
import type { jobView } from './route-schemas.ts';

const viewOf = (job: Job): z.output<typeof jobView> => ({
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

/** Queues the job (the route answers 202 Accepted) with where to follow it. */
export async function startJob(kind: JobKind, params: Record<string, unknown>, staff: StaffIdentity) {
  return viewOf(
    await enqueueJob({
      id: randomBytes(8).toString('hex'),
      kind,
      params,
      by: staff.username,
      agencyId: staff.agencyId,
    }),
  );
}

/** A job, to the administrators of the agency that started it; anyone else is told it does not exist. */
export async function followJob(id: string, staff: StaffIdentity) {
  const job = await getJob(id);
  if (!job || job.agencyId !== staff.agencyId) throw notFound('未找到该任务。');
  return viewOf(job);
}

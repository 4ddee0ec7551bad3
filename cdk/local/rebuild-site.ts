/**
 * `npm run site:rebuild`: recovery only — renders the whole public site again from the table, on the
 * running platform. Starts the rebuild job and follows its progress until it ends.
 */
import { callRunningPlatform, followRunningJob } from './running.ts';

const { token } = await callRunningPlatform<{ token: string }>('/api/dev/token', { username: 'fs-admin' });
const job = await followRunningJob(
  await callRunningPlatform<{ id: string }>('/api/staff/site/rebuild', undefined, token),
  token,
);
console.log(`Rebuilt the public site: ${String(job.result?.written ?? 0)} files written.`);

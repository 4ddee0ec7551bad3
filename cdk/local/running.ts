/** Commands that act on the platform `npm start` is running from this folder (found by its lock file). */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const lockFile = `${process.env.GONGKAI_DATA_DIR ?? `${root}.local`}/gongkai.lock`;

function fail(message: string): never {
  console.error(`\n✗ ${message}\n`);
  process.exit(1);
}

/** POSTs to the running platform (a local-only `/api/dev/*` route, or a staff route with a token) and returns its JSON answer. */
export async function callRunningPlatform<T>(
  path: string,
  body?: unknown,
  token?: string,
  method = 'POST',
): Promise<T> {
  if (!existsSync(lockFile)) fail('gongkai is not running from this folder. Start it first: npm start');
  const { port } = JSON.parse(readFileSync(lockFile, 'utf8')) as { port?: number };
  const response = await fetch(`http://127.0.0.1:${port ?? 3000}${path}`, {
    method,
    headers: {
      ...(token && { authorization: `Bearer ${token}` }),
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  }).catch(() => undefined);
  if (!response) fail('gongkai is not answering; is npm start still running?');
  if (!response.ok) fail(`${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

interface JobView {
  id: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  progress: { done: number; total: number };
  result?: Record<string, unknown>;
  error?: string;
}

/** Follows a background job the platform started, printing its progress, until it is done (or fails). */
export async function followRunningJob(started: { id: string }, token: string): Promise<JobView> {
  let shown = '';
  while (true) {
    const job = await callRunningPlatform<JobView>(`/api/staff/jobs/${started.id}`, undefined, token, 'GET');
    const line = `${job.state} ${job.progress.done}/${job.progress.total}`;
    if (line !== shown) console.log(`  job ${job.id}: ${line}`);
    shown = line;
    if (job.state === 'failed') fail(job.error ?? 'the job failed');
    if (job.state === 'done') return job;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

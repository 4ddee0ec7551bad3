/**
 * Global setup of the browser project: `npm start` itself (its own data folder and free port,
 * the demo county seeded on first start), for every journey; stopped with Ctrl-C's signal after.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '../../cdk/local/services.ts';
import { startReady } from './npm-start.ts';
import { comingYears } from './calendar.ts';

/** The county administrator enters the years after the official data, as test/support/platform.ts explains. */
async function enterComingYears(url: string) {
  const signedIn = await fetch(`${url}/api/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'fs-admin' }),
  });
  const { token } = (await signedIn.json()) as { token: string };
  for (const { year, ...schedule } of comingYears()) {
    const entered = await fetch(`${url}/api/staff/calendar/${year}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...schedule, version: 0 }),
    });
    if (!entered.ok) throw new Error(`entering ${year} failed: ${entered.status} ${await entered.text()}`);
  }
}

export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-browser-'));
  const port = await freePort();
  const started = await startReady(port, dataDir);
  await enterComingYears(`http://127.0.0.1:${port}`);
  project.provide('platformUrl', `http://127.0.0.1:${port}`);
  return async () => {
    started.child.kill('SIGTERM');
    await started.exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
}

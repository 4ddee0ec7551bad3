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

export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-browser-'));
  const port = await freePort();
  const started = await startReady(port, dataDir);
  project.provide('platformUrl', `http://127.0.0.1:${port}`);
  return async () => {
    started.child.kill('SIGTERM');
    await started.exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
}

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, isAlive } from '../../cdk/local/services.ts';
import { startNpmStart, until } from '../support/npm-start.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const start = (port: number) => startNpmStart(port, dataDir);

describe('npm start', () => {
  it('serves health, refuses a second start, and leaves no Java behind on Ctrl-C; a restart keeps the data', async () => {
    const port = await freePort();
    const first = start(port);
    await until(() => first.output().includes('Press Ctrl-C'));
    expect(first.output()).toContain(`Local API: http://127.0.0.1:${port}`);
    expect(first.output()).toContain('demo county seeded');
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
    const { javaPid } = JSON.parse(readFileSync(join(dataDir, 'gongkai.lock'), 'utf8')) as { javaPid: number };

    const second = start(await freePort());
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain('already running');

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    await until(() => !isAlive(javaPid), 10_000);

    const again = start(port);
    await until(() => again.output().includes('Press Ctrl-C'));
    expect(again.output()).not.toContain('demo county seeded');
    expect((await fetch(`http://127.0.0.1:${port}/api/agencies`)).status).toBe(200);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });

  it('leaves no Java behind even when killed outright', async () => {
    const run = start(await freePort());
    await until(() => run.output().includes('Press Ctrl-C'));
    const { javaPid } = JSON.parse(readFileSync(join(dataDir, 'gongkai.lock'), 'utf8')) as { javaPid: number };

    run.child.kill('SIGKILL');
    await run.exited;

    await until(() => !isAlive(javaPid), 10_000);
  });

  it('fails with a clear message when the port is taken', async () => {
    const port = await freePort();
    const blocker: Server = createServer().listen(port, '127.0.0.1');
    try {
      const run = start(port);
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });
});

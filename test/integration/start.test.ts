import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, isAlive } from '../../cdk/local/services.ts';
import { startBudgetMs, startNpmStart, until } from '../support/npm-start.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const start = (port: number) => startNpmStart(port, dataDir);
const lock = () => JSON.parse(readFileSync(join(dataDir, 'gongkai.lock'), 'utf8')) as { pid: number; javaPid: number };
/** Stopping: Java's SIGTERM, then SIGKILL after 5 s; a generous margin on a loaded machine. */
const stopMs = 30_000;
const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

describe('npm start', () => {
  // Budgets follow from what each test waits for: its starts, and its stops.
  it('serves health, refuses a second start, and leaves no Java behind on Ctrl-C; a restart keeps the data', {
    timeout: 3 * startBudgetMs + 3 * stopMs,
  }, async () => {
    const port = await freePort();
    const first = start(port);
    await until(() => first.output().includes('Press Ctrl-C'));
    expect(first.output()).toContain(`Local API: http://127.0.0.1:${port}`);
    expect(first.output()).toContain('demo county seeded');
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
    const { javaPid } = lock();

    const second = start(await freePort());
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain('already running');

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    await until(() => !isAlive(javaPid), stopMs);

    const again = start(port);
    await until(() => again.output().includes('Press Ctrl-C'));
    expect(again.output()).not.toContain('demo county seeded');
    expect((await fetch(`http://127.0.0.1:${port}/api/agencies`)).status).toBe(200);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });

  it('leaves no Java behind even when killed outright', { timeout: startBudgetMs + stopMs }, async () => {
    const run = start(await freePort());
    await until(() => run.output().includes('Press Ctrl-C'));
    const { javaPid } = lock();

    run.child.kill('SIGKILL');
    await run.exited;

    await until(() => !isAlive(javaPid), stopMs);
  });

  it('stops everything when npm itself is killed', { timeout: startBudgetMs + stopMs }, async () => {
    const port = await freePort();
    const run = startNpmStart(port, dataDir, {}, { viaNpm: true });
    await until(() => run.output().includes('Press Ctrl-C'));
    const { pid, javaPid } = lock();
    expect(pid).not.toBe(run.child.pid); // npm, then a shell, then the platform's own process

    run.child.kill('SIGTERM');
    await run.exited;

    await until(() => !isAlive(pid) && !isAlive(javaPid), stopMs);
    expect(await portFree(port)).toBe(true);
    expect(existsSync(join(dataDir, 'gongkai.lock'))).toBe(false);
  });

  it('stops everything when its terminal closes (SIGHUP)', { timeout: startBudgetMs + stopMs }, async () => {
    const port = await freePort();
    const run = start(port);
    await until(() => run.output().includes('Press Ctrl-C'));
    const { javaPid } = lock();

    run.child.kill('SIGHUP');

    expect(await run.exited).toBe(0);
    await until(() => !isAlive(javaPid), stopMs);
    expect(await portFree(port)).toBe(true);
  });

  it('fails with a clear message when the port is taken', { timeout: startBudgetMs }, async () => {
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

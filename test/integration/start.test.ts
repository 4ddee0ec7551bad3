import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, isAlive } from '../../cdk/local/services.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Started { child: ChildProcess; output: () => string; exited: Promise<number | null> }

function start(port: number): Started {
  let output = '';
  const child = spawn(process.execPath, ['cdk/local/start.ts'], { env: { ...process.env, PORT: String(port), GONGKAI_DATA_DIR: dataDir } });
  child.stdout!.on('data', (chunk) => void (output += chunk));
  child.stderr!.on('data', (chunk) => void (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function until(condition: () => boolean, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}


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

/** `npm start` as a child process (its own data folder and port), for the tests that drive it whole. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const root = fileURLToPath(new URL('../../', import.meta.url));

export function startNpmStart(port: number, dataDir: string, env: Record<string, string> = {}): Started {
  let output = '';
  const child = spawn(process.execPath, ['cdk/local/start.ts'], { cwd: root, env: { ...process.env, ...env, PORT: String(port), GONGKAI_DATA_DIR: dataDir } });
  child.stdout!.on('data', (chunk) => void (output += chunk));
  child.stderr!.on('data', (chunk) => void (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

export async function until(condition: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts `npm start` and resolves once it prints that it is ready (or rejects with what it printed). */
export async function startReady(port: number, dataDir: string, env: Record<string, string> = {}): Promise<Started> {
  const started = startNpmStart(port, dataDir, env);
  let exitCode: number | null | undefined;
  void started.exited.then((code) => void (exitCode = code));
  await until(() => started.output().includes('Press Ctrl-C') || exitCode !== undefined, 120_000).catch(() => undefined);
  if (!started.output().includes('Press Ctrl-C')) {
    started.child.kill('SIGKILL');
    throw new Error(`npm start did not become ready:\n${started.output()}`);
  }
  return started;
}

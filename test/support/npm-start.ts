/** `npm start` as a child process (its own data folder and port), for the tests that drive it whole. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { serviceStartLimitMs } from '../../cdk/local/services.ts';

/**
 * How long a start may take: Java's own bound, plus seeding and rendering the demo county (a few
 * seconds idle, up to half a minute on a loaded machine). Tests' budgets are built from this.
 */
export const startBudgetMs = serviceStartLimitMs + 60_000;

export interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The start script under this Node, or (`viaNpm`) as a person runs it: `npm start`, npm and a shell above it. */
export function startNpmStart(
  port: number,
  dataDir: string,
  env: Record<string, string> = {},
  options: { viaNpm?: boolean } = {},
): Started {
  let output = '';
  const [command, args] = options.viaNpm ? ['npm', ['start']] : [process.execPath, ['cdk/local/start.ts']];
  const child = spawn(command, args, {
    cwd: root,
    env: { APPLY_QUOTA_PER_DAY: '100000', ...process.env, ...env, PORT: String(port), GONGKAI_DATA_DIR: dataDir },
  });
  child.stdout!.on('data', (chunk) => void (output += chunk));
  child.stderr!.on('data', (chunk) => void (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

export async function until(condition: () => boolean, ms = startBudgetMs): Promise<void> {
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
  await until(() => started.output().includes('Press Ctrl-C') || exitCode !== undefined, startBudgetMs).catch(
    () => undefined,
  );
  if (!started.output().includes('Press Ctrl-C')) {
    started.child.kill('SIGKILL');
    throw new Error(`npm start did not become ready:\n${started.output()}`);
  }
  return started;
}

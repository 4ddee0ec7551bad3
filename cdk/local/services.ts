/** The embedded stand-ins: DynamoDB Local (AWS's own emulator, a Java process) and s3rver (in-process). */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import S3rver from 's3rver';

export const loopback = '127.0.0.1';
export const javaInstallCommand = 'apt-get update && apt-get install -y openjdk-17-jre-headless';

export class MissingSystemPackageError extends Error {
  constructor(what: string, command: string) {
    super(`${what} is not installed. Install it with:\n  ${command}`);
    this.name = 'MissingSystemPackageError';
  }
}

export function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0)
    throw new MissingSystemPackageError('Java (needed by DynamoDB Local)', javaInstallCommand);
}

/** Whether a process with this id exists (signal 0 only checks). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, loopback, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves when something accepts connections on the port; rejects after `timeoutMs`. */
export async function waitForPort(port: number, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null)
      throw new Error(`process exited with code ${child.exitCode} before listening on ${port}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createServer().listen(port, loopback);
      socket.once('listening', () => socket.close(() => resolve(false)));
      socket.once('error', () => resolve(true));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listening on port ${port} after ${timeoutMs} ms`);
}

/**
 * How long a local service may take to come up. A first start on a loaded 2-core machine (apt
 * running, a test suite alongside) has taken close to a minute for Java alone, so the bound is
 * generous; the waits poll and return as soon as the service answers, and fail at once if it exits.
 */
export const serviceStartLimitMs = Number(process.env.GONGKAI_SERVICE_WAIT_MS ?? 180_000);

/** Resolves once DynamoDB Local answers an API call (not merely accepts connections). */
async function waitForDynamoDb(port: number, timeoutMs: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await waitForPort(port, timeoutMs, child);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited with code ${child.exitCode}`);
    const answered = await fetch(`http://${loopback}:${port}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        authorization:
          'AWS4-HMAC-SHA256 Credential=local/20260101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: '{}',
      signal: AbortSignal.timeout(5_000),
    }).then(
      (response) => response.status < 500,
      () => false,
    );
    if (answered) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no answer on port ${port} within ${Math.round(timeoutMs / 1000)} s`);
}

export interface RunningService {
  endpoint: string;
  port: number;
  pid?: number;
  stop(): Promise<void>;
}

let setpriv: boolean | undefined;
const hasSetpriv = () => (setpriv ??= spawnSync('setpriv', ['--version']).status === 0);

const emulatorDir = join(
  dirname(createRequire(import.meta.url).resolve('amplify-dynamodb-simulator/package.json')),
  'emulator',
);

/** Whether Java can run a source file (a JDK's compiler is there): what keeps DynamoDB Local on loopback. */
let sourceLauncher: boolean | undefined;
const hasSourceLauncher = () =>
  (sourceLauncher ??= /^jdk\.compiler@/m.test(
    spawnSync('java', ['--list-modules'], { encoding: 'utf8' }).stdout ?? '',
  ));
export const jdkInstallCommand = 'apt-get update && apt-get install -y openjdk-17-jdk-headless';
const loopbackLauncher = fileURLToPath(new URL('./LoopbackDynamoDb.java', import.meta.url));

/**
 * DynamoDB Local on 127.0.0.1:`port`. It has no bind-address option of its own, so it is started
 * through `LoopbackDynamoDb.java`, which binds its connector to loopback; with only a Java runtime
 * (no compiler for the source launcher) it falls back to every interface, and says so.
 */
export async function startDynamoDbLocal(options: { port: number; dbPath?: string }): Promise<RunningService> {
  assertJava();
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  const lib = join(emulatorDir, 'DynamoDBLocal_lib');
  const onLoopback = hasSourceLauncher();
  if (!onLoopback)
    process.stderr.write(
      `Warning: DynamoDB Local will listen on every network interface (its data is reachable from the network). To keep it on 127.0.0.1, install a JDK: ${jdkInstallCommand}\n`,
    );
  const args = [
    '-Xmx512m',
    `-Djava.library.path=${lib}`,
    ...(onLoopback
      ? ['-cp', `${join(emulatorDir, 'DynamoDBLocal.jar')}:${join(lib, '*')}`, loopbackLauncher]
      : ['-jar', join(emulatorDir, 'DynamoDBLocal.jar')]),
    '-port',
    String(options.port),
    '-disableTelemetry',
    '-sharedDb',
    ...(options.dbPath ? ['-dbPath', options.dbPath] : ['-inMemory']),
  ];
  // setpriv (util-linux) asks the kernel to kill Java if this process dies in any way, even SIGKILL,
  // so a crashed start or test run leaves no emulator behind.
  const [command, prefix] = hasSetpriv() ? ['setpriv', ['--pdeathsig', 'KILL', 'java']] : ['java', []];
  const child = spawn(command, [...prefix, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk) => void (stderr += chunk));
  try {
    await waitForDynamoDb(options.port, serviceStartLimitMs, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(
      `DynamoDB Local did not start: ${(error as Error).message}. If the machine is very busy, allow longer: GONGKAI_SERVICE_WAIT_MS=300000\n${stderr}`,
    );
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    endpoint: `http://${loopback}:${options.port}`,
    port: options.port,
    pid: child.pid,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export async function startS3(options: { port: number; directory: string }): Promise<RunningService> {
  mkdirSync(options.directory, { recursive: true });
  const server = new S3rver({ address: loopback, port: options.port, directory: options.directory, silent: true });
  await server.run();
  return {
    endpoint: `http://${loopback}:${options.port}`,
    port: options.port,
    stop: () => server.close(),
  };
}

/**
 * `npm start`: DynamoDB Local and s3rver with data under .local/, the gateway on PORT (default 3000),
 * all on 127.0.0.1. Ctrl-C stops everything; a second start or a busy port fails with a clear message.
 * With GONGKAI_PROVINCE=<agencies> (`npm run seed:province`: 2,000, data under .local/province/) the
 * first start seeds a province of that many agencies instead of the demo county.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { demoPassword, demoStaff } from './demo-county.ts';
import { startPlatform } from './platform.ts';
import {
  assertJava,
  freePort,
  isAlive,
  loopback,
  MissingSystemPackageError,
  startDynamoDbLocal,
  startS3,
  type RunningService,
} from './services.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dataDir = process.env.GONGKAI_DATA_DIR ?? `${root}.local`;
const lockFile = `${dataDir}/gongkai.lock`;
const port = Number(process.env.PORT ?? 3000);
const province = process.env.GONGKAI_PROVINCE ? Number(process.env.GONGKAI_PROVINCE) : undefined;

function fail(message: string): never {
  console.error(`\n✗ ${message}\n`);
  process.exit(1);
}

/** One platform per checkout: a live lock means another `npm start`; a stale one may have left Java behind. */
function takeLock() {
  if (existsSync(lockFile)) {
    const { pid, javaPid } = JSON.parse(readFileSync(lockFile, 'utf8')) as { pid: number; javaPid?: number };
    if (isAlive(pid))
      fail(
        `gongkai is already running from this folder (process ${pid}). Stop it with Ctrl-C in its terminal, or: kill ${pid}`,
      );
    // DynamoDB Local left behind by a start that was killed outright (checked by its command line: pids get reused).
    if (javaPid && isAlive(javaPid) && readFileSync(`/proc/${javaPid}/cmdline`, 'utf8').includes('DynamoDBLocal'))
      process.kill(javaPid, 'SIGKILL');
  }
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(lockFile, JSON.stringify({ pid: process.pid }));
}

async function assertPortFree(): Promise<void> {
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    fail(`PORT must be a port number, got "${process.env.PORT}".`);
  // Its largest size is the province seed's to say (provinceAgencies), once the platform's environment
  // lets that module load: it writes through the store, which needs the table's name.
  if (province !== undefined && !(Number.isInteger(province) && province >= 1))
    fail(`GONGKAI_PROVINCE must be a number of agencies, got "${process.env.GONGKAI_PROVINCE}".`);
  await new Promise<void>((resolve) => {
    const probe = createServer();
    probe.once('error', () =>
      fail(
        `Port ${port} on ${loopback} is already in use (another npm start?). Stop that process or choose another port: PORT=${port + 1} npm start`,
      ),
    );
    probe.listen(port, loopback, () => probe.close(() => resolve()));
  });
}

/**
 * `npm start` runs this under npm (and a shell). If that parent is killed, this process is handed to
 * init and would keep the port and Java running; it notices the change of parent and stops too.
 */
function stopWithParent(stop: () => void) {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) {
      console.error('\nThe process that started gongkai (npm) has ended.');
      stop();
    }
  }, 500).unref();
}

/** The sweep is idempotent, so the local timer runs it more often than the daily schedule in AWS. */
const sweepMinutes = Number(process.env.GONGKAI_SWEEP_MINUTES ?? 60);

function startSweepTimer(url: string) {
  const run = () =>
    fetch(`${url}/api/dev/sweep`, { method: 'POST' })
      .then(async (response) => {
        if (!response.ok) console.error(`Sweep failed: ${response.status} ${await response.text()}`);
      })
      .catch((error: unknown) => console.error('Sweep failed:', error));
  void run();
  setInterval(run, sweepMinutes * 60_000).unref();
}

async function main() {
  const startedAt = performance.now();
  try {
    assertJava();
  } catch (error) {
    if (error instanceof MissingSystemPackageError) fail(error.message);
    throw error;
  }
  await assertPortFree();
  takeLock();

  const services: RunningService[] = [];
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping gongkai…');
    await Promise.allSettled([platform?.stop(), ...services.map((s) => s.stop())]);
    rmSync(lockFile, { force: true });
    process.exit(code);
  };
  // Ctrl-C, kill, a closed terminal: each stops everything. SIGKILL cannot be caught; Java then dies
  // with this process (services.ts) and s3rver and the gateway are in it.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(0));
  stopWithParent(() => void stop(0));

  let platform: Awaited<ReturnType<typeof startPlatform>> | undefined;
  try {
    const [dynamodb, s3] = await Promise.all([
      freePort().then((p) => startDynamoDbLocal({ port: p, dbPath: `${dataDir}/dynamodb` })),
      freePort().then((p) => startS3({ port: p, directory: `${dataDir}/s3` })),
    ]);
    services.push(dynamodb, s3);
    writeFileSync(lockFile, JSON.stringify({ pid: process.pid, javaPid: dynamodb.pid, port }));
    platform = await startPlatform({
      dynamodbEndpoint: dynamodb.endpoint,
      s3Endpoint: s3.endpoint,
      names: { table: 'gongkai', siteBucket: 'gongkai-site', privateBucket: 'gongkai-private' },
      port,
      keyFile: `${dataDir}/jwt-keys.json`,
      seed: province ? { province } : 'demo',
    });
    // The first start renders the public site (the county home, every agency's column).
    const { siteRendered, renderWholeSite } = await import('./site.ts');
    if (!(await siteRendered())) await renderWholeSite();
    const accounts = province ? (await import('./province.ts')).provinceStaff : demoStaff;
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    console.log(`
gongkai 公开 is running (ready in ${seconds} s${platform.seeded ? (province ? `, a province of ${province} agencies seeded` : ', demo county seeded') : ''}).

  Local API: ${platform.url}
  Health: ${platform.url}/api/health
  API docs: ${platform.url}/api/docs.html  (OpenAPI: ${platform.url}/api/openapi.json)
  Public site: ${platform.url}/
  Staff console: ${platform.url}/staff/  (sign-in: the platform's own OpenID provider at ${platform.url}/oidc)
  Demo accounts: ${platform.url}/dev/signin  (${accounts.map((s) => s.username).join(', ')}; password ${demoPassword}, with each one's current code)
  DynamoDB Local: ${dynamodb.endpoint}
  S3 (s3rver): ${s3.endpoint}
  Data: ${dataDir}

  Daily sweep: now and every ${sweepMinutes} minutes (run it any time: npm run sweep)

Press Ctrl-C to stop.`);
    startSweepTimer(platform.url);
  } catch (error) {
    console.error(error);
    await stop(1);
  }
}

await main();

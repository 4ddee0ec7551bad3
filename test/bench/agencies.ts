/**
 * `npm run bench` (agencies): what grows with the number of agencies. A province (`cdk/local/province.ts`:
 * the province, its cities and counties, their departments and towns, each with a year's counters and
 * report, every other with a 个人信息检查 finding open) is written straight into the table at 50, 500 and
 * 2,000 agencies (`BENCH_AGENCIES=50,500,2000`). Pages are asked for 20 at a time, and the form's
 * choice of agency at the first county's level: the first county and the province's first page of
 * agencies are the same at every size, so each size is compared like with like. 自查 is run in full after each
 * size is written, then measured incremental with nothing changed, beside the portal-wide 自查 report: both runs worked
 * to their end in this process as the jobs function works its turns (the platform's workers are held still here, and
 * the local route, `POST /api/dev/inspection`, only starts the job), the incremental one a turn at a time with its
 * calls counted in this process, apart from the platform's. At each size every request below is made through the local
 * gateway (the platform in its own process, its workers held still), once cold (its first time at
 * that size) and `BENCH_AGENCY_REQUESTS` times
 * (default 7) warm: the median latency, and what the request asked of the table, counted in the
 * platform's process (calls, items read, read capacity with ReturnConsumedCapacity TOTAL), and the
 * bytes of the answer. Target: each at 2,000 agencies within 1.3x of 50 in time, calls, items read,
 * read and write capacity and bytes (a job that reads little but writes an item per agency grows too).
 */
import type { Job } from '#store/jobs.ts';
import { signIn } from '../support/platform.ts';
import { putAll } from '../support/table.ts';
import { startBenchPlatform } from './bench-platform.ts';
import { countTableUse, type TableUse, useSince } from '../support/table-use.ts';
import { median, spread } from './stats.ts';

process.env.BENCH_OWN_WORKERS = '1'; // no poller's reads among a request's
process.env.BENCH_SEED = 'none'; // the province is the portal: no demo county beside it
const sizes = (process.env.BENCH_AGENCIES ?? '50,500,2000').split(',').map(Number);
const requests = Number(process.env.BENCH_AGENCY_REQUESTS ?? 7);
const target = 1.3;
const year = new Date().getUTCFullYear() - 1;

const bench = await startBenchPlatform();
// The table's clients read their configuration when first imported: after the platform has set it.
const [{ addProvinceSums, provinceAgencies, provinceFirst, provinceRecords, provinceStaff }, { putStaff }, { db }] =
  await Promise.all([import('../../cdk/local/province.ts'), import('#store/staff.ts'), import('#lib/dynamo.ts')]);
/** What the jobs this process works (自查) ask of the table; the platform's process counts its requests'. */
const ownUse = countTableUse(db);
/** What they ask of the site bucket: list requests, and all requests (lists, reads, HEADs). */
const s3Use = { lists: 0, requests: 0 };
(await import('#lib/s3.ts')).s3.middlewareStack.add(
  (next, context) => async (args) => {
    s3Use.requests += 1;
    if (context.commandName === 'ListObjectsCommand') s3Use.lists += 1;
    return next(args);
  },
  { step: 'initialize', name: 'benchS3Use' },
);
await Promise.all(provinceStaff.map(putStaff));
const tokens = new Map<string, string>();
const tokenOf = async (user: string) => {
  if (!tokens.has(user)) tokens.set(user, await signIn(bench.url, user));
  return tokens.get(user)!;
};

interface Probe {
  name: string;
  path: string;
  user?: string;
  method?: 'GET' | 'POST';
  body?: unknown;
  /** Before each request, not counted. */
  before?: () => Promise<void>;
  /** Work done in this process instead of a request (a job's turns, as the jobs function works them), counted here. */
  work?: () => Promise<void>;
}

/**
 * The renderer's part, as the stream would have done it: the render tasks the sweep left are taken
 * off (the platform's workers are held still here), so each run finds the queue as a quiet day does.
 */
async function renderQueueDone() {
  const { db, tableName } = await import('#lib/dynamo.ts');
  const { listRenderTasks } = await import('#store/render-queue.ts');
  const { DeleteCommand } = await import('@aws-sdk/lib-dynamodb');
  for (const task of await listRenderTasks(100))
    await db.send(new DeleteCommand({ TableName: tableName, Key: { pk: 'RENDER', sk: task.sk } }));
}
const county = `${provinceFirst.county}-reviewer`;
const probes: Probe[] = [
  { name: 'county overview of reports', path: `/api/reports/${year}?limit=20`, user: county },
  { name: 'province overview of reports', path: `/api/reports/${year}?limit=20`, user: 'sheng-reviewer' },
  { name: 'county 工作统计', path: `/api/staff/statistics?year=${year}&limit=20`, user: county },
  { name: 'province 工作统计', path: `/api/staff/statistics?year=${year}&limit=20`, user: 'sheng-reviewer' },
  { name: 'privacy findings, portal-wide', path: '/api/staff/privacy?scope=county&limit=20', user: 'sheng-reviewer' },
  { name: 'daily sweep, nothing due', path: '/api/dev/sweep', method: 'POST', before: renderQueueDone },
  // 自查 run to its end with no page changed since the last, in this process, a turn at a time. Its
  // channel check fetches the public form page, which lists the top government's agencies (a page of
  // at most 100, the form's): the public function's work, counted in the platform's process, not here.
  { name: '自查, incremental, no change', path: '', work: () => inspectionRun(false) },
  { name: '自查 report, portal-wide', path: '/api/staff/inspection', user: 'sheng-admin' },
  { name: 'GET /api/agencies', path: '/api/agencies' },
  { name: 'GET /api/staff/agencies', path: '/api/staff/agencies', user: 'sheng-admin' },
  { name: 'GET /api/staff/users (agencies)', path: '/api/staff/users', user: 'sheng-admin' },
  { name: 'the form page /apply (agencies)', path: `/apply?under=${provinceFirst.county}` },
];

interface Measure {
  ms: number;
  spread: string;
  cold: TableUse;
  warm: TableUse;
  bytes: number;
  status: number;
}

async function once(probe: Probe): Promise<{ ms: number; use: TableUse; bytes: number; status: number }> {
  if (probe.work) {
    const before = { ...ownUse };
    const started = performance.now();
    await probe.work();
    return { ms: performance.now() - started, use: useSince(ownUse, before), bytes: 0, status: 200 };
  }
  const headers: Record<string, string> = {
    ...(probe.user && { authorization: `Bearer ${await tokenOf(probe.user)}` }),
    ...(probe.body !== undefined && { 'content-type': 'application/json' }),
  };
  await probe.before?.();
  const before = await bench.tableUse();
  const started = performance.now();
  const response = await fetch(`${bench.url}${probe.path}`, {
    method: probe.method ?? 'GET',
    headers,
    ...(probe.body !== undefined && { body: JSON.stringify(probe.body) }),
  });
  const body = await response.arrayBuffer();
  const ms = performance.now() - started;
  const use = useSince(await bench.tableUse(), before);
  return { ms, use, bytes: body.byteLength, status: response.status };
}

async function measure(probe: Probe): Promise<Measure> {
  const cold = await once(probe);
  const runs: Awaited<ReturnType<typeof once>>[] = [];
  for (let i = 0; i < requests; i++) runs.push(await once(probe));
  const mid = (pick: (use: TableUse) => number) => median(runs.map((r) => pick(r.use)));
  return {
    ms: median(runs.map((r) => r.ms)),
    spread: spread(runs.map((r) => r.ms)),
    cold: cold.use,
    warm: {
      calls: mid((u) => u.calls),
      trips: mid((u) => u.trips),
      items: mid((u) => u.items),
      rcu: mid((u) => u.rcu),
      wcu: mid((u) => u.wcu),
    },
    bytes: median(runs.map((r) => r.bytes)),
    status: cold.status,
  };
}

const results = new Map<string, Map<number, Measure>>(probes.map((p) => [p.name, new Map()]));
const sweep = probes.find((p) => p.path === '/api/dev/sweep')!;
await once(sweep); // the day's first run starts its jobs once
// The site as rendered once (the province is written, not rendered): the journal 自查 reads from.
await (await import('#store/site-changes.ts')).journalSiteChanges(['index.html'], []);
/**
 * 自查 worked to its end in this process as the jobs function works its turns, each turn starting
 * from what the last saved (through JSON, as the table keeps it): in full a slice a turn, each turn's
 * table calls and items read, and S3 lists and requests, logged (at 2,000 agencies the run takes
 * longer than one request's 25 s); an incremental run in one turn, as its time allows.
 */
async function inspectionRun(full: boolean) {
  const { inspection } = await import('../../functions/jobs/inspection.ts');
  const at = new Date().toISOString();
  let job: Job = {
    id: `bench-${full ? 'full' : 'incremental'}`,
    kind: 'inspection',
    params: { full },
    state: 'running',
    by: 'bench',
    agencyId: '',
    createdAt: at,
    updatedAt: at,
    progress: { done: 0, total: 0 },
    cursor: 0,
  };
  const started = performance.now();
  const turns: string[] = [];
  for (let done = false; !done; ) {
    const before = { ...ownUse };
    const s3Before = { ...s3Use };
    let slices = 0;
    done = await inspection(
      JSON.parse(JSON.stringify(job)),
      () => !full || slices === 0,
      async (step) => {
        slices += 1;
        job = JSON.parse(JSON.stringify({ ...job, ...step }));
      },
    );
    const turn = useSince(ownUse, before);
    turns.push(`${turn.calls}/${turn.items}/${s3Use.lists - s3Before.lists}/${s3Use.requests - s3Before.requests}`);
  }
  const { agenciesJudged } = job.result as { agenciesJudged: number };
  if (full)
    console.error(
      `  自查 in full: ${agenciesJudged} agencies in ${((performance.now() - started) / 1000).toFixed(1)} s, ` +
        `${turns.length} turns (table calls/items read/S3 lists/S3 requests each: ${turns.join(' ')})`,
    );
}
let written = 0;
for (const size of sizes) {
  const agencies = provinceAgencies(size);
  const seeding = performance.now();
  await putAll(provinceRecords(agencies.slice(written), year));
  await addProvinceSums(agencies.slice(written), year);
  written = size;
  console.error(`${size} agencies written in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
  // 自查 checks every agency once, as the new agencies' first pages would have it do (a written
  // agency has no pages): the runs measured are incremental with nothing changed.
  await inspectionRun(true);
  // The day's first run after they were written places each new agency on the agenda of report
  // reminders (a new agency is looked at once, at once), and sends the e-mail 自查 left (the mailer is
  // held still here): the runs measured are of a day with nothing due.
  await once(sweep);
  // Every function loaded and warm before the first size is measured.
  if (size === sizes[0]) for (const probe of probes) for (let i = 0; i < 3; i++) await once(probe);
  for (const probe of probes) {
    const measured = await measure(probe);
    results.get(probe.name)!.set(size, measured);
    console.error(
      `  ${probe.name}: ${measured.status}, ${measured.ms.toFixed(0)} ms, ${measured.cold.calls} calls, ${measured.cold.items} items, ${measured.cold.wcu} WCU`,
    );
  }
}
await bench.stop();

const [small] = sizes;
const large = sizes.at(-1)!;
console.log(
  `\nWhat grows with the number of agencies (a province at ${sizes.join(', ')} agencies; local gateway, DynamoDB Local; ` +
    `latency the median of ${requests} warm requests; table use counted in the platform's process: cold = the request's ` +
    `first time at that size; warm = the median)\n`,
);
console.log(
  '| request                          | agencies | status | latency ms (p10–p90)  | calls cold/warm | items read cold/warm | RCU cold/warm   | WCU cold/warm   | KB     | vs 50: ms, calls, items, RCU, WCU, KB |',
);
console.log(
  '| -------------------------------- | -------: | -----: | --------------------- | --------------- | -------------------- | --------------- | --------------- | -----: | ------------------------------------- |',
);
const misses: string[] = [];
for (const probe of probes) {
  const bySize = results.get(probe.name)!;
  const base = bySize.get(small!)!;
  for (const size of sizes) {
    const m = bySize.get(size)!;
    const ratio = (a: number, b: number) => (b === 0 ? (a === 0 ? 1 : Number.POSITIVE_INFINITY) : a / b);
    // Calls and writes beside the reads: a job that reads little but writes an item per agency grows too.
    const ratios = [
      ratio(m.ms, base.ms),
      ratio(m.cold.calls, base.cold.calls),
      ratio(m.cold.items, base.cold.items),
      ratio(m.cold.rcu, base.cold.rcu),
      ratio(m.cold.wcu, base.cold.wcu),
      ratio(m.bytes, base.bytes),
    ];
    console.log(
      `| ${probe.name.padEnd(32)} | ${String(size).padStart(8)} | ${String(m.status).padStart(6)} | ${`${m.ms.toFixed(1)} (${m.spread})`.padEnd(21)} | ${`${m.cold.calls} / ${m.warm.calls}`.padEnd(15)} | ${`${m.cold.items} / ${m.warm.items}`.padEnd(20)} | ${`${m.cold.rcu} / ${m.warm.rcu}`.padEnd(15)} | ${`${m.cold.wcu} / ${m.warm.wcu}`.padEnd(15)} | ${(m.bytes / 1024).toFixed(1).padStart(6)} | ${ratios
        .map((r) => `${r.toFixed(2)}x`)
        .join(', ')
        .padEnd(37)} |`,
    );
    if (size === large && Math.max(...ratios) > target)
      misses.push(`${probe.name} (${ratios.map((r) => r.toFixed(2)).join(', ')})`);
  }
}
console.log(
  misses.length
    ? `✗ at ${large.toLocaleString('en')} agencies, beyond ${target}x of ${small} in time, calls, items, RCU, WCU or bytes: ${misses.join('; ')}`
    : `✓ at ${large.toLocaleString('en')} agencies every request within ${target}x of ${small} in time, calls, items read, read and write capacity and bytes.`,
);
if (misses.length) process.exitCode = 1;

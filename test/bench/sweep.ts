/**
 * `npm run bench` (eighth part): the daily sweep with 10 and with 100,000 open applications on
 * record, run in this process against the bench's services (the platform's own workers held still).
 * With nothing due: the run's latency and DynamoDB items read (median of 9; target: 100,000 within
 * 1.3x of 10). With 1% due (1 of 100, then 1,000 of 100,000, each marked overdue): milliseconds and
 * items read per application acted on (target: within 1.3x). Applications are written straight into
 * the table as the steps leave them, with their place on the sweep's agenda. After each run this
 * process plays the renderer for what the sweep handed it, as the stream would (not timed).
 */
import { startBenchPlatform } from './bench-platform.ts';
import { median, spread } from './stats.ts';
import { itemsReadCounter, putAll } from '../support/table.ts';

process.env.BENCH_OWN_WORKERS = '1';
const large = Number(process.env.BENCH_SWEEP_APPLICATIONS ?? 100_000);
const target = 1.3;

const bench = await startBenchPlatform();
const [, keys, { queueAttributes }, { runSweep }, { renderNewTasks }] = await Promise.all([
  import('#lib/dynamo.ts'),
  import('#store/keys.ts'),
  import('#store/placement.ts'),
  import('../../functions/sweep/sweep.ts'),
  import('../../cdk/local/site.ts'),
]);

const counter = await itemsReadCounter();

let serial = 0;
/** `count` open applications of one agency: due now (received in January, long overdue) or not until 2099. */
async function seed(count: number, due: boolean) {
  const records: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const receiptNumber = `SW-2026-${String(++serial).padStart(6, '0')}`;
    const receiptDate = due ? '2026-01-05' : '2026-11-02';
    const application = {
      receiptNumber,
      agencyId: 'lushuihe',
      receiptDate,
      submittedAt: `${receiptDate}T02:00:00.000Z`,
      status: 'inProgress',
      version: 2,
      uploads: [],
      applicant: {
        kind: 'person',
        name: '李明',
        idType: 'resident',
        idNumber: `1101051949${String(serial).padStart(8, '0')}`,
        phone: '13800000000',
      },
      request: { title: `某项政府信息（第 ${serial} 件）` },
      delivery: { medium: 'email', method: 'email' },
    };
    const sweepOn = due ? '2026-02-03' : '2099-01-01';
    records.push(
      {
        ...keys.application(receiptNumber),
        ...keys.agencyApplications('lushuihe', receiptDate, receiptNumber),
        ...queueAttributes(application as never, due ? '2026-02-02' : '2026-11-30'),
        ...application,
      },
      {
        ...keys.openApplication(receiptNumber),
        ...keys.sweepAgenda(sweepOn, receiptNumber),
        receiptNumber,
        agencyId: 'lushuihe',
        version: 2,
        queueDue: due ? '2026-02-02' : '2026-11-30',
        sweepOn,
        state: { status: 'inProgress', clock: { receiptDate } },
      },
    );
  }
  await putAll(records);
}

const now = new Date('2026-12-02T17:00:00Z');
async function sweep() {
  counter.read = 0;
  const started = performance.now();
  const report = await runSweep(now);
  const run = { ms: performance.now() - started, items: counter.read, report };
  // The renderer's part, as the stream would wake it (the sweep's nudge, its search fold): not timed.
  await renderNewTasks();
  return run;
}
async function idle() {
  const runs = [];
  for (let i = 0; i < 9; i++) runs.push(await sweep());
  if (runs.some((r) => r.report.due !== 0))
    throw new Error(`the sweep found something due: ${JSON.stringify(runs[0]!.report)}`);
  return {
    ms: median(runs.map((r) => r.ms)),
    items: median(runs.map((r) => r.items)),
    spread: spread(runs.map((r) => r.ms)),
  };
}
async function dueRun(count: number) {
  await seed(count, true);
  const run = await sweep();
  if (run.report.done.markOverdue !== count)
    throw new Error(`expected ${count} marked overdue: ${JSON.stringify(run.report)}`);
  return { ms: run.ms / count, items: run.items / count, total: run.ms };
}

await sweep(); // the demo county's own first run (and a warm-up)
await seed(10, false);
const smallIdle = await idle();
await seed(89, false);
const smallDue = await dueRun(1);
await seed(large - 100, false);
const largeIdle = await idle();
const largeDue = await dueRun(large / 100);
await bench.stop();

console.log(`\nThe daily sweep (in process; DynamoDB Local; idle: median of 9 runs, p10–p90 shown)\n`);
console.log(
  '| run                        | open applications | latency     | items read | per application acted on | latency vs small | items vs small |',
);
console.log(
  '| -------------------------- | ----------------: | ----------: | ---------: | ------------------------ | ---------------: | -------------: |',
);
const idleRatio = Math.max(largeIdle.ms / smallIdle.ms, largeIdle.items / smallIdle.items);
const dueRatio = Math.max(largeDue.ms / smallDue.ms, largeDue.items / smallDue.items);
const row = (run: string, open: number, ms: number, items: string, per: string, ratios: [number, number]) =>
  console.log(
    `| ${run.padEnd(26)} | ${open.toLocaleString('en').padStart(17)} | ${ms.toFixed(1).padStart(8)} ms | ${items.padStart(10)} | ${per.padEnd(24)} | ${ratios[0].toFixed(2).padStart(15)}x | ${ratios[1].toFixed(2).padStart(13)}x |`,
  );
const per = (due: { ms: number; items: number }) => `${due.ms.toFixed(1)} ms, ${due.items.toFixed(1)} items`;
row('nothing due', 10, smallIdle.ms, String(smallIdle.items), `runs ${smallIdle.spread} ms`, [1, 1]);
row('nothing due', large, largeIdle.ms, String(largeIdle.items), `runs ${largeIdle.spread} ms`, [
  largeIdle.ms / smallIdle.ms,
  largeIdle.items / smallIdle.items,
]);
row('1% due (1 of 100)', 100, smallDue.total, '–', per(smallDue), [1, 1]);
row(
  `1% due (${(large / 100).toLocaleString('en')} of ${large.toLocaleString('en')})`,
  large,
  largeDue.total,
  '–',
  per(largeDue),
  [largeDue.ms / smallDue.ms, largeDue.items / smallDue.items],
);
const misses = [
  idleRatio > target && `nothing due: ${idleRatio.toFixed(2)}x`,
  dueRatio > target && `1% due, per application: ${dueRatio.toFixed(2)}x`,
].filter(Boolean);
console.log(
  misses.length
    ? `✗ ${misses.join('; ')} (target ≤ ${target}x)`
    : `✓ at ${large.toLocaleString('en')} open applications the idle sweep, and the work per application acted on, within ${target}x of the small figures.`,
);
if (misses.length) process.exitCode = 1;

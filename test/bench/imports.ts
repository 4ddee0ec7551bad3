/**
 * `npm run bench` (imports): a county's old catalogue of 10,000 rows (`BENCH_IMPORT_ROWS`), dated
 * 2014–2020, brought in through the API as the console sends it (500 rows a call): the dry run's
 * calls (each must answer within the API's 29 s), the staging calls, then the approved batch's job
 * (run here, with the platform's own workers held still) and the renderer's first rounds over the
 * tasks it queued. Prints the time and rate of each, and the files the renderer writes per item,
 * with the ratios of the large import to a 100-row one measured in the same run, and the job's rate
 * in rows per second beside its floor in the same run: the very items the job wrote (every put, of
 * a transaction or a batch, under keys of their own) written again in batch writes of 25, nothing
 * read. Also the job's DynamoDB calls and items written per row. Target: the job's time per row and
 * the files per item at 10,000 rows within 1.5x of 100 rows.
 */
import { randomBytes } from 'node:crypto';
import { publisher } from '../support/publications.ts';
import { startBenchPlatform } from './bench-platform.ts';
import { median } from './stats.ts';

process.env.BENCH_OWN_WORKERS = '1';
const large = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);
const small = 100;
const target = 1.5;
const perCall = 500;

const bench = await startBenchPlatform();
const staff = publisher(bench.url);
const [{ renderPending }, { runJobTurn }, { jobKinds }] = await Promise.all([
  import('../../functions/renderer/queue.ts'),
  import('#store/job-turns.ts'),
  import('../../functions/jobs/run.ts'),
]);

const categories = ['其他应当主动公开的信息', '财政预算决算', '规划信息', '行政规范性文件', '统计信息'];
const topics = ['综合政务', '财政、金融、审计', '城乡建设、环境保护', '农业、林业、水利'];
function rowsOf(count: number, tag: string) {
  return Array.from({ length: count }, (_, i) => {
    const day = new Date(Date.UTC(2014, 0, 2) + Math.floor((i * 2550) / count) * 86_400_000);
    const written = day.toISOString().slice(0, 10);
    const published = new Date(day.getTime() + 5 * 86_400_000).toISOString().slice(0, 10);
    const category = categories[i % categories.length]!;
    return {
      row: i + 2,
      title: `露水河镇历史信息${tag}第${i + 1}号：关于${topics[i % topics.length]}工作的通知`,
      category,
      topic: topics[i % topics.length],
      documentNumber: `露政发〔${written.slice(0, 4)}〕${(i % 300) + 1}号`,
      writtenOn: written,
      publishedOn: published,
      ...(category === '行政规范性文件' && { validity: '有效' }),
      summary: `历史信息迁移（${tag}）第 ${i + 1} 条。`,
      body: `根据工作安排，现将有关事项通知如下。\n\n一、……\n\n二、……（第 ${i + 1} 条）`,
    };
  });
}

async function importOf(count: number) {
  const tag = randomBytes(3).toString('hex');
  const rows = rowsOf(count, tag);
  const calls = (dryRun: boolean, batch?: string) => {
    const chunks = [];
    for (let i = 0; i < rows.length; i += perCall) chunks.push(rows.slice(i, i + perCall));
    return chunks.map((chunk) => ({ dryRun, ...(batch && { batch }), rows: chunk }));
  };
  const dryTimes: number[] = [];
  const dryStart = performance.now();
  for (const body of calls(true)) {
    const started = performance.now();
    const { status, body: answer } = await staff.call('handler', 'POST', '/api/staff/imports/publications', body);
    if (status !== 200 || answer.errors.length)
      throw new Error(`dry run: ${status} ${JSON.stringify(answer).slice(0, 300)}`);
    dryTimes.push(performance.now() - started);
  }
  const dry = performance.now() - dryStart;
  const stageStart = performance.now();
  let batch: { id: string; version: number } | undefined;
  for (const body of calls(false)) {
    const { status, body: answer } = await staff.call('handler', 'POST', '/api/staff/imports/publications', {
      ...body,
      ...(batch && { batch: batch.id }),
    });
    if (status !== 200) throw new Error(`staging: ${status} ${JSON.stringify(answer).slice(0, 300)}`);
    batch = answer.batch;
  }
  const staged = performance.now() - stageStart;
  const submitted = await staff.call('handler', 'POST', `/api/staff/imports/publications/${batch!.id}/actions`, {
    version: batch!.version,
    action: { type: 'submit' },
  });
  const approved = await staff.call('reviewer', 'POST', `/api/staff/imports/publications/${batch!.id}/actions`, {
    version: submitted.body.version,
    action: { type: 'approve', secrecyCheck: '同意导入。' },
  });
  const writes = await watchWrites();
  const jobStart = performance.now();
  const state = await runJobTurn(
    { jobId: approved.body.jobId, sk: `bench#${approved.body.jobId}`, kind: 'importPublications' },
    jobKinds,
    () => Number.POSITIVE_INFINITY,
  );
  const job = performance.now() - jobStart;
  const written = writes.stop();
  if (state !== 'done') throw new Error(`the import job ended ${state}`);
  const detail = await staff.call('reviewer', 'GET', `/api/staff/imports/publications/${batch!.id}`);
  if (detail.body.result.published !== count) throw new Error(`published ${JSON.stringify(detail.body.result)}`);
  // The renderer over the import's tasks for up to 20 s (a round at a time): the files it writes per item.
  const renderStart = performance.now();
  const until = renderStart + 20_000;
  const site = await renderPending({
    waitMs: 60_000,
    timeLeft: () => (performance.now() < until ? Number.POSITIVE_INFINITY : 0),
  });
  const render = performance.now() - renderStart;
  const floor = await writeFloor(written.items);
  return {
    count,
    dry,
    dryCall: median(dryTimes),
    dryMax: Math.max(...dryTimes),
    staged,
    job,
    tasks: site.tasks,
    files: site.written,
    render,
    calls: written.calls,
    itemsWritten: written.items.length,
    floor,
  };
}

/**
 * What the job sends DynamoDB while it runs (in this process): its calls by kind, and every item it
 * puts, in a transaction, a batch or alone (updates of sequences and counters are left out of the floor).
 */
async function watchWrites() {
  const { db } = await import('#lib/dynamo.ts');
  const send = db.send.bind(db);
  const calls = new Map<string, number>();
  const items: Record<string, unknown>[] = [];
  const input = (command: unknown) => (command as { input: Record<string, any> }).input;
  db.send = ((command: unknown, ...rest: unknown[]) => {
    const name = (command as object).constructor.name.replace(/Command$/, '');
    calls.set(name, (calls.get(name) ?? 0) + 1);
    const { TransactItems, RequestItems, Item } = input(command);
    for (const t of TransactItems ?? []) if (t.Put) items.push(t.Put.Item);
    if (name === 'BatchWrite')
      for (const requests of Object.values(RequestItems) as { PutRequest?: { Item: Record<string, unknown> } }[][])
        for (const r of requests) if (r.PutRequest) items.push(r.PutRequest.Item);
    if (name === 'Put' && Item) items.push(Item);
    return send(command as never, ...(rest as []));
  }) as typeof db.send;
  return {
    stop() {
      db.send = send as typeof db.send;
      return { calls, items };
    },
  };
}

/**
 * The floor the job is measured against, in the same run: the items it wrote, written again under
 * keys of their own (index keys too, so no list or index the platform reads sees them) in batch
 * writes of 25, one after another.
 */
async function writeFloor(items: Record<string, unknown>[]) {
  const { batchWrite } = await import('#lib/dynamo.ts');
  const tag = randomBytes(3).toString('hex');
  const rekeyed = items.map((item) =>
    Object.fromEntries(
      Object.entries(item).map(([name, value]) => [
        name,
        /^(pk|gsi\dpk)$/.test(name) ? `BENCHFLOOR#${tag}#${value}` : value,
      ]),
    ),
  );
  const start = performance.now();
  await batchWrite(rekeyed.map((Item) => ({ PutRequest: { Item } })));
  return performance.now() - start;
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const rate = (count: number, ms: number) => ((count / ms) * 1000).toFixed(0);
const smallRun = await importOf(small);
const largeRun = await importOf(large);
console.log(`\nImport of history: ${small} and ${large} catalogue rows (${perCall} a call), 2014–2020`);
for (const run of [smallRun, largeRun])
  console.log(
    `  ${String(run.count).padStart(6)} rows: dry run ${fmt(run.dry)} (a call: median ${run.dryCall.toFixed(0)} ms, slowest ${run.dryMax.toFixed(0)} ms); staging ${fmt(run.staged)}; job ${fmt(run.job)} (${rate(run.count, run.job)} rows/s, ${(run.job / run.count).toFixed(1)} ms a row); renderer ${(run.files / run.tasks).toFixed(1)} files an item over ${run.tasks} items in ${fmt(run.render)} (${(run.render / run.tasks).toFixed(0)} ms an item)`,
  );
for (const run of [smallRun, largeRun]) {
  const perRowCalls = [...run.calls]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, n]) => `${name} ${(n / run.count).toFixed(2)}`)
    .join(', ');
  console.log(
    `  ${String(run.count).padStart(6)} rows: the job ${rate(run.count, run.job)} rows/s; its floor in this run (the ${run.itemsWritten} items it put, ${(run.itemsWritten / run.count).toFixed(1)} a row, in batch writes) ${rate(run.count, run.floor)} rows/s: the job takes ${(run.job / run.floor).toFixed(1)}x. Calls a row: ${perRowCalls}`,
  );
}
const perRow = largeRun.job / largeRun.count / (smallRun.job / smallRun.count);
const files = largeRun.files / largeRun.tasks / (smallRun.files / smallRun.tasks);
console.log(
  `  job time a row: ${perRow.toFixed(2)}x of ${small} rows; files an item: ${files.toFixed(2)}x (target ≤ ${target}x)`,
);
console.log(`  slowest dry-run call: ${largeRun.dryMax.toFixed(0)} ms (API limit 29,000 ms)`);
await bench.stop();
if (perRow > target || files > target || largeRun.dryMax > 29_000) {
  console.log('✗ imports: above target');
  process.exitCode = 1;
} else console.log('✓ imports: within target');

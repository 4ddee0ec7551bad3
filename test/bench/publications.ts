/**
 * `npm run bench` (third part): publishing one item through the local gateway (draft → submit →
 * approve) in a county of 50 agencies, with 10, 1,000 and 100,000 items already published
 * (`BENCH_PUBLISHED`). The approve step answers once its
 * transaction commits; the renderer (the stream-driven function, played here by this process with
 * the platform's own workers held still) then writes the site. Prints the median latency of the
 * step's answer, the time the renderer took (the step waited for both before the renderer was a
 * function of its own), and the files and bytes it wrote, with ratios to the 10-item figures.
 * Target: at the largest size the answer and the render within 1.3x of 10, the same files, bytes within 1.3x.
 */
import { publicationContent, publisher, seedCatalogue } from '../support/publications.ts';
import { startBenchPlatform } from './bench-platform.ts';
import { median, spread } from './stats.ts';

process.env.BENCH_OWN_WORKERS = '1';
const perSize = Number(process.env.BENCH_PUBLICATIONS ?? 30);
const sizes = [10, 1000, Number(process.env.BENCH_PUBLISHED ?? 100_000)];
const target = 1.3;

const bench = await startBenchPlatform();
const url = bench.url;
const staff = publisher(url);
const [{ renderNewTasks }, { putAgency }] = await Promise.all([
  import('../../cdk/local/site.ts'),
  import('#store/agencies.ts'),
]);
// A county of 50 agencies: the demo county's 4, and 46 more towns.
await Promise.all(
  Array.from({ length: 46 }, (_, i) =>
    putAgency({
      id: `bench-town-${i + 1}`,
      name: `示例第${i + 1}镇人民政府`,
      kind: 'town',
      parentId: 'fusong',
      order: 100 + i,
      acceptsApplications: true,
      code: `Z${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}`,
    }),
  ),
);

const rows: { size: number; answer: number; render: number; written: number; bytes: number; spread: string }[] = [];

/** One publication: the approve step's answer time, then the renderer's run for its task. */
async function publishOne() {
  const created = await staff.call('handler', 'POST', '/api/staff/publications', publicationContent());
  const submitted = await staff.step(created.body.id, created.body.version, { type: 'submit' });
  const started = performance.now();
  await staff.step(created.body.id, submitted.version, { type: 'approve', secrecyCheck: '同意' }, 'reviewer', {
    settle: false,
  });
  const answered = performance.now();
  const site = await renderNewTasks();
  if (site?.state !== 'done' || site.tasks !== 1)
    throw new Error(`the renderer did not render the publication's task: ${JSON.stringify(site)}`);
  return { answer: answered - started, render: performance.now() - answered, written: site.written, bytes: site.bytes };
}

// The demo county's own first pages (its archived report), before anything is counted.
await renderNewTasks();
// The first 10 items are published for real: they also warm the platform up before anything is timed.
for (let i = 0; i < sizes[0]!; i++) await publishOne();
let last = sizes[0]!;
for (const size of sizes) {
  // Bring the catalogue to `size` items (those published by earlier rounds count).
  if (size > last) await seedCatalogue(size, 'lushuihe', 'finance', last + 1);
  const runs = [];
  for (let i = 0; i < perSize; i++) runs.push(await publishOne());
  last = Math.max(size, last) + perSize;
  rows.push({
    size,
    answer: median(runs.map((r) => r.answer)),
    render: median(runs.map((r) => r.render)),
    written: median(runs.map((r) => r.written)),
    bytes: median(runs.map((r) => r.bytes)),
    spread: `${spread(runs.map((r) => r.answer))} / ${spread(runs.map((r) => r.render))}`,
  });
}
await bench.stop();

const base = rows[0]!;
console.log(
  `\nPublishing one item in a county of 50 agencies (approve step's answer, then the renderer's run for its task; median of ${perSize} at each size; local gateway, DynamoDB Local, s3rver)\n`,
);
console.log(
  '| items already published | answer   | render   | p10–p90 ms (answer / render) | answer + render | files written | bytes written | answer vs 10 | render vs 10 | bytes vs 10 |',
);
console.log(
  '| ----------------------- | -------- | -------- | ---------------------------- | --------------- | ------------- | ------------- | ------------ | ------------ | ----------- |',
);
for (const row of rows) {
  console.log(
    `| ${String(row.size).padStart(23)} | ${row.answer.toFixed(1).padStart(5)} ms | ${row.render.toFixed(1).padStart(5)} ms | ${row.spread.padStart(28)} | ${(row.answer + row.render).toFixed(1).padStart(12)} ms | ${String(row.written).padStart(13)} | ${String(row.bytes).padStart(13)} | ${(row.answer / base.answer).toFixed(2).padStart(11)}x | ${(row.render / base.render).toFixed(2).padStart(11)}x | ${(row.bytes / base.bytes).toFixed(2).padStart(10)}x |`,
  );
}
console.log(
  `\nThe step used to answer after answer + render (${(base.answer + base.render).toFixed(1)} ms at 10 items); it now answers after ${base.answer.toFixed(1)} ms (${((base.answer + base.render) / base.answer).toFixed(1)}x sooner).`,
);
const largest = rows.at(-1)!;
const misses = [
  largest.answer / base.answer > target && `answer ${(largest.answer / base.answer).toFixed(2)}x`,
  largest.render / base.render > target && `render ${(largest.render / base.render).toFixed(2)}x`,
  largest.written !== base.written && `${largest.written} files vs ${base.written}`,
  largest.bytes / base.bytes > target && `bytes ${(largest.bytes / base.bytes).toFixed(2)}x`,
].filter(Boolean);
console.log(
  misses.length
    ? `✗ at ${largest.size.toLocaleString('en-US')} items: ${misses.join(', ')} (target ≤ ${target}x, the same files).`
    : `✓ at ${largest.size.toLocaleString('en-US')} items the answer, the render and the bytes within ${target}x of 10, and the same files written.`,
);
if (misses.length) process.exitCode = 1;

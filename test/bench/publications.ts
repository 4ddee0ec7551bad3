/**
 * `npm run bench` (third part): publishing one item through the local gateway (draft → submit →
 * approve, which renders the site) with 10, 1,000 and 10,000 items already published. Prints the
 * median latency of the approving step, the files it wrote, and the ratio to the 10-item figures.
 * Target: the 10,000 figure within 1.3x of the 10 figure.
 */
import { publicationContent, publisher, seedCatalogue } from '../support/publications.ts';
import { startBenchPlatform } from './bench-platform.ts';

const perSize = Number(process.env.BENCH_PUBLICATIONS ?? 30);
const sizes = [10, 1000, 10000];
const target = 1.3;

const bench = await startBenchPlatform();
const url = bench.url;
const staff = publisher(url);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const rows: { size: number; ms: number; written: number }[] = [];
// The first 10 items are published for real: they also warm the platform up before anything is timed.
for (let i = 0; i < sizes[0]!; i++) await staff.publish();
let last = sizes[0]!;
for (const size of sizes) {
  // Bring the catalogue to `size` items (those published by earlier rounds count).
  if (size > last) await seedCatalogue(size, 'lushuihe', 'finance', last + 1);
  const times: number[] = [];
  const written: number[] = [];
  for (let i = 0; i < perSize; i++) {
    const created = await staff.call('handler', 'POST', '/api/staff/publications', publicationContent());
    const submitted = await staff.step(created.body.id, created.body.version, { type: 'submit' });
    const started = performance.now();
    const approved = await staff.step(created.body.id, submitted.version, { type: 'approve', secrecyCheck: '同意' }, 'reviewer');
    times.push(performance.now() - started);
    written.push(approved.site.written);
  }
  last = Math.max(size, last) + perSize;
  rows.push({ size, ms: median(times), written: median(written) });
}
await bench.stop();

const base = rows[0]!;
console.log(`\nPublishing one item (approve step: transaction + site render; median of ${perSize} at each size; local gateway, DynamoDB Local, s3rver)\n`);
console.log('| items already published | latency  | files written | latency vs 10 | files vs 10 |');
console.log('| ----------------------- | -------- | ------------- | ------------- | ----------- |');
for (const row of rows) {
  console.log(`| ${String(row.size).padStart(23)} | ${row.ms.toFixed(1).padStart(5)} ms | ${String(row.written).padStart(13)} | ${(row.ms / base.ms).toFixed(2).padStart(12)}x | ${(row.written / base.written).toFixed(2).padStart(10)}x |`);
}
const largest = rows.at(-1)!;
const ok = largest.ms / base.ms <= target && largest.written === base.written;
console.log(ok ? `✓ at 10,000 items within ${target}x of 10, and the same files written.` : `✗ at 10,000 items: ${(largest.ms / base.ms).toFixed(2)}x latency (target ≤ ${target}x), ${largest.written} files vs ${base.written}.`);
if (!ok) process.exitCode = 1;

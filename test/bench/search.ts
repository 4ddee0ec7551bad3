/**
 * `npm run bench` (fourth part): search at 10,000 items — the index's total size, the bytes one
 * query downloads (median and worst over the query table), the query's time in Node on what it
 * downloaded, and what one publication costs the index. Target: a query downloads under 5% of the
 * index and under 300 KB.
 */
import { files, search } from '../../web/assets/search-core.js';
import { publicationContent, publisher } from '../support/publications.ts';
import { corpus, seedCorpus } from '../support/search-corpus.ts';
import { startBenchPlatform } from './bench-platform.ts';
import { median } from './stats.ts';

const size = Number(process.env.BENCH_SEARCH_ITEMS ?? 10000);
const queries = [
  '政府信息公开年度报告',
  '露水河',
  '财政预算',
  '抚政办函〔2017〕38号',
  '露水河镇2019年政府信息公开工作年度报告',
  'g201 国道',
  '5G基站',
  '低保资金',
  '人参产业',
  '部门决算',
  '013869288/2020',
];

const bench = await startBenchPlatform();
const url = bench.url;

await seedCorpus(corpus(size).slice(0, size));
const { renderTargets } = await import('../../functions/renderer/render.ts');
await renderTargets([{ kind: 'searchBase', full: true }]);

// The index as the renderer built it: its files and their sizes (recomputed from the same entries).
const { buildBase } = await import('../../functions/renderer/search-index.ts');
const { listingEntries } = await import('#store/listings.ts');
const built = buildBase(await listingEntries('county', 1, size));
const indexFiles = built.size;
const indexBytes = [...built.values()].reduce((sum, text) => sum + Buffer.byteLength(text), 0);

type Row = { query: string; bytes: number; files: number; ms: number; total: number };
async function measure(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const query of queries) {
    const cache = new Map<string, unknown>();
    let bytes = 0;
    let count = 0;
    // Download what the query needs (over HTTP from the local gateway), then time the query on it.
    await search(query, {}, async (path: string) => {
      const response = await fetch(`${url}/${path}`);
      const text = response.ok ? await response.text() : '';
      bytes += Buffer.byteLength(text);
      count += 1;
      const value = text ? JSON.parse(text) : null;
      cache.set(path, value);
      return value;
    });
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < 9; i++) {
      const started = performance.now();
      total = (await search(query, {}, async (path: string) => structuredClone(cache.get(path) ?? null))).total;
      times.push(performance.now() - started);
    }
    rows.push({ query, bytes, files: count, ms: median(times), total });
  }
  return rows;
}
const rows = await measure();

// A busy day: 1,000 items changed since the fold (marked as a day of publications would leave them),
// then the renderer's pass for the next change, which moves them to the recent tier.
const [{ UpdateCommand }, { db, tableName }, keys] = await Promise.all([
  import('@aws-sdk/lib-dynamodb'),
  import('#lib/dynamo.ts'),
  import('#store/keys.ts'),
]);
const busy = Math.min(1000, size);
await db.send(
  new UpdateCommand({
    TableName: tableName,
    Key: keys.searchDelta(),
    UpdateExpression: 'ADD changed :seqs, v :one',
    ExpressionAttributeValues: { ':seqs': new Set(Array.from({ length: busy }, (_, i) => size - i)), ':one': 1 },
  }),
);
const recentWritten = await renderTargets([{ kind: 'searchDelta' }]);
const busyRows = await measure();

// One publication: the index files it rewrites, and their size.
const staff = publisher(url);
await staff.publish(publicationContent({ title: '基准测试发布的信息' }));
const delta = await (await fetch(`${url}/${files.delta}`)).text();
const recentMeta = await (await fetch(`${url}/${files.recent.meta}`)).text();
await bench.stop();

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
console.log(
  `\nSearch at ${size.toLocaleString('en-US')} items: index ${kb(indexBytes)} in ${indexFiles} files (uncompressed)\n`,
);
console.log('| query | results | files | downloaded | share of index | query time |');
console.log('| ----- | ------- | ----- | ---------- | -------------- | ---------- |');
for (const r of rows)
  console.log(
    `| ${r.query} | ${r.total} | ${r.files} | ${kb(r.bytes)} | ${((r.bytes / indexBytes) * 100).toFixed(2)}% | ${r.ms.toFixed(2)} ms |`,
  );
const bytes = rows.map((r) => r.bytes);
const worst = Math.max(...bytes);
console.log(
  `\nDownloaded per query: median ${kb(median(bytes))}, worst ${kb(worst)} (${((worst / indexBytes) * 100).toFixed(2)}% of the index). Query time: median ${median(rows.map((r) => r.ms)).toFixed(2)} ms.`,
);
const busyBytes = busyRows.map((r) => r.bytes);
const busyWorst = Math.max(...busyBytes);
console.log(
  `\nWith ${busy.toLocaleString('en-US')} items changed since the fold (moved to the recent tier by ${recentWritten} files written once; its meta ${kb(Buffer.byteLength(recentMeta))}):`,
);
console.log('| query | results | files | downloaded | vs. just after the fold |');
console.log('| ----- | ------- | ----- | ---------- | ----------------------- |');
for (const [i, r] of busyRows.entries()) {
  console.log(`| ${r.query} | ${r.total} | ${r.files} | ${kb(r.bytes)} | ${(r.bytes / rows[i]!.bytes).toFixed(2)}x |`);
}
console.log(`Downloaded per query: median ${kb(median(busyBytes))}, worst ${kb(busyWorst)}.`);
console.log(
  `One publication then rewrites 1 index file (the delta, at most 30 items): ${kb(Buffer.byteLength(delta))}.`,
);
const ok = worst < 300 * 1024 && worst < indexBytes * 0.05 && busyWorst < 300 * 1024;
console.log(
  ok
    ? '✓ every query downloads under 300 KB and under 5% of the index, and under 300 KB after a busy day.'
    : '✗ a query downloads 300 KB or more, or 5% of the index or more (or 300 KB after a busy day).',
);
if (!ok) process.exitCode = 1;

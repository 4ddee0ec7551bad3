/**
 * `npm run bench` (自查): the inspection at 10 and at 10,000 published items. The site bucket is
 * seeded with item pages (each with its metadata, validity, an attachment) and the listing pages that
 * link to them, as the renderer writes them; then a full run (every page read), and an incremental
 * run after five pages were rewritten (the renderer's journal says which). Measured in this process:
 * time, pages read, S3 requests (every command counted at the client). Targets: the incremental run
 * at 10,000 items reads and requests within 1.3x of the incremental run at 10 (it follows the changes,
 * not the site), and its S3 requests are a small part of the full run's.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { startBenchPlatform } from './bench-platform.ts';

const sizes = [10, Number(process.env.BENCH_INSPECTION_ITEMS ?? 10_000)];
const changed = 5;
const target = 1.3;

const bench = await startBenchPlatform();
const [{ s3 }, { inspection }, { journalSiteChanges }, { listRenderTasks }] = await Promise.all([
  import('#lib/s3.ts'),
  import('../../functions/jobs/inspection.ts'),
  import('#store/site-changes.ts'),
  import('#store/render-queue.ts'),
]);
/** The platform renders the demo county's site as it starts: the runs begin once that is written. */
async function rendersSettled() {
  while ((await listRenderTasks(1)).length) await new Promise((resolve) => setTimeout(resolve, 200));
}
const bucket = 'bench-site';
let requests = 0;
s3.middlewareStack.add(
  (next) => async (args) => {
    requests += 1;
    return next(args);
  },
  { step: 'initialize', name: 'countRequests' },
);

const meta = (title: string, column: string) =>
  `<meta name="SiteName" content="抚松县人民政府政府信息公开"><meta name="SiteDomain" content="127.0.0.1"><meta name="ColumnName" content="${column}"><meta name="ColumnType" content="政府信息公开"><meta name="ArticleTitle" content="${title}"><meta name="PubDate" content="2025-06-02 00:00"><meta name="ContentSource" content="露水河镇人民政府">`;
const itemKey = (n: number) => `lushuihe/items/bench${String(n).padStart(6, '0')}.html`;
const fileKey = (n: number) => `lushuihe/files/bench${String(n).padStart(6, '0')}/f1.pdf`;
const itemPage = (n: number, revision = 1) =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>历史信息第 ${n} 条</title>${meta(`历史信息第 ${n} 条`, '行政规范性文件')}</head><body><main><dl><dt>索引号</dt><dd>013869317/2025-${n}</dd><dt>有效性</dt><dd>有效</dd></dl><h1>历史信息第 ${n} 条（第 ${revision} 版）</h1><p>${'正文内容。'.repeat(80)}</p><a href="/${fileKey(n)}" download>附件</a> <a href="/lushuihe/normative/">返回列表</a> <a href="/lushuihe/">露水河镇</a> <a href="/">首页</a></main></body></html>`;
const listingPage = (page: number, items: number[]) =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>行政规范性文件</title>${meta('', '行政规范性文件').replace(/<meta name="(ArticleTitle|PubDate|ContentSource)"[^>]*>/g, '')}</head><body><main><ul>${items.map((n) => `<li><a href="/${itemKey(n)}">历史信息第 ${n} 条</a></li>`).join('')}</ul><a href="/lushuihe/normative/p${page}.html">第 ${page} 页</a></main></body></html>`;

async function inPool<T>(items: T[], size: number, work: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: size }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}
const put = (Key: string, Body: string, ContentType = 'text/html; charset=utf-8') =>
  s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body, ContentType })).then(() => undefined);

let seeded = 0;
async function seedTo(count: number) {
  const started = performance.now();
  const numbers = Array.from({ length: count - seeded }, (_, i) => seeded + i + 1);
  await inPool(numbers, 16, async (n) => {
    await put(itemKey(n), itemPage(n));
    await put(fileKey(n), '%PDF-1.4 bench', 'application/pdf');
  });
  const pages = Math.ceil(count / 20);
  await inPool(
    Array.from({ length: pages }, (_, i) => i + 1),
    16,
    (page) =>
      put(
        `lushuihe/normative/p${page}.html`,
        listingPage(
          page,
          Array.from({ length: 20 }, (_, i) => (page - 1) * 20 + i + 1).filter((n) => n <= count),
        ),
      ),
  );
  // The pages every item links back to: the portal's home, the town's column, the listing's head.
  for (const key of ['index.html', 'lushuihe/index.html', 'lushuihe/normative/index.html'])
    await put(key, listingPage(pages, []));
  seeded = count;
  console.error(`seeded ${count.toLocaleString('en')} items in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** One run of 自查, in this process, as the jobs function works it. */
async function run(full: boolean) {
  let job = {
    id: `bench${Date.now()}`,
    kind: 'inspection' as const,
    params: { full },
    state: 'running' as const,
    by: 'bench',
    agencyId: 'fusong',
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    progress: { done: 0, total: 0 },
    cursor: 0,
    result: undefined as Record<string, unknown> | undefined,
  };
  requests = 0;
  const started = performance.now();
  const finished = await inspection(
    job,
    () => true,
    async (step) => {
      job = { ...job, ...step };
    },
  );
  if (!finished) throw new Error('inspection did not finish in one turn');
  const measure = job.result!.measure as { pagesRead: number };
  return {
    ms: performance.now() - started,
    pagesRead: measure.pagesRead,
    s3: requests,
    findings: Number(job.result!.findings),
  };
}

const rows: { items: number; kind: string; ms: number; pagesRead: number; s3: number; findings: number }[] = [];
for (const size of sizes) {
  await seedTo(size);
  await rendersSettled();
  const full = await run(true);
  rows.push({ items: size, kind: 'full', ...full });
  // The renderer rewrites five items (a revision each) and journals them.
  const keys = Array.from({ length: changed }, (_, i) => itemKey(size - i));
  for (const [i, key] of keys.entries()) await put(key, itemPage(size - i, 2));
  await journalSiteChanges(keys, []);
  const incremental = await run(false);
  rows.push({ items: size, kind: 'incremental', ...incremental });
}
await bench.stop();

console.log(
  `\n自查 at ${sizes.map((s) => s.toLocaleString('en')).join(' and ')} published items (in this process; s3rver, DynamoDB Local)\n`,
);
console.log('| items   | run                      | time      | pages read | S3 requests | findings |');
console.log('| ------- | ------------------------ | --------- | ---------- | ----------- | -------- |');
for (const row of rows)
  console.log(
    `| ${row.items.toLocaleString('en').padStart(7)} | ${(row.kind === 'full' ? 'full (every page)' : `incremental (${changed} rewritten)`).padEnd(24)} | ${(row.ms / 1000).toFixed(2).padStart(7)} s | ${String(row.pagesRead).padStart(10)} | ${String(row.s3).padStart(11)} | ${String(row.findings).padStart(8)} |`,
  );
const [, smallIncremental, bigFull, bigIncremental] = rows as [
  (typeof rows)[0],
  (typeof rows)[0],
  (typeof rows)[0],
  (typeof rows)[0],
];
const growth = bigIncremental.s3 / smallIncremental.s3;
const pagesGrowth = bigIncremental.pagesRead / smallIncremental.pagesRead;
const share = bigIncremental.s3 / bigFull.s3;
console.log(
  `\nincremental at ${bigFull.items.toLocaleString('en')} vs at ${smallIncremental.items}: ${pagesGrowth.toFixed(2)}x pages read, ${growth.toFixed(2)}x S3 requests, ${(bigIncremental.ms / smallIncremental.ms).toFixed(2)}x time; incremental vs full at ${bigFull.items.toLocaleString('en')}: ${(share * 100).toFixed(2)}% of the S3 requests, ${((bigIncremental.ms / bigFull.ms) * 100).toFixed(1)}% of the time; full run ${(bigFull.pagesRead / (bigFull.ms / 1000)).toFixed(0)} pages/s`,
);
const ok = growth <= target && pagesGrowth <= target && share < 0.05;
console.log(
  ok
    ? `✓ incremental runs follow the changes: within ${target}x of the 10-item site, under 5% of a full run's S3 requests.`
    : `✗ incremental runs: ${growth.toFixed(2)}x S3 requests and ${pagesGrowth.toFixed(2)}x pages vs 10 items (target ≤ ${target}x), ${(share * 100).toFixed(1)}% of the full run (target < 5%).`,
);
if (!ok) process.exitCode = 1;

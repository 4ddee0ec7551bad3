/**
 * The public site at province size: one approval's render with 50, 500 and 2,000 agencies on the
 * portal (`BENCH_SITE_AGENCIES`, comma-separated: the generated province of `cdk/local/province.ts`,
 * each prefix a whole tree, the first county whole at every size) and a catalogue of
 * `BENCH_SITE_RECORDS` items already published (default 1,000). At each size
 * `BENCH_SITE_PUBLICATIONS` items (default 5) of the first county's first town are approved through
 * the local gateway; this process plays the renderer (the platform's own workers held still) and
 * counts what it does: DynamoDB items read (items a query scanned, or a get returned), files and
 * bytes written, and its time. Then the size of the home page, the search page, the site map,
 * 机构目录 (/agencies/), a page of one of its levels (the province's departments') and the first
 * county's directory. Each figure is printed beside its ratio to the smallest size. Target: at the
 * largest size every count within 1.3x of the smallest (times are printed, not held to it).
 */
import { publicationContent, publisher, seedCatalogue } from '../support/publications.ts';
import { itemsReadCounter, putAll } from '../support/table.ts';
import { startBenchPlatform } from './bench-platform.ts';
import { median } from './stats.ts';

process.env.BENCH_OWN_WORKERS = '1'; // this process plays the renderer, counted
process.env.BENCH_SEED = 'none'; // the province is the portal: no demo county beside it
const sizes = (process.env.BENCH_SITE_AGENCIES ?? '50,500,2000').split(',').map(Number);
const records = Number(process.env.BENCH_SITE_RECORDS ?? 1000);
const perSize = Number(process.env.BENCH_SITE_PUBLICATIONS ?? 5);
const target = 1.3;

const bench = await startBenchPlatform();
// Loaded once the bench has named the table: the store's modules need it.
const [
  { renderNewTasks },
  { renderFiles },
  { hasDirectory },
  { putStaff },
  { agencyRecords },
  { provinceAgencies, provinceFirst, provinceStaff },
] = await Promise.all([
  import('../../cdk/local/site.ts'),
  import('../../functions/renderer/render.ts'),
  import('#core/site-plan.ts'),
  import('#store/staff.ts'),
  import('#store/agencies.ts'),
  import('../../cdk/local/province.ts'),
]);
const town = provinceFirst.town;
const staff = publisher(bench.url, town);
await Promise.all(provinceStaff.map(putStaff));
const counter = await itemsReadCounter();

let written = 0;
/**
 * The province grown to `count` agencies, and the pages that show the directory rendered as the
 * agencies' creation would render them: every government's directory, the home, the site's own pages
 * and the search page.
 */
async function growTo(count: number) {
  const agencies = provinceAgencies(count);
  await putAll(agencies.slice(written).flatMap(agencyRecords));
  written = count;
  await renderFiles([
    { kind: 'home' },
    { kind: 'sitePages' },
    { kind: 'searchPage' },
    ...agencies.filter(hasDirectory).map((a) => ({ kind: 'directory' as const, agencyId: a.id })),
  ]);
}

const page = async (path: string) => {
  const response = await fetch(`${bench.url}${path}`);
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return Buffer.byteLength(await response.text());
};

/** One publication approved through the gateway, then the renderer's run for its task, counted. */
async function publishOne() {
  const created = await staff.call('handler', 'POST', '/api/staff/publications', publicationContent());
  const submitted = await staff.step(created.body.id, created.body.version, { type: 'submit' });
  await staff.step(created.body.id, submitted.version, { type: 'approve', secrecyCheck: '同意' }, 'reviewer', {
    settle: false,
  });
  counter.read = 0;
  const started = performance.now();
  const site = await renderNewTasks();
  if (site?.state !== 'done' || site.tasks !== 1)
    throw new Error(`the renderer did not render the publication's task: ${JSON.stringify(site)}`);
  return { ms: performance.now() - started, read: counter.read, written: site.written, bytes: site.bytes };
}

// The smallest province, a catalogue of `records` in the town's listings, and a warm-up publication.
await growTo(sizes[0]!);
await seedCatalogue(records, town);
await publishOne();
let published = records + 1;

const rows: {
  agencies: number;
  ms: number;
  read: number;
  written: number;
  bytes: number;
  home: number;
  search: number;
  siteMap: number;
  directory: number;
  level: number;
  county: number;
}[] = [];
for (const size of sizes) {
  await growTo(size);
  // Each size starts from an empty search delta (the daily fold's work), so its publications read and
  // write what those at the other sizes did: the delta grows with publications, not with agencies.
  await renderFiles([{ kind: 'searchBase' }]);
  // And from the start of a sitemap and open-data part (of 100, five listing pages), so its items land
  // where those at the other sizes did: the pages holding them read and write as many entries.
  const aligned = Math.ceil(published / 100) * 100;
  if (aligned > published) await seedCatalogue(aligned, town, 'finance', published + 1);
  published = aligned + perSize;
  const runs = [];
  for (let i = 0; i < perSize; i++) runs.push(await publishOne());
  rows.push({
    agencies: size,
    ms: median(runs.map((r) => r.ms)),
    read: median(runs.map((r) => r.read)),
    written: median(runs.map((r) => r.written)),
    bytes: median(runs.map((r) => r.bytes)),
    home: await page('/index.html'),
    search: await page('/search/index.html'),
    siteMap: await page('/sitemap.html'),
    directory: await page('/agencies/index.html'),
    level: await page('/agencies/sheng/department/p1.html'),
    county: await page(`/agencies/${provinceFirst.county}/index.html`),
  });
}
await bench.stop();

const base = rows[0]!;
const ratio = (value: number, of: number) => `${(value / of).toFixed(2)}x`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(
  `\nOne approval's render by the number of agencies on a province's portal (${records.toLocaleString('en-US')} items already published; median of ${perSize}; local gateway, DynamoDB Local, s3rver)\n`,
);
const columns: [string, (r: (typeof rows)[number]) => string, keyof (typeof rows)[number]][] = [
  ['render', (r) => `${r.ms.toFixed(0)} ms`, 'ms'],
  ['items read', (r) => String(r.read), 'read'],
  ['files written', (r) => String(r.written), 'written'],
  ['bytes written', (r) => kb(r.bytes), 'bytes'],
  ['home page', (r) => kb(r.home), 'home'],
  ['search page', (r) => kb(r.search), 'search'],
  ['site map', (r) => kb(r.siteMap), 'siteMap'],
  ['机构目录', (r) => kb(r.directory), 'directory'],
  ['a level page', (r) => kb(r.level), 'level'],
  ["a county's directory", (r) => kb(r.county), 'county'],
];
console.log(`| agencies | ${columns.map(([name]) => `${name} | vs ${base.agencies}`).join(' | ')} |`);
console.log(`| -------- | ${columns.map(() => '---: | ---:').join(' | ')} |`);
for (const row of rows)
  console.log(
    `| ${String(row.agencies).padStart(8)} | ${columns.map(([, show, key]) => `${show(row)} | ${ratio(row[key], base[key])}`).join(' | ')} |`,
  );
const largest = rows.at(-1)!;
const misses = columns
  .filter(([, , key]) => key !== 'ms' && largest[key] / base[key] > target)
  .map(([name, , key]) => `${name} ${ratio(largest[key], base[key])}`);
console.log(
  misses.length
    ? `✗ at ${largest.agencies.toLocaleString('en-US')} agencies: ${misses.join(', ')} (target ≤ ${target}x of ${base.agencies}).`
    : `✓ at ${largest.agencies.toLocaleString('en-US')} agencies every count within ${target}x of ${base.agencies}.`,
);
if (misses.length) process.exitCode = 1;

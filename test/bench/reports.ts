/**
 * `npm run bench` (fifth part): compiling an agency's annual report for a year with 100 and with
 * 100,000 applications on record. Each agency's records are written straight into the table (with
 * the counters the steps would have left, from the same count the recount uses); then the report is
 * compiled through the local gateway (median latency of `GET /api/reports/{agency}/2025`) and once
 * in this process with every DynamoDB item read counted; 工作统计 likewise (`GET /api/staff/statistics`).
 * Target: the 100,000 figures within 1.3x of the 100 figures.
 */
import { countRecords } from '#core/report-counts.ts';
import { outcomeRows } from '#core/annual-report.ts';
import * as keys from '#store/keys.ts';
import { signIn } from '../support/platform.ts';
import { startBenchPlatform } from './bench-platform.ts';
import { median, spread } from './stats.ts';
import { itemsReadCounter, putAll } from '../support/table.ts';

const sizes: [string, string, number][] = [
  ['fusong-czj', 'czj-handler', 100],
  ['lushuihe', 'lsh-handler', Number(process.env.BENCH_APPLICATIONS ?? 100_000)],
];
const requests = Number(process.env.BENCH_REPORT_REQUESTS ?? 30);
const target = 1.3;

const bench = await startBenchPlatform();
// The table's clients read their configuration when first imported: after the platform has set it.
const [, { setStats }, { getAnnualReport }, { statisticsFor }] = await Promise.all([
  import('#lib/dynamo.ts'),
  import('#store/stats.ts'),
  import('#reports/reports.ts'),
  import('#reports/statistics.ts'),
]);

/** Items DynamoDB returns to this process, counted at the client. */
const counter = await itemsReadCounter();

const orgTypes = ['business', 'research', 'publicWelfare', 'legalService', 'otherOrg'] as const;

/** `count` applications of 2024 and 2025, as the steps leave them: every outcome row, both kinds of applicant, some still open. */
function applications(agencyId: string, count: number) {
  return Array.from({ length: count }, (_, i) => {
    const year = i % 10 === 0 ? 2024 : 2025;
    const receiptDate = `${year}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const applicant =
      i % 3 === 2
        ? {
            kind: 'organisation' as const,
            name: '某公司',
            orgType: orgTypes[i % 5]!,
            creditCode: '91350100M000100Y43',
            legalRepresentative: '王五',
            contactName: '赵六',
            phone: '0439-6212345',
          }
        : {
            kind: 'person' as const,
            name: '李明',
            idType: 'resident' as const,
            idNumber: '11010519491231002X',
            phone: '13800000000',
          };
    const open = i % 17 === 0;
    const endedOn = open
      ? undefined
      : `${year === 2024 && i % 20 === 0 ? 2025 : year}-12-${String(1 + (i % 28)).padStart(2, '0')}`;
    const receiptNumber = `B${agencyId.length}-${year}-${String(i).padStart(6, '0')}`;
    return {
      ...keys.application(receiptNumber),
      ...keys.agencyApplications(agencyId, receiptDate, receiptNumber),
      receiptNumber,
      agencyId,
      receiptDate,
      submittedAt: `${receiptDate}T02:00:00.000Z`,
      status: open ? 'inProgress' : 'answered',
      applicant,
      request: { title: '某项政府信息' },
      delivery: { medium: 'email', method: 'email' },
      uploads: [],
      version: 3,
      ...(!open && { handling: { reportRow: outcomeRows[i % outcomeRows.length], endedOn } }),
    };
  });
}

async function seed(agencyId: string, count: number) {
  const records = applications(agencyId, count);
  await putAll(records);
  for (const [year, counters] of countRecords(records)) await setStats(agencyId, year, counters);
}

for (const [agencyId, , count] of sizes) {
  const seeding = performance.now();
  await seed(agencyId, count);
  console.error(
    `seeded ${count.toLocaleString('en')} applications of ${agencyId} in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
  );
}
const clients = await Promise.all(
  sizes.map(async ([agencyId, user, count]) => {
    const token = await signIn(bench.url, user);
    return {
      agencyId,
      user,
      count,
      times: [] as number[],
      received: 0,
      get: () => fetch(`${bench.url}/api/reports/${agencyId}/2025`, { headers: { authorization: `Bearer ${token}` } }),
      statisticsTimes: [] as number[],
      statistics: () =>
        fetch(`${bench.url}/api/staff/statistics?year=2025`, { headers: { authorization: `Bearer ${token}` } }),
    };
  }),
);
for (let i = 0; i < 10; i++) for (const client of clients) await (await client.get()).arrayBuffer(); // warm up
// Interleaved, so the platform's warming and any drift affect both sizes alike.
for (let i = 0; i < requests; i++) {
  for (const client of clients) {
    const started = performance.now();
    const body = (await (await client.get()).json()) as {
      report: { table3: { received: { total: number }; carriedIn: { total: number } } };
    };
    client.times.push(performance.now() - started);
    client.received = body.report.table3.received.total + body.report.table3.carriedIn.total;
    const asked = performance.now();
    await (await client.statistics()).arrayBuffer();
    client.statisticsTimes.push(performance.now() - asked);
  }
}
const rows: {
  agencyId: string;
  applications: number;
  ms: number;
  spread: string;
  items: number;
  received: number;
  statisticsMs: number;
  statisticsItems: number;
  statisticsReceived: number;
}[] = [];
for (const client of clients) {
  const staff = { username: client.user, agencyId: client.agencyId, roles: ['handler' as const] };
  counter.read = 0;
  const statistics = await statisticsFor({ year: 2025 }, staff, 2026);
  const statisticsItems = counter.read;
  counter.read = 0;
  await getAnnualReport(client.agencyId, 2025, staff);
  rows.push({
    agencyId: client.agencyId,
    applications: client.count,
    ms: median(client.times),
    spread: spread(client.times),
    items: counter.read,
    received: client.received,
    statisticsMs: median(client.statisticsTimes),
    statisticsItems,
    statisticsReceived: statistics.statistics.total.received,
  });
}
await bench.stop();

const base = rows[0]!;
console.log(
  `\nCompiling the 2025 annual report (GET /api/reports/{agency}/2025; median of ${requests}; local gateway, DynamoDB Local)\n`,
);
console.log(
  '| applications on record | 新收 + 上年结转 | latency  | p10–p90 ms  | DynamoDB items read | latency vs 100 | items vs 100 |',
);
console.log(
  '| ---------------------- | -------------- | -------- | ----------- | ------------------- | -------------- | ------------ |',
);
for (const row of rows) {
  console.log(
    `| ${row.applications.toLocaleString('en').padStart(22)} | ${String(row.received).padStart(14)} | ${row.ms.toFixed(1).padStart(5)} ms | ${row.spread.padStart(11)} | ${String(row.items).padStart(19)} | ${(row.ms / base.ms).toFixed(2).padStart(13)}x | ${(row.items / base.items).toFixed(2).padStart(11)}x |`,
  );
}
console.log(
  `\n工作统计 (GET /api/staff/statistics?year=2025; median of ${requests}; the items read counted in this process)\n`,
);
console.log('| applications on record | 2025 新收 | latency  | DynamoDB items read | latency vs 100 | items vs 100 |');
console.log('| ---------------------- | -------- | -------- | ------------------- | -------------- | ------------ |');
for (const row of rows) {
  console.log(
    `| ${row.applications.toLocaleString('en').padStart(22)} | ${String(row.statisticsReceived).padStart(8)} | ${row.statisticsMs.toFixed(1).padStart(5)} ms | ${String(row.statisticsItems).padStart(19)} | ${(row.statisticsMs / base.statisticsMs).toFixed(2).padStart(13)}x | ${(row.statisticsItems / base.statisticsItems).toFixed(2).padStart(11)}x |`,
  );
}
const largest = rows.at(-1)!;
const statisticsOk =
  largest.statisticsMs / base.statisticsMs <= target && largest.statisticsItems / base.statisticsItems <= target;
console.log(
  statisticsOk
    ? `✓ 工作统计 at ${largest.applications.toLocaleString('en')} applications within ${target}x of 100 in time and in items read.`
    : `✗ 工作统计 at ${largest.applications.toLocaleString('en')} applications: ${(largest.statisticsMs / base.statisticsMs).toFixed(2)}x latency, ${(largest.statisticsItems / base.statisticsItems).toFixed(2)}x items (target ≤ ${target}x).`,
);
const ok = statisticsOk && largest.ms / base.ms <= target && largest.items / base.items <= target;
console.log(
  ok
    ? `✓ at ${largest.applications.toLocaleString('en')} applications within ${target}x of 100 in time and in items read.`
    : `✗ at ${largest.applications.toLocaleString('en')} applications: ${(largest.ms / base.ms).toFixed(2)}x latency, ${(largest.items / base.items).toFixed(2)}x items (target ≤ ${target}x).`,
);
if (!ok) process.exitCode = 1;

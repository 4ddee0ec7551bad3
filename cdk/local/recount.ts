/**
 * `npm run recount [-- --year 2025] [-- --repair]`: recompiles the annual-report counters of every
 * agency from its records alone (applications, items of 主动公开, 复议/诉讼 cases) on the running
 * platform and reports each difference from the stored counters; exits 1 if any differ (and were
 * not repaired).
 */
import type { RecountResult } from '../../functions/jobs/recount.ts';
import { callRunningPlatform } from './running.ts';

const repair = process.argv.includes('--repair');
const yearArg = process.argv.indexOf('--year');
const year = yearArg > 0 ? Number(process.argv[yearArg + 1]) : undefined;
if (year !== undefined && !Number.isInteger(year)) {
  console.error('Usage: npm run recount -- [--year 2025] [--repair]');
  process.exit(2);
}
const result = await callRunningPlatform<RecountResult>('/api/dev/recount', { repair, ...(year && { year }) });
for (const agency of result.agencies) {
  console.log(
    `${agency.name}：申请 ${agency.applications} 件，主动公开 ${agency.publications} 条，复议诉讼 ${agency.cases} 件；${agency.differences.length ? `${agency.differences.length} 项计数不符` : '计数相符'}`,
  );
  for (const d of agency.differences)
    console.log(`  ${d.year} ${d.counter}：已记录 ${d.stored}，按记录重新统计 ${d.counted}`);
}
if (result.differences && !repair) {
  console.log('\nRun npm run recount -- --repair to set the differing counters to the recount.');
  process.exit(1);
}
if (repair && result.differences) console.log(`\nRepaired ${result.differences} counters.`);

/**
 * `npm run recount [-- --repair]`: checks every agency's annual-report counters against its
 * application records on the running platform; exits 1 if any differ (and were not repaired).
 */
import type { RecountResult } from '../../functions/reports/recount.ts';
import { callRunningPlatform } from './running.ts';

const repair = process.argv.includes('--repair');
const result = await callRunningPlatform<RecountResult>('/api/dev/recount', { repair });
for (const agency of result.agencies) {
  console.log(`${agency.name}: ${agency.applications} 件申请，${agency.differences.length ? `${agency.differences.length} 项计数不符` : '计数相符'}`);
  for (const d of agency.differences) console.log(`  ${d.year} ${d.counter}: 记录 ${d.stored}，重新统计 ${d.counted}`);
}
if (result.differences && !repair) {
  console.log('\nRun npm run recount -- --repair to replace the stored counters with the recount.');
  process.exit(1);
}
if (repair && result.differences) console.log(`\nRepaired ${result.differences} counters.`);

/** The local platform in a process of its own, on services the bench started; prints its URL. */
import { startPlatform } from '../../cdk/local/platform.ts';
import { useTestFormKey } from '../support/applications.ts';
import { countTableUse } from '../support/table-use.ts';

process.env.LOG_LEVEL = 'silent';
process.env.APPLY_QUOTA_PER_DAY ??= '1000000'; // the bench submits from one address
const platform = await startPlatform({
  dynamodbEndpoint: process.env.BENCH_DYNAMODB!,
  s3Endpoint: process.env.BENCH_S3!,
  port: 0,
  names: { table: 'bench', siteBucket: 'bench-site', privateBucket: 'bench-private' },
  // A bench that writes its own portal (a province) seeds nothing beside it.
  ...(process.env.BENCH_SEED === 'none' && { seed: 'none' as const }),
});
await useTestFormKey('bench');
// What the platform asks of the table, for a bench that reads it between requests (bench-platform.ts).
if (process.send) {
  const use = countTableUse((await import('#lib/dynamo.ts')).db);
  process.on('message', (message: { id: number }) => process.send!({ id: message.id, use }));
}
// A bench that plays the stream-driven workers itself (to time and count what the renderer does).
if (process.env.BENCH_OWN_WORKERS) platform.pauseWorkers(true);
console.log(platform.url);
process.on('SIGTERM', () => void platform.stop().then(() => process.exit(0)));

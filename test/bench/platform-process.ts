/** The local platform in a process of its own, on services the bench started; prints its URL. */
import { startPlatform } from '../../cdk/local/platform.ts';
import { useTestFormKey } from '../support/applications.ts';

process.env.LOG_LEVEL = 'silent';
process.env.APPLY_QUOTA_PER_DAY ??= '1000000'; // the bench submits from one address
const platform = await startPlatform({
  dynamodbEndpoint: process.env.BENCH_DYNAMODB!,
  s3Endpoint: process.env.BENCH_S3!,
  port: 0,
  names: { table: 'bench', siteBucket: 'bench-site', privateBucket: 'bench-private' },
});
await useTestFormKey('bench');
// A bench that plays the stream-driven workers itself (to time and count what the renderer does).
if (process.env.BENCH_OWN_WORKERS) platform.pauseWorkers(true);
console.log(platform.url);
process.on('SIGTERM', () => void platform.stop().then(() => process.exit(0)));

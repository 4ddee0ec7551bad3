/**
 * `npm run sweep`: runs the daily sweep now on the platform `npm start` is running.
 * `npm run sweep -- --privacy [--from-start]`: the 个人信息检查 of what was published, now (the daily
 * sweep starts it once a day), followed until it is done.
 */
import { callRunningPlatform, followRunningJob } from './running.ts';

if (process.argv.includes('--privacy')) {
  const started = await callRunningPlatform<{ id: string }>('/api/dev/privacy-sweep', {
    fromStart: process.argv.includes('--from-start'),
  });
  const { token } = await callRunningPlatform<{ token: string }>('/api/dev/token', { username: 'fs-admin' });
  console.log(JSON.stringify((await followRunningJob(started, token)).result, null, 2));
} else {
  console.log(JSON.stringify(await callRunningPlatform('/api/dev/sweep'), null, 2));
}

/** `npm run sweep`: runs the daily sweep now on the platform `npm start` is running. */
import { callRunningPlatform } from './running.ts';

console.log(JSON.stringify(await callRunningPlatform('/api/dev/sweep'), null, 2));

/** `npm run site:rebuild`: recovery only — renders the whole public site again from the table, on the running platform. */
import { callRunningPlatform } from './running.ts';

const { token } = await callRunningPlatform<{ token: string }>('/api/dev/token', { username: 'fs-admin' });
const { written } = await callRunningPlatform<{ written: number }>('/api/staff/site/rebuild', undefined, token);
console.log(`Rebuilt the public site: ${written} files written.`);

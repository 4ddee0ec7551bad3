/**
 * Whether a request came through CloudFront: the distribution adds a secret header to everything it
 * forwards to the API, and the functions refuse what lacks it (someone calling the execute-api
 * address directly, with a forged CloudFront-Viewer-Address to dodge the per-client limits).
 * Unset (locally) nothing is checked.
 */
import { timingSafeEqual } from 'node:crypto';
import { env } from './config.ts';

export const originHeader = 'x-origin-verify';

export function cameThroughCloudFront(headers: Record<string, string | undefined> | undefined): boolean {
  const expected = process.env[env.originVerify];
  if (!expected) return true;
  const given = Buffer.from(headers?.[originHeader] ?? '');
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

export const notThroughSite = '请通过政府信息公开网站访问。';

/**
 * The site's CloudFront Function (cdk/edge/site-request.js), run by the local gateway as CloudFront
 * runs it before each static request: the same file, in a context of its own, given the event shape
 * CloudFront gives it (headers and cookies as `{ value }` objects). It only rewrites the path.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { runInNewContext } from 'node:vm';
import { siteRequestFile } from '../bundling.ts';

interface Value {
  value: string;
}
interface EdgeRequest {
  uri: string;
  headers: Record<string, Value>;
  cookies: Record<string, Value>;
}

export const siteRequestFunction = runInNewContext(
  `${readFileSync(siteRequestFile, 'utf8')}\nhandler`,
  {},
  {
    filename: siteRequestFile,
  },
) as (event: { request: EdgeRequest }) => EdgeRequest;

/** The path the function chooses for a viewer request's. */
export function siteRequest(request: IncomingMessage, pathname: string): string {
  const headers: Record<string, Value> = {};
  for (const [name, value] of Object.entries(request.headers))
    if (typeof value === 'string' && name !== 'cookie') headers[name] = { value };
  const cookies: Record<string, Value> = {};
  for (const pair of (request.headers.cookie ?? '').split(/;\s*/)) {
    const at = pair.indexOf('=');
    if (at > 0) cookies[pair.slice(0, at)] = { value: decodeURIComponent(pair.slice(at + 1)) };
  }
  return siteRequestFunction({ request: { uri: pathname, headers, cookies } }).uri;
}

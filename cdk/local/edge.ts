/**
 * The site's CloudFront Function (cdk/edge/site-request.js), run by the local gateway as CloudFront
 * runs it before each static request: the same file, in a context of its own, given the event shape
 * CloudFront gives it (headers and cookies as `{ value }` objects) and read back the same way.
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
interface EdgeResponse {
  statusCode: number;
  headers?: Record<string, Value>;
  cookies?: Record<string, { value: string; attributes?: string }>;
}

const handler = runInNewContext(
  `${readFileSync(siteRequestFile, 'utf8')}\nhandler`,
  {},
  {
    filename: siteRequestFile,
  },
) as (event: { request: EdgeRequest }) => EdgeRequest | EdgeResponse;

/** What the function makes of a viewer request: the path to serve, or its own answer. */
export function siteRequest(
  request: IncomingMessage,
  pathname: string,
): { uri: string } | { statusCode: number; headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, Value> = {};
  for (const [name, value] of Object.entries(request.headers))
    if (typeof value === 'string' && name !== 'cookie') headers[name] = { value };
  const cookies: Record<string, Value> = {};
  for (const pair of (request.headers.cookie ?? '').split(/;\s*/)) {
    const at = pair.indexOf('=');
    if (at > 0) cookies[pair.slice(0, at)] = { value: decodeURIComponent(pair.slice(at + 1)) };
  }
  const result = handler({ request: { uri: pathname, headers, cookies } });
  if (!('statusCode' in result)) return { uri: result.uri };
  return {
    statusCode: result.statusCode,
    headers: Object.fromEntries(Object.entries(result.headers ?? {}).map(([name, { value }]) => [name, value])),
    cookies: Object.entries(result.cookies ?? {}).map(
      ([name, { value, attributes }]) => `${name}=${value}${attributes ? `; ${attributes}` : ''}`,
    ),
  };
}

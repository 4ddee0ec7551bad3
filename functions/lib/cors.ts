/**
 * The API's CORS headers, on every answer and error answer: what `@middy/http-cors` set with the
 * options the API used (the methods and request headers below, the origins of CORS_ORIGINS, no
 * credentials, no preflight answer of its own). The options are fixed, so the middleware is these
 * lines rather than the library's option schema and the cases the API never configures (credentials,
 * max age, exposed headers, preflight answers), 3.7 KB of every API function's bundle; a unit test
 * holds the two equal.
 */
import type { MiddlewareObj, Request } from '@middy/core';
import { normalizeHttpResponse } from '@middy/util';

const allowHeaders = 'Authorization,Content-Type,Idempotency-Key,If-Match';
const allowMethods = 'GET,POST,PUT,PATCH,DELETE';

/** An origin as the comparison takes it: scheme and host in lower case, a non-ASCII host as punycode. */
function canonical(origin: string | undefined): string | undefined {
  if (!origin || origin === '*') return origin;
  if (/^https?:\/\/[a-z0-9.-]+(?::\d+)?$/i.test(origin)) return origin.toLowerCase();
  const [, scheme, host] = /^(https?:\/\/)(.+)$/.exec(origin) ?? [];
  if (!scheme || !host) return origin;
  try {
    return scheme + new URL(`https://${host.replaceAll('*', '-_ANY_-')}`).host.replaceAll('-_any_-', '*');
  } catch {
    return scheme + host;
  }
}

/**
 * `origins`: those whose requests a browser may read the answers of: exact (`https://a.example`),
 * a host pattern (`https://*.a.example`) or `*`; none, and no answer names an origin.
 */
export function httpCors(origins: readonly string[]): MiddlewareObj {
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  let any = false;
  for (const origin of origins.map(canonical) as string[]) {
    if (origin === '*') any = true;
    else if (!origin.includes('*')) exact.add(origin);
    else patterns.push(new RegExp(`^${origin.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '[^.]*')}$`));
  }
  // An answer that depends on the request's origin says so (Vary: Origin), for caches.
  const varies = origins.length > 1 || patterns.length > 0;
  const allowed = (origin: string | undefined) =>
    origin && exact.has(origin) ? origin : any ? '*' : patterns.some((p) => p.test(String(origin))) ? origin : null;

  const withCors = (request: Request) => {
    const response = normalizeHttpResponse(request) as { headers: Record<string, string> };
    const headers = { ...response.headers };
    if (!Object.hasOwn(headers, 'Access-Control-Allow-Headers')) headers['Access-Control-Allow-Headers'] = allowHeaders;
    if (!Object.hasOwn(headers, 'Access-Control-Allow-Methods')) headers['Access-Control-Allow-Methods'] = allowMethods;
    let origin: string | null | undefined;
    if (origins.length && !Object.hasOwn(headers, 'Access-Control-Allow-Origin')) {
      const sent = (request.event as { headers?: Record<string, string | undefined> }).headers ?? {};
      origin = allowed(canonical(sent.Origin ?? sent.origin));
      if (origin) headers['Access-Control-Allow-Origin'] = origin;
    }
    if (varies || (any && origin !== '*') || (origin && origin !== '*')) {
      const vary = headers.vary ? 'vary' : 'Vary';
      headers[vary] = headers[vary] ? `${headers[vary]}, Origin` : 'Origin';
    }
    response.headers = headers;
  };

  return {
    after: withCors,
    onError: (request) => {
      if (request.response !== undefined) withCors(request);
    },
  };
}

/**
 * The security headers every API answer carries, errors included: what `@middy/http-security-headers`
 * sets with CSP and Permissions-Policy left to each response (JSON: deny-all; pages: the site's, see
 * reply.ts and site-headers.ts; its defaults would replace a page's CSP and list features browsers
 * reject with console errors) and the referrer kept within the site (长者模式's switch returns to the
 * page it was chosen on; nothing goes to other sites, as a status page's address names its
 * application). The values are fixed, so they are a constant here rather than the library's option
 * schema and defaults, which were 5 KB of every API function's bundle; a unit test holds the two equal.
 */
import type { MiddlewareObj, Request } from '@middy/core';
import { normalizeHttpResponse } from '@middy/util';

export const securityHeaders: Readonly<Record<string, string>> = {
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Origin-Agent-Cluster': '?1',
  'Referrer-Policy': 'same-origin',
  'Strict-Transport-Security': 'max-age=15552000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-DNS-Prefetch-Control': 'off',
  'X-Download-Options': 'noopen',
  'X-Frame-Options': 'DENY',
  'X-Permitted-Cross-Domain-Policies': 'none',
};

const withSecurityHeaders = (request: Request) => {
  const { headers } = normalizeHttpResponse(request) as { headers: Record<string, unknown> };
  Object.assign(headers, securityHeaders);
  // What the server is made of is nobody's business.
  delete headers.Server;
  delete headers['X-Powered-By'];
};

export const httpSecurityHeaders = (): MiddlewareObj => ({
  after: withSecurityHeaders,
  onError: (request) => {
    if (request.response !== undefined) withSecurityHeaders(request);
  },
});

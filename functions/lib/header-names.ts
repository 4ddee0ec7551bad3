/**
 * Request header names in lower case before anything reads them: what `@middy/http-header-normalizer`
 * did with its defaults (API Gateway's HTTP API sends them so already; a proxied or local request may
 * not). The option schema and the table of canonical spellings it carries, for an option the API
 * never set, were 1.6 KB of every API function's bundle; a unit test holds the two equal.
 */
import type { MiddlewareObj } from '@middy/core';

const lowerCased = (headers: Record<string, unknown>) => {
  const lower: Record<string, unknown> = Object.create(null);
  for (const name in headers) lower[name.toLowerCase()] = headers[name];
  return lower;
};

export const lowerCaseHeaderNames = (): MiddlewareObj<{
  headers?: Record<string, unknown>;
  multiValueHeaders?: Record<string, unknown>;
}> => ({
  before: ({ event }) => {
    if (event.headers) event.headers = lowerCased(event.headers);
    if (event.multiValueHeaders) event.multiValueHeaders = lowerCased(event.multiValueHeaders);
  },
});

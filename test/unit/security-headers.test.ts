import middySecurityHeaders from '@middy/http-security-headers';
import { describe, expect, it } from 'vitest';
import { httpSecurityHeaders } from '#lib/security-headers.ts';

/** The middy middleware with the options the API used, which the constant replaces (the reference). */
const reference = () =>
  middySecurityHeaders({
    contentSecurityPolicy: false,
    permissionsPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
  });

type Request = { response: unknown };
const answered = (): Request => ({
  response: {
    statusCode: 200,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': "default-src 'self'",
      Server: 'x',
      'X-Powered-By': 'y',
    },
    body: '<p>页面</p>',
  },
});

describe('the API security headers', () => {
  it('set on an answer exactly the headers, in the order, that the middy middleware set with the API options', async () => {
    const [ours, theirs] = [answered(), answered()];
    await httpSecurityHeaders().after!(ours as never);
    await reference().after!(theirs as never);

    const headers = (request: Request) => (request.response as { headers: Record<string, string> }).headers;
    expect(Object.entries(headers(ours))).toEqual(Object.entries(headers(theirs)));
    expect(headers(ours)).toMatchObject({ 'Content-Security-Policy': "default-src 'self'", 'X-Frame-Options': 'DENY' });
    expect(headers(ours)).not.toHaveProperty('Server');
  });

  it('set them on an error answer, and leave an error with no answer yet alone, as the middleware did', async () => {
    const [ours, theirs] = [answered(), answered()];
    await httpSecurityHeaders().onError!(ours as never);
    await reference().onError!(theirs as never);
    const noneOurs: Request = { response: undefined };
    const noneTheirs: Request = { response: undefined };
    await httpSecurityHeaders().onError!(noneOurs as never);
    await reference().onError!(noneTheirs as never);

    expect(ours).toEqual(theirs);
    expect(noneOurs).toEqual(noneTheirs);
    expect(noneOurs.response).toBeUndefined();
  });
});

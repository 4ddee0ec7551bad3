import middyHeaderNormalizer from '@middy/http-header-normalizer';
import { describe, expect, it } from 'vitest';
import { lowerCaseHeaderNames } from '#lib/header-names.ts';

const events = [
  { headers: { 'Content-Type': 'application/json', Origin: 'https://a.example', 'X-Forwarded-For': '203.0.113.9' } },
  {
    headers: { 'content-type': 'text/plain', 'If-Match': '"3"', 'IF-MATCH': '"4"', etag: 'x', 'WWW-Authenticate': 'y' },
  },
  { headers: { cookie: 'gk_mode=elder' }, multiValueHeaders: { Cookie: ['a=1', 'b=2'], 'Accept-Language': ['zh-CN'] } },
  { headers: {} },
  { body: '{}' },
  { headers: undefined, multiValueHeaders: undefined },
];

describe('request header names', () => {
  it('are lower-cased exactly as the middy middleware did with its defaults (the API used its defaults)', async () => {
    for (const event of events) {
      const [ours, theirs] = [{ event: structuredClone(event) }, { event: structuredClone(event) }];
      await lowerCaseHeaderNames().before!(ours as never);
      await middyHeaderNormalizer().before!(theirs as never);
      expect(ours).toStrictEqual(theirs);
      for (const field of ['headers', 'multiValueHeaders'] as const)
        expect(Object.entries((ours.event as Record<string, object | undefined>)[field] ?? {})).toEqual(
          Object.entries((theirs.event as Record<string, object | undefined>)[field] ?? {}),
        );
    }
  });

  it('leave one header under its lower-case name, the last spelling winning', async () => {
    const request = { event: { headers: { 'If-Match': '"3"', 'if-match': '"4"', Origin: 'https://a.example' } } };
    await lowerCaseHeaderNames().before!(request as never);
    expect({ ...request.event.headers }).toEqual({ 'if-match': '"4"', origin: 'https://a.example' });
  });
});

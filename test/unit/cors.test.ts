import middyCors from '@middy/http-cors';
import { describe, expect, it } from 'vitest';
import { httpCors } from '#lib/cors.ts';

/** The middy middleware with the options the API used, which lib/cors.ts replaces (the reference). */
const reference = (origins: string[]) =>
  middyCors({
    origins,
    methods: 'GET,POST,PUT,PATCH,DELETE',
    headers: 'Authorization,Content-Type,Idempotency-Key,If-Match',
  });

type Request = {
  event: { headers: Record<string, string>; requestContext: { http: { method: string } } };
  response: unknown;
};
const request = (headers: Record<string, string>, response: unknown, method = 'GET'): Request => ({
  event: { headers, requestContext: { http: { method } } },
  response: structuredClone(response),
});

const answer = { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: '{}' };
const settings = [
  [],
  ['https://gongkai.example.gov.cn'],
  ['https://GongKai.Example.gov.cn', 'http://localhost:3000'],
  ['https://*.example.gov.cn'],
  ['https://公开.中国'],
  ['*'],
  ['*', 'https://gongkai.example.gov.cn'],
];
const sent: Record<string, string>[] = [
  {},
  { origin: 'https://gongkai.example.gov.cn' },
  { origin: 'HTTPS://GONGKAI.EXAMPLE.GOV.CN' },
  { origin: 'http://localhost:3000' },
  { origin: 'https://county.example.gov.cn' },
  { origin: 'https://a.b.example.gov.cn' },
  { origin: 'https://公开.中国' },
  { origin: 'https://elsewhere.example.com' },
  { origin: 'null' },
  { Origin: 'https://gongkai.example.gov.cn' },
];
const responses = [
  answer,
  { statusCode: 404, headers: {}, body: '{"message":"接口不存在。"}' },
  { statusCode: 200, headers: { Vary: 'Cookie' }, body: '<p>页面</p>' },
  { statusCode: 200, headers: { vary: 'Accept-Encoding' }, body: '' },
  {
    statusCode: 204,
    headers: { 'Access-Control-Allow-Methods': 'GET', 'Access-Control-Allow-Origin': 'https://x.example' },
  },
  { statusCode: 200 },
  'a bare body',
];

describe('the API CORS headers', () => {
  it('set on each answer exactly the headers, in the order, that the middy middleware set with the API options', async () => {
    let cases = 0;
    for (const origins of settings)
      for (const headers of sent)
        for (const response of responses)
          for (const method of ['GET', 'OPTIONS']) {
            const [ours, theirs] = [request(headers, response, method), request(headers, response, method)];
            await httpCors(origins).after!(ours as never);
            await reference(origins).after!(theirs as never);
            const context = { origins, headers, response, method };
            expect({ ...context, response: ours.response }).toEqual({ ...context, response: theirs.response });
            expect(Object.keys((ours.response as { headers: object }).headers)).toEqual(
              Object.keys((theirs.response as { headers: object }).headers),
            );
            cases++;
          }
    expect(cases).toBe(settings.length * sent.length * responses.length * 2);
  });

  it('with no origin configured (as deployed), allow the methods and headers and name no origin', async () => {
    const ours = request({ origin: 'https://elsewhere.example.com' }, answer);
    await httpCors([]).after!(ours as never);
    expect((ours.response as { headers: object }).headers).toEqual({
      'Content-Type': 'application/json',
      'Access-Control-Allow-Headers': 'Authorization,Content-Type,Idempotency-Key,If-Match',
      'Access-Control-Allow-Methods': 'GET,POST,PUT,PATCH,DELETE',
    });
  });

  it('reflect a listed origin and say the answer varies by origin', async () => {
    const ours = request({ origin: 'https://gongkai.example.gov.cn' }, answer);
    await httpCors(['https://gongkai.example.gov.cn']).after!(ours as never);
    expect((ours.response as { headers: object }).headers).toMatchObject({
      'Access-Control-Allow-Origin': 'https://gongkai.example.gov.cn',
      Vary: 'Origin',
    });
  });

  it('set them on an error answer, and leave an error with no answer yet alone, as the middleware did', async () => {
    for (const origins of settings) {
      const [ours, theirs] = [request(sent[1]!, responses[1]), request(sent[1]!, responses[1])];
      await httpCors(origins).onError!(ours as never);
      await reference(origins).onError!(theirs as never);
      expect(ours).toEqual(theirs);
      const [noneOurs, noneTheirs] = [request(sent[1]!, undefined), request(sent[1]!, undefined)];
      await httpCors(origins).onError!(noneOurs as never);
      await reference(origins).onError!(noneTheirs as never);
      expect(noneOurs).toEqual(noneTheirs);
      expect(noneOurs.response).toBeUndefined();
    }
  });
});

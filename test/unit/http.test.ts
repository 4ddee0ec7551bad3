import type { Context } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { captureLogs } from '../support/logs.ts';
import type { HttpEvent, HttpResult, Operations } from '#lib/http.ts';
import { createHandler } from '#lib/http.ts';
import { CalendarGapError } from '#core/calendar.ts';
import { BadCursorError, WriteContention } from '#lib/dynamo-errors.ts';
import { apiAnswerMs, type RouteSpec } from '#lib/route-spec.ts';
import { devRoutes } from '#routes';
import { applicationsRoutes } from '#applications/routes.ts';
import { publicRoutes } from '#public/routes.ts';

const event = (routeKey: string, extra: Partial<HttpEvent> = {}): HttpEvent =>
  ({
    version: '2.0',
    routeKey,
    rawPath: routeKey.split(' ')[1]!,
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: {
      requestId: 'r1',
      routeKey,
      http: { method: routeKey.split(' ')[0]!, path: routeKey.split(' ')[1]! },
    },
    ...extra,
  }) as unknown as HttpEvent;

const agency = {
  id: 'lushuihe',
  name: '露水河镇人民政府',
  kind: 'town',
  kindLabel: '乡镇人民政府',
  parentId: 'fusong',
} as const;
const healthy = async () => ({
  status: 'ok' as const,
  function: 'public',
  time: '',
  checks: { dynamodb: { ok: true, ms: 1 }, s3: { ok: true, ms: 1 } },
});
// Tests give only the operations they call.
const only = <R extends readonly RouteSpec[]>(_routes: R, ops: Partial<Operations<R>>) =>
  ops as unknown as Operations<R>;

// The middy handler's event type is the intersection of its middlewares' types; tests give a v2 event.
const call = (handler: unknown, e: HttpEvent, context = {} as Context) =>
  (handler as (e: HttpEvent, c: Context) => Promise<HttpResult>)(e, context);

describe('the shared handler pipeline', () => {
  it('returns only the fields the route declares, so nothing undeclared leaks', async () => {
    const handler = createHandler(
      publicRoutes,
      only(publicRoutes, {
        health: healthy,
        listAgencies: async () => ({
          agencies: [{ ...agency, idNumber: '110101199003074514' } as typeof agency],
          next: null,
        }),
      }),
    );

    const result = await call(handler, event('GET /api/agencies'));

    expect(result.statusCode).toBe(200);
    expect(result.body).not.toContain('110101199003074514');
    expect(JSON.parse(result.body!)).toEqual({ agencies: [agency], next: null });
  });

  it('hides the cause of an unexpected error behind a generic 500 in Chinese', async () => {
    const handler = createHandler(
      publicRoutes,
      only(publicRoutes, {
        health: healthy,
        listAgencies: async () => {
          throw new Error('secret table name');
        },
      }),
    );

    const result = await call(handler, event('GET /api/agencies'));

    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('secret');
    expect(JSON.parse(result.body!).message).toContain('服务器内部错误');
  });

  it.each([
    ['storage unreachable', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'unavailable'],
    ['writes contending past their retries', new WriteContention(new Error('TransactionConflict')), 'busy'],
  ])('answers 503 and tells the client when to try again (%s)', async (_case, thrown, code) => {
    const handler = createHandler(
      publicRoutes,
      only(publicRoutes, {
        health: healthy,
        listAgencies: async () => {
          throw thrown;
        },
      }),
    );

    const result = await call(handler, event('GET /api/agencies'));

    expect(result.statusCode).toBe(503);
    expect(JSON.parse(result.body!).code).toBe(code);
    expect(JSON.parse(result.body!).message).toContain('请稍后重试');
    expect(Number(result.headers?.['Retry-After'])).toBeGreaterThan(0);
  });

  // Minification renames classes, and with them an error's default name: the mapping must not read it.
  const renamed = <E extends Error>(error: E) => Object.assign(error, { name: 'e' });
  it.each([
    ['a year without its holidays', renamed(new CalendarGapError(2031)), 409, 'calendar-gap'],
    ['a cursor this list did not issue', renamed(new BadCursorError()), 400, 'invalid-input'],
  ])('maps an error to its status by class or code, not by its name (%s)', async (_case, thrown, status, code) => {
    const handler = createHandler(
      publicRoutes,
      only(publicRoutes, {
        health: healthy,
        listAgencies: async () => {
          throw thrown;
        },
      }),
    );

    const result = await call(handler, event('GET /api/agencies'));

    expect(result.statusCode).toBe(status);
    expect(JSON.parse(result.body!).code).toBe(code);
  });

  it("answers 503 timed-out with a Retry-After when the function's time runs out (a machine at capacity)", async () => {
    const handler = createHandler(
      publicRoutes,
      only(publicRoutes, {
        health: healthy,
        listAgencies: () => new Promise(() => {}), // waits on storage that does not answer in time
      }),
    );
    const deadline = Date.now() + 200;
    const lambda = { getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) } as unknown as Context;

    const result = await call(handler, event('GET /api/agencies'), lambda);

    expect(result.statusCode).toBe(503);
    expect(JSON.parse(result.body!).code).toBe('timed-out');
    expect(Number(result.headers?.['Retry-After'])).toBeGreaterThan(0);
  });

  it("gives an operation no more than the API's time, though its function may run for a job's 15 minutes", async () => {
    let left = Number.POSITIVE_INFINITY;
    const handler = createHandler(
      publicRoutes,
      only(publicRoutes, {
        health: healthy,
        listAgencies: async ({ timeLeft }) => {
          left = timeLeft();
          return { agencies: [], next: null };
        },
      }),
    );
    const lambda = { getRemainingTimeInMillis: () => 900_000 } as unknown as Context;

    const result = await call(handler, event('GET /api/agencies'), lambda);

    expect(result.statusCode).toBe(200);
    expect(left).toBeLessThanOrEqual(apiAnswerMs);
    expect(left).toBeGreaterThan(apiAnswerMs - 5_000);
    expect(apiAnswerMs).toBeLessThan(30_000);
  });

  it('refuses a staff route when the authoriser passed no claims, without looking anyone up', async () => {
    const profile = vi.fn();
    const lookup = vi.fn();
    const handler = createHandler(
      applicationsRoutes,
      only(applicationsRoutes, { staffProfile: profile, applicationsHealth: profile }),
      { staff: lookup },
    );

    const result = await call(handler, event('GET /api/staff/me'));

    expect(result.statusCode).toBe(401);
    expect(lookup).not.toHaveBeenCalled();
    expect(profile).not.toHaveBeenCalled();
  });

  it("gives a staff route the staff member the function's lookup finds for the token's username", async () => {
    const lookup = vi.fn(async (who: { username: string }) => ({
      username: who.username,
      name: '陈静',
      agencyId: 'lushuihe',
      roles: ['handler' as const],
    }));
    const profile = vi.fn(async ({ staff }: { staff: { username: string } }) => staff);
    const handler = createHandler(applicationsRoutes, only(applicationsRoutes, { staffProfile: profile as never }), {
      staff: lookup,
    });

    await call(
      handler,
      event('GET /api/staff/me', {
        requestContext: {
          requestId: 'r1',
          routeKey: 'GET /api/staff/me',
          http: { method: 'GET', path: '/api/staff/me' },
          authorizer: { jwt: { claims: { 'cognito:username': 'lsh-handler', token_use: 'id' }, scopes: null } },
        } as never,
      }),
    );

    expect(lookup).toHaveBeenCalledWith({ username: 'lsh-handler' });
    expect(profile.mock.calls[0]![0].staff).toMatchObject({ username: 'lsh-handler', agencyId: 'lushuihe' });
  });

  it('will not build a function with staff routes that was given no staff lookup', () => {
    expect(() => createHandler(applicationsRoutes, only(applicationsRoutes, {}))).toThrow(/staff lookup/);
  });

  it('refuses a body in a content type it cannot read, in Chinese', async () => {
    const handler = createHandler(devRoutes, only(devRoutes, { devToken: vi.fn() }));

    const result = await call(
      handler,
      event('POST /api/dev/token', { headers: { 'content-type': 'text/plain' }, body: 'username=x' }),
    );

    expect(result.statusCode).toBe(415);
    expect(JSON.parse(result.body!).message).toContain('不支持的内容类型');
  });

  it('adds security headers to every response', async () => {
    const handler = createHandler(
      publicRoutes,
      only(publicRoutes, { health: healthy, listAgencies: async () => ({ agencies: [], next: null }) }),
    );

    const result = await call(handler, event('GET /api/health'));

    expect(result.headers?.['X-Content-Type-Options'] ?? result.headers?.['x-content-type-options']).toBe('nosniff');
  });

  it('logs a failure with its name, cause chain, stack and both request ids, and masks personal data', async () => {
    const cause = new Error('condition failed for 11010519491231002X, phone 13800000000, liming@example.com');
    cause.name = 'ConditionalCheckFailedException';
    const handler = createHandler(
      publicRoutes,
      only(publicRoutes, {
        health: healthy,
        listAgencies: async () => {
          throw new TypeError('cannot read applicant of 11010519491231002X', { cause });
        },
      }),
    );
    const logs = captureLogs();

    try {
      await call(handler, event('GET /api/agencies'), { awsRequestId: 'lambda-7' } as Context);
    } finally {
      logs.restore();
    }

    const line = JSON.parse(logs.lines.find((l) => l.includes('request failed'))!);
    expect(line).toMatchObject({
      level: 'error',
      status: 500,
      requestId: 'r1',
      lambdaRequestId: 'lambda-7',
      error: 'TypeError',
      cause: expect.stringContaining('ConditionalCheckFailedException: condition failed for [已隐去]'),
    });
    expect(line.stack).toMatch(/http\.test\.ts:\d+/);
    const text = logs.lines.join('\n');
    for (const personal of ['11010519491231002X', '13800000000', 'liming@example.com'])
      expect(text).not.toContain(personal);
  });
});

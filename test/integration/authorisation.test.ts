import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles } from '#core/staff.ts';
import { routes, type RouteSpec } from '#routes';
import { personApplication, submit } from '../support/applications.ts';
import {
  foreignToken as signedElsewhere,
  signIn,
  startTestPlatform,
  tableSnapshot as snapshot,
} from '../support/platform.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let receiptNumber: string;
beforeAll(async () => {
  platform = await startTestPlatform();
  receiptNumber = (await submit(platform.url, personApplication())).body.receiptNumber;
});
afterAll(() => platform?.stop());

const staffRoutes = (routes as readonly RouteSpec[]).filter((r) => r.auth === 'staff');
/** A valid request to each route (the fee preview needs its query), so only authorisation can refuse it. */
const pathOf = (route: RouteSpec) =>
  route.path.replace('{receiptNumber}', receiptNumber).replace('{year}', '2027').replace('{version}', '1') +
  (route.path.endsWith('/fee') ? '?scheme=perPage&quantity=40' : '');
const call = (route: RouteSpec, token?: string) =>
  fetch(`${platform.url}${pathOf(route)}`, {
    method: route.method,
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    ...(route.body && { body: JSON.stringify(route.example) }),
  });

const foreignToken = (expiresIn: string) =>
  signedElsewhere(
    { 'cognito:username': 'lsh-admin', 'custom:agency': 'lushuihe', 'cognito:groups': [...roles] },
    expiresIn,
  );

describe('every staff route', () => {
  it.each(staffRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s refuses a missing, forged or expired token with 401',
    async (_, route) => {
      const before = await snapshot();

      const answers = await Promise.all([
        call(route),
        call(route, await foreignToken('1h')),
        call(route, await foreignToken('-1m')),
        call(route, 'not.a.jwt'),
      ]);

      expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401]);
      expect(await snapshot()).toEqual(before);
    },
  );

  const restricted = staffRoutes.filter((r) => roles.some((role) => !r.roles!.includes(role)));
  it.each(restricted.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s refuses the roles it does not list with 403',
    async (_, route) => {
      const outsider = roles.find((role) => !route.roles!.includes(role))!;
      const token = await signIn(platform.url, `lsh-${outsider}`);
      const before = await snapshot();

      const response = await call(route, token);

      expect(response.status).toBe(403);
      expect((await response.json()).message).toBe('您没有执行此操作的权限。');
      expect(await snapshot()).toEqual(before);
    },
  );

  // Another agency's application answers as an unknown one would: nothing about it is revealed or changed.
  const scoped = staffRoutes.filter((r) => r.path.includes('{receiptNumber}'));
  it.each(scoped.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s keeps another agency out (404, nothing changed)',
    async (_, route) => {
      const role = route.roles!.find((r) => r !== 'admin') ?? route.roles![0]!;
      const token = await signIn(platform.url, `czj-${role}`);
      const before = await snapshot();

      const response = await call(route, token);

      expect(response.status).toBe(404);
      expect(await snapshot()).toEqual(before);
    },
  );
});

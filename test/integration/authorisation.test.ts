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
import { caller, pdfOf, uploadFile } from '../support/redactions.ts';

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
  route.path
    .replace('{receiptNumber}', receiptNumber)
    .replace('{year}', '2027')
    .replace('{version}', '1')
    .replace('{id}', '0123456789abcdef')
    .replace('{fileId}', '0b6f7a7e-2f7c-4c51-9a51-0d4c7f1e9a10') +
  (route.path.endsWith('/fee') ? '?scheme=perPage&quantity=40' : '');
const call = (route: RouteSpec, token?: string) =>
  fetch(`${platform.url}${pathOf(route)}`, {
    method: route.method,
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    ...(route.schemas().body && { body: JSON.stringify(route.example) }),
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

describe('every redaction route', () => {
  // 露水河镇's redaction of a file for an answer; 抚松县财政局's staff in a role the route allows aim at it.
  let id: string;
  let upload: string;
  beforeAll(async () => {
    const call = caller(platform.url, await signIn(platform.url, 'lsh-handler'));
    upload = await uploadFile(
      call,
      '租赁合同.pdf',
      await pdfOf(['Tenant ID 11010519491231002X.', 'The rent is paid yearly.']),
    );
    const created = await call('POST', '/api/staff/redactions', { source: { kind: 'answer', receiptNumber, upload } });
    id = created.body.id;
  });
  const elsewhere: Record<string, () => { path: string; body?: unknown }> = {
    createRedaction: () => ({
      path: '/api/staff/redactions',
      body: { source: { kind: 'answer', receiptNumber, upload } },
    }),
    getRedaction: () => ({ path: `/api/staff/redactions/${id}` }),
    saveRedactionMarks: () => ({ path: `/api/staff/redactions/${id}/marks`, body: { version: 1, marks: [] } }),
    redactionPage: () => ({ path: `/api/staff/redactions/${id}/pages/1/page.png` }),
    produceRedaction: () => ({ path: `/api/staff/redactions/${id}/produce`, body: { version: 1 } }),
    redactionResult: () => ({ path: `/api/staff/redactions/${id}/result` }),
    applyRedaction: () => ({ path: `/api/staff/redactions/${id}/apply`, body: { version: 1 } }),
  };
  const redactionRoutes = staffRoutes.filter((r) => r.fn === 'redaction');

  it('has a case for each route', () => {
    expect(redactionRoutes.map((r) => r.operationId).sort()).toEqual(Object.keys(elsewhere).sort());
  });

  it.each(redactionRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    "%s keeps another agency's staff out (404, nothing changed)",
    async (_, route) => {
      const token = await signIn(platform.url, `czj-${route.roles!.find((r) => r !== 'admin')}`);
      const { path, body } = elsewhere[route.operationId]!();
      const before = await snapshot();

      const response = await fetch(`${platform.url}${path}`, {
        method: route.method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });

      expect(response.status).toBe(404);
      expect(await snapshot()).toEqual(before);
    },
  );
});

describe('every administration route', () => {
  // An agency's administrator (露水河镇's) aimed at another agency, or at what only the county may do.
  const elsewhere: Record<string, { path: string; body?: unknown }> = {
    createAgency: { path: '/api/staff/agencies' },
    updateAgency: { path: '/api/staff/agencies/fusong-czj' },
    getManagedAgency: { path: '/api/staff/agencies/fusong-czj' },
    listUsers: { path: '/api/staff/users?agencyId=fusong-czj' },
    createUser: {
      path: '/api/staff/users',
      body: {
        username: 'czj-new',
        name: '新人',
        email: 'new@fusong.example',
        agencyId: 'fusong-czj',
        roles: ['handler'],
      },
    },
    getUser: { path: '/api/staff/users/czj-handler' },
    updateUser: { path: '/api/staff/users/czj-handler' },
    resetPassword: { path: '/api/staff/users/czj-handler/password' },
    clearSignInLimits: { path: '/api/staff/users/czj-handler/sign-in-limits' },
    listAdminLog: { path: '/api/staff/admin-log' },
    getExpressionRules: { path: '/api/staff/expression-rules' },
    saveExpressionRules: { path: '/api/staff/expression-rules' },
  };
  const adminRoutes = staffRoutes.filter((r) => r.fn === 'admin' && r.operationId !== 'listManagedAgencies');

  it('has a case for each route', () => {
    expect(adminRoutes.map((r) => r.operationId).sort()).toEqual(Object.keys(elsewhere).sort());
  });

  it.each(adminRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    "%s keeps an agency's administrator to its own agency (403, nothing changed)",
    async (_, route) => {
      const token = await signIn(platform.url, 'lsh-admin');
      const { path, body = route.example } = elsewhere[route.operationId]!;
      const before = await snapshot();

      const response = await fetch(`${platform.url}${path}`, {
        method: route.method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        ...(route.schemas().body && { body: JSON.stringify(body) }),
      });

      expect(response.status).toBe(403);
      expect(await snapshot()).toEqual(before);
    },
  );

  it("lists only the administrator's own agency to an agency's administrator", async () => {
    const token = await signIn(platform.url, 'lsh-admin');
    const response = await fetch(`${platform.url}/api/staff/agencies`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = await response.json();
    expect(body.agencies.map((a: { id: string }) => a.id)).toEqual(['lushuihe']);
    expect(body.can).toEqual({ create: false, edit: false });
  });
});

describe('every staff answer', () => {
  // Each GET as someone it is for: the town's handler, or the county's administrator.
  const reads = staffRoutes.filter((r) => r.method === 'GET');
  it.each(reads.map((r) => [`${r.method} ${r.path}`, r] as const))('%s carries no storage key', async (_, route) => {
    const who = route.roles?.includes('handler') ? 'lsh-handler' : 'fs-admin';
    const token = await signIn(platform.url, who);
    const path = pathOf(route)
      .replace('{agencyId}', 'lushuihe')
      .replace('{username}', 'lsh-handler')
      .replace('{id}', 'no-such-id')
      .replace('{page}', 'guide');
    const response = await fetch(`${platform.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status, path).toBeLessThan(500);
    expect(await response.text()).not.toMatch(/"(pk|sk|gsi\d+(pk|sk))"\s*:/);
  });
});

/** The staff queue: filters, search, marks, assignment, notes; county administrators' read-only view; letter settings. */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { organisationApplicant, personApplication, submit } from '../support/applications.ts';
import { signIn, startTestPlatform } from '../support/platform.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());
afterEach(() => void vi.useRealTimers());

async function call(user: string, method: string, path: string, body?: unknown) {
  const token = await signIn(platform.url, user);
  const response = await fetch(`${platform.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}

describe('the staff queue', () => {
  it('filters, searches, marks what is due and assigns', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-09-21T01:00:00Z') });
    const person = (await submit(platform.url, personApplication({ applicant: { ...personApplication().applicant, name: '孙小梅' } }))).body.receiptNumber;
    const firm = (await submit(platform.url, personApplication({ applicant: organisationApplicant }))).body.receiptNumber;
    const v = (await call('lsh-handler', 'POST', `/api/staff/applications/${person}/actions`, { version: 1, action: { type: 'confirmReceipt' } })).body.version;
    const assigned = await call('lsh-reviewer', 'POST', `/api/staff/applications/${person}/actions`, { version: v, action: { type: 'assign', assignee: 'lsh-handler' } });
    expect(assigned.status).toBe(200);
    await call('lsh-handler', 'POST', `/api/staff/applications/${person}/actions`, { version: v + 1, action: { type: 'note', text: '已电话联系申请人核实' } });

    vi.setSystemTime(new Date('2026-10-22T01:00:00Z')); // due 10-26: within 3 working days
    const all = await call('lsh-handler', 'GET', '/api/staff/applications');
    expect(all.body.applications.find((a: { receiptNumber: string }) => a.receiptNumber === person)).toMatchObject({ dueSoon: true, overdue: false, assignee: 'lsh-handler' });
    vi.setSystemTime(new Date('2026-10-27T01:00:00Z'));
    expect((await call('lsh-handler', 'GET', `/api/staff/applications?q=${encodeURIComponent('孙小')}`)).body.applications).toMatchObject([{ receiptNumber: person, overdue: true }]);
    expect((await call('lsh-handler', 'GET', `/api/staff/applications?q=${firm.toLowerCase()}`)).body.applications.map((a: { receiptNumber: string }) => a.receiptNumber)).toEqual([firm]);
    const orgs = (await call('lsh-handler', 'GET', '/api/staff/applications?applicantKind=organisation&year=2026')).body.applications;
    expect(orgs.map((a: { receiptNumber: string }) => a.receiptNumber)).toEqual([firm]);
    expect((await call('lsh-handler', 'GET', '/api/staff/applications?status=inProgress&assignee=lsh-handler')).body.applications).toHaveLength(1);
    expect((await call('lsh-handler', 'GET', '/api/staff/applications?assignee=-')).body.applications.map((a: { receiptNumber: string }) => a.receiptNumber)).toContain(firm);

    const bad = await call('lsh-handler', 'GET', '/api/staff/applications?status=unknown');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].message).toContain('状态');

    const detail = await call('lsh-handler', 'GET', `/api/staff/applications/${person}`);
    expect(detail.body.events.map((e: { type: string; public: boolean }) => [e.type, e.public])).toEqual(expect.arrayContaining([['assign', false], ['note', false]]));
    expect(detail.body.staff.map((s: { username: string }) => s.username)).toContain('lsh-handler');
    expect(detail.body.application.applicant.idNumber).toBe('11010519491231002X');
  });

  it('refuses to assign someone from another agency', async () => {
    const n = (await submit(platform.url, personApplication())).body.receiptNumber;
    const refused = await call('lsh-handler', 'POST', `/api/staff/applications/${n}/actions`, { version: 1, action: { type: 'assign', assignee: 'fs-handler' } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0]).toMatchObject({ field: 'body.action.assignee' });
  });
});

describe('the county\'s view of its towns and departments', () => {
  it('lets a county administrator read a subordinate agency\'s queue and details, masked and read-only', async () => {
    const n = (await submit(platform.url, personApplication())).body.receiptNumber;

    const queue = await call('fs-admin', 'GET', '/api/staff/applications?agency=lushuihe');
    expect(queue.status).toBe(200);
    expect(queue.body.agency.name).toBe('露水河镇人民政府');
    expect(JSON.stringify(queue.body)).not.toContain('11010519491231002X');

    const detail = await call('fs-admin', 'GET', `/api/staff/applications/${n}`);
    expect(detail.body).toMatchObject({ readOnly: true, application: { applicant: { idNumber: '1101**********002X', email: '（已遮蔽）' } } });
    expect((await call('fs-admin', 'POST', `/api/staff/applications/${n}/actions`, { version: 1, action: { type: 'note', text: 'x' } })).status).toBe(403);
  });

  it('keeps departments and towns out of each other\'s queues, and handlers out of the county view', async () => {
    expect((await call('czj-admin', 'GET', '/api/staff/applications?agency=lushuihe')).status).toBe(403);
    expect((await call('fs-handler', 'GET', '/api/staff/applications?agency=lushuihe')).status).toBe(403);
    expect((await call('lsh-admin', 'GET', '/api/staff/applications?agency=fusong')).status).toBe(403);
  });
});

describe('letter settings', () => {
  it('are read by staff and changed by administrators, one at a time', async () => {
    const current = await call('lsh-handler', 'GET', '/api/staff/agency/letters');
    expect(current.body).toMatchObject({ prefix: '露政公', version: 0 });
    const { version, ...settings } = current.body;

    expect((await call('lsh-handler', 'PUT', '/api/staff/agency/letters', { ...settings, version })).status).toBe(403);
    const [a, b] = await Promise.all([
      call('lsh-admin', 'PUT', '/api/staff/agency/letters', { ...settings, court: '白山市浑江区人民法院', version }),
      call('lsh-admin', 'PUT', '/api/staff/agency/letters', { ...settings, court: '抚松县人民法院', version }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const empty = await call('lsh-admin', 'PUT', '/api/staff/agency/letters', { ...settings, prefix: '', version: 1 });
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].message).toContain('文书字号前缀');
  });
});

describe('the staff console', () => {
  it('is served with a policy that allows uploads to the private bucket, and knows where to sign in', async () => {
    const page = await fetch(`${platform.url}/staff/`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('/assets/staff.js');
    expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' ${process.env.AWS_ENDPOINT_URL_S3}`);
    expect((await fetch(`${platform.url}/apply/status`)).headers.get('content-security-policy')).not.toContain(String(process.env.AWS_ENDPOINT_URL_S3));
    expect(await (await fetch(`${platform.url}/staff/config.json`)).json()).toEqual({ signInUrl: '/dev/signin' });
    expect((await fetch(`${platform.url}/assets/staff.js`)).headers.get('content-type')).toContain('javascript');
  });
});

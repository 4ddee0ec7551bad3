/**
 * Day one of a deployment, over HTTP: the county's administrator sets up a town and its first
 * administrator, who sets up a handler; the handler works an application to the new town; an
 * agency's administrator is kept to its own agency; a disabled account is refused at once; every
 * change is in the log of administration.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personApplication, submit } from '../support/applications.ts';
import { signIn, siteSettled, startTestPlatform } from '../support/platform.ts';
import { landingBefore, transactionWith } from '../support/table.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
const tokens = new Map<string, string>();
beforeAll(async () => {
  platform = await startTestPlatform();
  for (const username of ['fs-admin', 'lsh-admin', 'lsh-handler'])
    tokens.set(username, await signIn(platform.url, username));
});
afterAll(() => platform?.stop());

async function call(username: string, method: string, path: string, body?: unknown) {
  const token = tokens.get(username) ?? (await signIn(platform.url, username));
  tokens.set(username, token);
  const response = await fetch(`${platform.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}

const contact = {
  address: '抚松县仙人桥镇中心街 8 号',
  postcode: '134500',
  phone: '0439-6210000',
  fax: '0439-6210001',
  email: 'xrq@fusong.example.gov.cn',
  officeHours: '工作日 8:30—11:30，13:30—17:00',
};
const town = {
  id: 'xianrenqiao',
  name: '仙人桥镇人民政府',
  shortName: '仙人桥镇',
  kind: 'town',
  parentId: 'fusong',
  code: 'XRQ',
  order: 21,
  acceptsApplications: true,
  contact,
};
const handlerAccount = {
  username: 'xrq-handler',
  name: '马丽',
  email: 'mali@fusong.example.gov.cn',
  phone: '13900000000',
  agencyId: 'xianrenqiao',
  roles: ['handler'],
};
let receiptNumber: string;

describe('the county sets up a town and its staff', () => {
  it('creates the town with its contacts, answering 201 with the id, and puts it on the form and the site', async () => {
    const created = await call('fs-admin', 'POST', '/api/staff/agencies', town);

    expect(created.status).toBe(201);
    expect(created.body.id).toBe('xianrenqiao');
    expect(created.body.agency).toMatchObject({ kindLabel: '乡镇人民政府', active: true, version: 1, contact });

    const form = await (await fetch(`${platform.url}/api/agencies`)).json();
    expect(form.agencies.map((a: { id: string }) => a.id)).toContain('xianrenqiao');

    await siteSettled();
    const column = await fetch(`${platform.url}/xianrenqiao/index.html`);
    expect(column.status).toBe(200);
    const page = await column.text();
    expect(page).toContain('仙人桥镇人民政府');
    expect(page).toContain('0439-6210000');
    expect(page).toContain('工作日 8:30—11:30，13:30—17:00');
    // In the county's 机构目录 (the home names no agency but the county's own).
    expect(await (await fetch(`${platform.url}/agencies/index.html`)).text()).toContain(
      '<a href="/xianrenqiao/">仙人桥镇人民政府</a>',
    );
  });

  it('refuses a duplicate or malformed code, a town under a department and a taken id, naming the field', async () => {
    const duplicateCode = await call('fs-admin', 'POST', '/api/staff/agencies', { ...town, id: 'xrq2', code: 'LSH' });
    const malformed = await call('fs-admin', 'POST', '/api/staff/agencies', { ...town, id: 'xrq3', code: 'xr' });
    const underDepartment = await call('fs-admin', 'POST', '/api/staff/agencies', {
      ...town,
      id: 'xrq4',
      code: 'XRQD',
      parentId: 'fusong-czj',
    });
    const takenId = await call('fs-admin', 'POST', '/api/staff/agencies', { ...town, code: 'XRQE' });

    expect(duplicateCode.status).toBe(400);
    expect(duplicateCode.body.errors).toEqual([{ field: 'body.code', message: expect.stringContaining('LSH') }]);
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((f: { field: string }) => f.field)).toContain('body.code');
    expect(underDepartment.status).toBe(400);
    expect(underDepartment.body.errors.map((f: { field: string }) => f.field)).toContain('body.parentId');
    expect(takenId.status).toBe(409);
    const list = await call('fs-admin', 'GET', '/api/staff/agencies');
    expect(list.body.agencies.map((a: { id: string }) => a.id).filter((id: string) => id.startsWith('xrq'))).toEqual(
      [],
    );
  });

  it("creates the town's administrator, who creates a handler; the handler's queue is empty", async () => {
    const admin = await call('fs-admin', 'POST', '/api/staff/users', {
      username: 'xrq-admin',
      name: '高明',
      email: 'gaoming@fusong.example.gov.cn',
      agencyId: 'xianrenqiao',
      roles: ['admin'],
    });
    expect(admin.status).toBe(201);
    expect(admin.body).toMatchObject({ username: 'xrq-admin', invitation: { provider: 'platform' } });
    expect(admin.body.invitation.temporaryPassword).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);

    const handler = await call('xrq-admin', 'POST', '/api/staff/users', handlerAccount);
    expect(handler.status).toBe(201);
    expect(handler.body.user).toMatchObject({ name: '马丽', agencyId: 'xianrenqiao', disabled: false });

    const again = await call('xrq-admin', 'POST', '/api/staff/users', handlerAccount);
    expect(again.status).toBe(409);

    const queue = await call('xrq-handler', 'GET', '/api/staff/applications');
    expect(queue.status).toBe(200);
    expect(queue.body.items).toEqual([]);
    const me = await call('xrq-handler', 'GET', '/api/staff/me');
    expect(me.body).toMatchObject({ name: '马丽', agency: { id: 'xianrenqiao' } });
  });

  it('keeps an agency administrator to its own agency and to the roles of handler and reviewer', async () => {
    const agency = await call('xrq-admin', 'POST', '/api/staff/agencies', { ...town, id: 'xrq9', code: 'XRQN' });
    const edit = await call('xrq-admin', 'PUT', '/api/staff/agencies/xianrenqiao', {
      ...town,
      active: true,
      version: 1,
    });
    const elsewhere = await call('xrq-admin', 'POST', '/api/staff/users', {
      ...handlerAccount,
      username: 'xrq-intruder',
      agencyId: 'lushuihe',
    });
    const grantAdmin = await call('xrq-admin', 'POST', '/api/staff/users', {
      ...handlerAccount,
      username: 'xrq-admin2',
      roles: ['admin'],
    });
    const otherList = await call('xrq-admin', 'GET', '/api/staff/users?agencyId=lushuihe');
    const otherUser = await call('xrq-admin', 'GET', '/api/staff/users/lsh-handler');
    const log = await call('xrq-admin', 'GET', '/api/staff/admin-log');

    for (const refused of [agency, edit, elsewhere, grantAdmin, otherList, otherUser, log])
      expect(refused.status).toBe(403);
    expect(grantAdmin.body.message).toContain('经办人或审核人');
    const own = await call('xrq-admin', 'GET', '/api/staff/users');
    expect(own.body.users.map((u: { username: string }) => u.username).sort()).toEqual(['xrq-admin', 'xrq-handler']);
    expect(own.body.grantable.map((r: { role: string }) => r.role)).toEqual(['handler', 'reviewer']);
  });

  it('issues no letter until the town confirms its letter settings: a task on day one, the refusal says where', async () => {
    const { status, body } = await submit(platform.url, personApplication({ agencyId: 'xianrenqiao' }));
    expect(status).toBe(201);
    receiptNumber = body.receiptNumber;
    expect(receiptNumber).toMatch(/^XRQ-\d{4}-00001$/);
    const refused = await call('xrq-handler', 'POST', `/api/staff/applications/${receiptNumber}/actions`, {
      version: 1,
      action: { type: 'confirmReceipt' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('机关设置—文书设置');
    const handlerTask = (await call('xrq-handler', 'GET', '/api/staff/me')).body.notices;
    expect(handlerTask).toEqual([expect.objectContaining({ title: '文书设置尚未确认' })]);
    const adminTask = (await call('xrq-admin', 'GET', '/api/staff/me')).body.notices;
    expect(adminTask).toEqual([expect.objectContaining({ title: '文书设置尚未确认', href: '#/settings' })]);

    // The form offers the body the 2023 law gives a town, and no borrowed prefix.
    const offered = (await call('xrq-admin', 'GET', '/api/staff/agency/letters')).body;
    expect(offered).toMatchObject({
      confirmed: false,
      prefix: '',
      reconsiderationBody: '抚松县人民政府',
      court: '抚松县人民法院',
      remedyDefaults: { basis: '《中华人民共和国行政复议法》第二十四条第一款第（二）项' },
    });
    const settings = { ...offered, payment: '到镇党政办缴纳', phone: '0439-6210000' };
    delete settings.confirmed;
    delete settings.remedyDefaults;
    const borrowed = await call('xrq-admin', 'PUT', '/api/staff/agency/letters', { ...settings, prefix: '抚政公' });
    expect(borrowed.status).toBe(400);
    expect(borrowed.body.errors).toEqual([
      { field: 'body.prefix', message: expect.stringContaining('抚松县人民政府') },
    ]);
    const unexplained = await call('xrq-admin', 'PUT', '/api/staff/agency/letters', {
      ...settings,
      prefix: '仙政公',
      reconsiderationBody: '抚松县司法局',
    });
    expect(unexplained.status).toBe(400);
    expect(unexplained.body.errors[0].field).toBe('body.reconsiderationNote');
    const confirmed = await call('xrq-admin', 'PUT', '/api/staff/agency/letters', { ...settings, prefix: '仙政公' });
    expect(confirmed).toMatchObject({ status: 200, body: { confirmed: true, prefix: '仙政公' } });
    expect((await call('xrq-admin', 'GET', '/api/staff/me')).body.notices).toEqual([]);
  });

  it('lets the new handler work an application submitted to the new town', async () => {
    const queue = await call('xrq-handler', 'GET', '/api/staff/applications');
    expect(queue.body.items.map((i: { receiptNumber: string }) => i.receiptNumber)).toEqual([receiptNumber]);
    const step = await call('xrq-handler', 'POST', `/api/staff/applications/${receiptNumber}/actions`, {
      version: 1,
      action: { type: 'confirmReceipt' },
    });
    expect(step).toMatchObject({
      status: 200,
      body: { status: 'inProgress', letter: { number: expect.stringMatching(/^仙政公收〔\d{4}〕1号$/) } },
    });
    const assigned = await call('xrq-handler', 'POST', `/api/staff/applications/${receiptNumber}/actions`, {
      version: 2,
      action: { type: 'assign', assignee: 'xrq-handler' },
    });
    expect(assigned.status).toBe(200);
    const detail = await call('xrq-handler', 'GET', `/api/staff/applications/${receiptNumber}`);
    expect(detail.body.events.at(-1)).toMatchObject({ actor: 'xrq-handler', actorName: '马丽' });
    const foreign = await call('lsh-handler', 'GET', `/api/staff/applications/${receiptNumber}`);
    expect(foreign.status).toBe(404);
  });

  it('refuses to deactivate a town with open applications, and a stale edit', async () => {
    const deactivate = await call('fs-admin', 'PUT', '/api/staff/agencies/xianrenqiao', {
      ...town,
      active: false,
      version: 1,
    });
    expect(deactivate.status).toBe(409);
    expect(deactivate.body.message).toContain('未办结');

    const renamed = await call('fs-admin', 'PUT', '/api/staff/agencies/xianrenqiao', {
      ...town,
      contact: { ...contact, phone: '0439-6219999' },
      active: true,
      version: 1,
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.agency.version).toBe(2);
    const stale = await call('fs-admin', 'PUT', '/api/staff/agencies/xianrenqiao', {
      ...town,
      active: true,
      version: 1,
    });
    expect(stale.status).toBe(409);
    await siteSettled();
    expect(await (await fetch(`${platform.url}/xianrenqiao/index.html`)).text()).toContain('0439-6219999');
  });

  it('disables the handler: refused at once with the token it holds, no new token, its open work listed', async () => {
    const before = await call('xrq-admin', 'GET', '/api/staff/users/xrq-handler');
    expect(before.body.signIns.length).toBeGreaterThan(0);
    expect(before.body.openWork.applications.map((a: { receiptNumber: string }) => a.receiptNumber)).toEqual([
      receiptNumber,
    ]);

    const disabled = await call('xrq-admin', 'PUT', '/api/staff/users/xrq-handler', {
      name: '马丽',
      phone: '13900000000',
      roles: ['handler'],
      disabled: true,
      version: before.body.user.version,
    });
    expect(disabled.status).toBe(200);
    expect(disabled.body.user.disabled).toBe(true);
    expect(disabled.body.openWork.applications).toHaveLength(1);

    const refused = await call('xrq-handler', 'GET', '/api/staff/applications');
    expect(refused).toMatchObject({ status: 403, body: { message: '您的账号已停用，请联系管理员。' } });
    const token = await fetch(`${platform.url}/api/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'xrq-handler' }),
    });
    expect(token.status).toBe(403);

    const staleEdit = await call('xrq-admin', 'PUT', '/api/staff/users/xrq-handler', {
      name: '马丽',
      roles: ['handler'],
      disabled: false,
      version: before.body.user.version,
    });
    expect(staleEdit.status).toBe(409);
    const self = await call('xrq-admin', 'PUT', '/api/staff/users/xrq-admin', {
      name: '高明',
      roles: ['admin'],
      disabled: true,
      version: 1,
    });
    expect(self.status).toBe(403);
  });

  it('validates account input at the edge, naming each field', async () => {
    const bad = await call('fs-admin', 'POST', '/api/staff/users', {
      username: 'X',
      name: '',
      email: 'not-an-address',
      agencyId: 'xianrenqiao',
      roles: [],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((f: { field: string }) => f.field).sort()).toEqual(
      ['body.email', 'body.name', 'body.roles', 'body.username'].sort(),
    );
    const unknownAgency = await call('fs-admin', 'POST', '/api/staff/users', {
      ...handlerAccount,
      username: 'nobody-x',
      agencyId: 'nowhere',
    });
    expect(unknownAgency.status).toBe(404);
  });

  it('records every change with who, when, before and after, for the county administrators', async () => {
    const settings = (await call('lsh-admin', 'GET', '/api/staff/agency/letters')).body;
    expect(
      (await call('lsh-admin', 'PUT', '/api/staff/agency/letters', { ...settings, phone: '0439-6361610' })).status,
    ).toBe(200);

    const log = await call('fs-admin', 'GET', '/api/staff/admin-log?limit=100');
    expect(log.status).toBe(200);
    const actions = log.body.entries.map((e: { by: string; action: string; target: string }) => [
      e.by,
      e.action,
      e.target,
    ]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ['fs-admin', '新建机关', 'xianrenqiao'],
        ['fs-admin', '修改机关信息', 'xianrenqiao'],
        ['fs-admin', '新建账号', 'xrq-admin'],
        ['xrq-admin', '新建账号', 'xrq-handler'],
        ['xrq-admin', '停用账号', 'xrq-handler'],
        ['lsh-admin', '修改文书设置', 'lushuihe'],
      ]),
    );
    const phoneChange = log.body.entries.find((e: { action: string }) => e.action === '修改机关信息');
    expect(phoneChange.changes).toEqual(
      expect.arrayContaining([{ field: 'contact.phone', before: '0439-6210000', after: '0439-6219999' }]),
    );
    const disabling = log.body.entries.find((e: { action: string }) => e.action === '停用账号');
    expect(disabling.changes).toEqual(expect.arrayContaining([{ field: 'disabled', before: false, after: true }]));
    expect(JSON.stringify(log.body)).not.toContain('passwordHash');

    const town = await call('fs-admin', 'GET', '/api/staff/admin-log?agencyId=xianrenqiao');
    expect(new Set(town.body.entries.map((e: { agencyId: string }) => e.agencyId))).toEqual(new Set(['xianrenqiao']));
  });
});

describe('a profile edit crossing a settings save', () => {
  it("keeps the town's letter settings saved while its profile was being changed, and the profile change too", async () => {
    // The administrator saves the letter settings (a new prefix) between the profile edit's read and
    // its write: the edit must not put the older settings back (nor leave the prefix's hold behind).
    const { letterPrefixHolder } = await import('#store/agencies.ts');
    const profile = (await call('fs-admin', 'GET', '/api/staff/agencies/xianrenqiao')).body.agency;
    const {
      confirmed: _c,
      remedyDefaults: _d,
      seal: _s,
      ...letters
    } = (await call('xrq-admin', 'GET', '/api/staff/agency/letters')).body;
    const { answer: edited, meanwhile: saved } = await landingBefore(
      transactionWith('修改机关信息'),
      () => call('xrq-admin', 'PUT', '/api/staff/agency/letters', { ...letters, prefix: '仙政申' }),
      () =>
        call('fs-admin', 'PUT', '/api/staff/agencies/xianrenqiao', {
          ...town,
          contact: { ...contact, phone: '0439-6218888' },
          active: true,
          version: profile.version,
        }),
    );

    expect(saved).toMatchObject([{ status: 200, body: { prefix: '仙政申' } }]);
    expect(edited.status).toBe(200);
    expect(edited.body.agency).toMatchObject({ version: profile.version + 1, contact: { phone: '0439-6218888' } });
    const now = (await call('xrq-admin', 'GET', '/api/staff/agency/letters')).body;
    expect(now).toMatchObject({ prefix: '仙政申', version: letters.version + 1 });
    expect((await letterPrefixHolder('仙政申'))?.id).toBe('xianrenqiao');
    expect(await letterPrefixHolder('仙政公')).toBeUndefined();
    const after = (await call('fs-admin', 'GET', '/api/staff/agencies/xianrenqiao')).body.agency;
    expect(after).toMatchObject({ version: profile.version + 1, contact: { phone: '0439-6218888' } });
  });
});

/** The staff queue: filters, search, marks, assignment, notes; county administrators' read-only view; letter settings. */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { organisationApplicant, personApplication, submit } from '../support/applications.ts';
import { signIn, startTestPlatform } from '../support/platform.ts';
import { publicationContent } from '../support/publications.ts';
import { putAll } from '../support/table.ts';

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
    const person = (
      await submit(platform.url, personApplication({ applicant: { ...personApplication().applicant, name: '孙小梅' } }))
    ).body.receiptNumber;
    const firm = (await submit(platform.url, personApplication({ applicant: organisationApplicant }))).body
      .receiptNumber;
    const v = (
      await call('lsh-handler', 'POST', `/api/staff/applications/${person}/actions`, {
        version: 1,
        action: { type: 'confirmReceipt' },
      })
    ).body.version;
    const assigned = await call('lsh-reviewer', 'POST', `/api/staff/applications/${person}/actions`, {
      version: v,
      action: { type: 'assign', assignee: 'lsh-handler' },
    });
    expect(assigned.status).toBe(200);
    await call('lsh-handler', 'POST', `/api/staff/applications/${person}/actions`, {
      version: v + 1,
      action: { type: 'note', text: '已电话联系申请人核实' },
    });

    vi.setSystemTime(new Date('2026-10-22T01:00:00Z')); // due 10-26: within 3 working days
    const all = await call('lsh-handler', 'GET', '/api/staff/applications');
    expect(all.body.items.find((a: { receiptNumber: string }) => a.receiptNumber === person)).toMatchObject({
      dueSoon: true,
      overdue: false,
      assignee: 'lsh-handler',
      assigneeName: '陈静',
    });
    vi.setSystemTime(new Date('2026-10-27T01:00:00Z'));
    expect(
      (await call('lsh-handler', 'GET', `/api/staff/applications?q=${encodeURIComponent('孙小')}`)).body.items,
    ).toMatchObject([{ receiptNumber: person, overdue: true }]);
    expect(
      (await call('lsh-handler', 'GET', `/api/staff/applications?q=${firm.toLowerCase()}`)).body.items.map(
        (a: { receiptNumber: string }) => a.receiptNumber,
      ),
    ).toEqual([firm]);
    const orgs = (await call('lsh-handler', 'GET', '/api/staff/applications?applicantKind=organisation&year=2026')).body
      .items;
    expect(orgs.map((a: { receiptNumber: string }) => a.receiptNumber)).toEqual([firm]);
    expect(
      (await call('lsh-handler', 'GET', '/api/staff/applications?status=inProgress&assignee=lsh-handler')).body.items,
    ).toHaveLength(1);
    expect(
      (await call('lsh-handler', 'GET', '/api/staff/applications?assignee=-')).body.items.map(
        (a: { receiptNumber: string }) => a.receiptNumber,
      ),
    ).toContain(firm);

    const bad = await call('lsh-handler', 'GET', '/api/staff/applications?status=unknown');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].message).toContain('状态');

    const detail = await call('lsh-handler', 'GET', `/api/staff/applications/${person}`);
    expect(detail.body.events.map((e: { type: string; public: boolean }) => [e.type, e.public])).toEqual(
      expect.arrayContaining([
        ['assign', false],
        ['note', false],
      ]),
    );
    expect(detail.body.staff.map((s: { username: string }) => s.username)).toContain('lsh-handler');
    expect(detail.body.application.applicant.idNumber).toBe('11010519491231002X');
  });

  it('refuses to assign someone from another agency', async () => {
    const n = (await submit(platform.url, personApplication())).body.receiptNumber;
    const refused = await call('lsh-handler', 'POST', `/api/staff/applications/${n}/actions`, {
      version: 1,
      action: { type: 'assign', assignee: 'fs-handler' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0]).toMatchObject({ field: 'body.action.assignee' });
  });
});

describe('the queue a page at a time', () => {
  it('walks every application in deadline order, a page at a time, without repeats', async () => {
    const fresh = await call('czj-handler', 'GET', '/api/staff/applications?limit=100');
    for (let i = 0; i < 5; i++) await submit(platform.url, personApplication({ agencyId: 'fusong-czj' }));

    const seen: { receiptNumber: string; due: string | null }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await call(
        'czj-handler',
        'GET',
        `/api/staff/applications?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items);
      cursor = page.body.next;
      pages += 1;
    } while (cursor && pages < 20);

    expect(seen.length).toBe(fresh.body.items.length + 5);
    expect(new Set(seen.map((a) => a.receiptNumber)).size).toBe(seen.length);
    const dues = seen.map((a) => a.due ?? '~');
    expect(dues).toEqual([...dues].sort());
  });

  it('refuses a cursor it did not issue, or one from another filter, naming the field', async () => {
    const forged = Buffer.from(
      JSON.stringify({ pk: 'APP#X', sk: 'APP', gsi2pk: 'AGENCY#fusong#QUEUE', gsi2sk: '~#X' }),
    ).toString('base64url');
    const page = await call('lsh-handler', 'GET', `/api/staff/applications?cursor=${forged}`);
    expect(page.status).toBe(400);
    expect(page.body.errors[0]).toMatchObject({ field: 'query.cursor' });
    expect((await call('lsh-handler', 'GET', '/api/staff/applications?cursor=not-json')).status).toBe(400);
    expect((await call('lsh-handler', 'GET', '/api/staff/applications?limit=101')).status).toBe(400);
  });

  it('finds an application by its receipt number however it is typed, and by words of its title', async () => {
    const n = (
      await submit(
        platform.url,
        personApplication({ request: { title: '露水河镇征地补偿标准', description: '征地补偿安置方案全文' } }),
      )
    ).body.receiptNumber as string;
    const fullWidth = n
      .toLowerCase()
      .replace(/-/g, '－')
      .replace(/[a-z0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

    expect(
      (
        await call('lsh-handler', 'GET', `/api/staff/applications?q=${encodeURIComponent(` ${fullWidth} `)}`)
      ).body.items.map((a: { receiptNumber: string }) => a.receiptNumber),
    ).toEqual([n]);
    expect(
      (await call('lsh-handler', 'GET', `/api/staff/applications?q=${encodeURIComponent('征地')}`)).body.items.map(
        (a: { receiptNumber: string }) => a.receiptNumber,
      ),
    ).toContain(n);
    expect((await call('fs-handler', 'GET', `/api/staff/applications?q=${n}`)).body.items).toEqual([]);
  });

  it('shows the open cases by choice, marking the ended ones', async () => {
    const agencyId = 'fusong-czj';
    const [answered, pending] = await Promise.all(
      [1, 2].map(async () => (await submit(platform.url, personApplication({ agencyId }))).body.receiptNumber),
    );
    await call('czj-handler', 'POST', `/api/staff/applications/${answered}/actions`, {
      version: 1,
      action: { type: 'confirmReceipt' },
    });
    const step = await call('czj-handler', 'POST', `/api/staff/applications/${answered}/actions`, {
      version: 2,
      action: {
        type: 'answer',
        outcome: 'unable.notHeld',
        basis: '《中华人民共和国政府信息公开条例》第三十六条第（四）项',
      },
    });
    expect(step.status).toBe(200);

    const open = await call('czj-handler', 'GET', '/api/staff/applications?status=open');
    const all = await call('czj-handler', 'GET', '/api/staff/applications');
    const numbers = (page: { body: { items: { receiptNumber: string }[] } }) =>
      page.body.items.map((a) => a.receiptNumber);

    expect(numbers(open)).toContain(pending);
    expect(numbers(open)).not.toContain(answered);
    expect(all.body.items.find((a: { receiptNumber: string }) => a.receiptNumber === answered)).toMatchObject({
      open: false,
      statusLabel: '已答复',
    });
    expect(open.body.items.every((a: { open: boolean }) => a.open)).toBe(true);
    expect(open.body.filters.statuses[0]).toEqual({ value: 'open', label: '办理中（未办结）' });
  });

  it('serves overdue and soon-due from the index', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-09-21T01:00:00Z') });
    const late = (await submit(platform.url, personApplication({ agencyId: 'fusong-zrzyj' }))).body.receiptNumber;
    await call('zrzyj-handler', 'POST', `/api/staff/applications/${late}/actions`, {
      version: 1,
      action: { type: 'confirmReceipt' },
    });
    vi.setSystemTime(new Date('2026-10-27T01:00:00Z')); // due 10-26

    const overdue = await call('zrzyj-handler', 'GET', '/api/staff/applications?due=overdue');
    const soon = await call('zrzyj-handler', 'GET', '/api/staff/applications?due=soon');

    expect(overdue.body.items.map((a: { receiptNumber: string }) => a.receiptNumber)).toEqual([late]);
    expect(soon.body.items).toEqual([]);
  });

  it('says when a filter looked at its budget of applications without filling a page, and goes on from there', async () => {
    // 600 applications of another agency, written straight to the table as submissions leave them.
    const keys = await import('#store/keys.ts');
    const { queueAttributes } = await import('#store/placement.ts');
    const base = personApplication({ agencyId: 'fusong' });
    const items = Array.from({ length: 600 }, (_, i) => {
      const receiptNumber = `FS-2026-${String(90000 + i).padStart(5, '0')}`;
      const application = {
        ...base,
        receiptNumber,
        receiptDate: '2026-09-21',
        status: 'registered',
        version: 1,
        submittedAt: '2026-09-21T01:00:00Z',
        uploads: [],
      };
      return {
        ...keys.application(receiptNumber),
        ...queueAttributes(application as never, '2026-10-26'),
        ...application,
      };
    });
    await putAll(items);

    const first = await call('fs-handler', 'GET', '/api/staff/applications?applicantKind=organisation');

    expect(first.status).toBe(200);
    expect(first.body.items).toEqual([]);
    expect(first.body.note).toContain('本页已查看 500 件申请');
    expect(first.body.next).toEqual(expect.any(String));
    const rest = await call(
      'fs-handler',
      'GET',
      `/api/staff/applications?applicantKind=organisation&cursor=${encodeURIComponent(first.body.next)}`,
    );
    expect(rest.body).toMatchObject({ items: [], next: null });
  });
});

describe('other staff lists, a page at a time', () => {
  it('pages the outbox and the publications, newest first, each item once', async () => {
    const handler = await signIn(platform.url, 'lsh-handler');
    for (let i = 0; i < 3; i++) {
      const n = (await submit(platform.url, personApplication())).body.receiptNumber;
      await call('lsh-handler', 'POST', `/api/staff/applications/${n}/actions`, {
        version: 1,
        action: { type: 'confirmReceipt' },
      });
      await call('lsh-handler', 'POST', '/api/staff/publications', publicationContent());
    }
    const walk = async (path: string, key: string) => {
      const seen: unknown[] = [];
      let cursor: string | null = null;
      do {
        const page = await (
          await fetch(`${platform.url}${path}?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
            headers: { authorization: `Bearer ${handler}` },
          })
        ).json();
        expect(page[key].length).toBeLessThanOrEqual(1);
        seen.push(...page[key]);
        cursor = page.next;
      } while (cursor);
      return seen;
    };

    const mail = (await walk('/api/staff/outbox', 'mail')) as {
      at: string;
      receiptNumber: string;
      letterNumber: string;
    }[];
    const publications = (await walk('/api/staff/publications', 'publications')) as { id: string; updatedAt: string }[];

    expect(mail.length).toBeGreaterThanOrEqual(3);
    // Each letter once, and each application's 受理回执 once.
    expect(new Set(mail.map((m) => `${m.receiptNumber} ${m.letterNumber}`)).size).toBe(mail.length);
    expect(mail.map((m) => m.at)).toEqual([...mail.map((m) => m.at)].sort().reverse());
    expect(publications.length).toBeGreaterThanOrEqual(3);
    expect(new Set(publications.map((p) => p.id)).size).toBe(publications.length);
    expect(publications.map((p) => p.updatedAt)).toEqual([...publications.map((p) => p.updatedAt)].sort().reverse());
    const crossed = await fetch(
      `${platform.url}/api/staff/outbox?cursor=${Buffer.from(JSON.stringify({ pk: 'AGENCY#fusong', sk: 'OUTBOX#x' })).toString('base64url')}`,
      { headers: { authorization: `Bearer ${handler}` } },
    );
    expect(crossed.status).toBe(400);
  });
});

describe("the county's view of its towns and departments", () => {
  it("lets a county administrator read a subordinate agency's queue and details, masked and read-only", async () => {
    const n = (await submit(platform.url, personApplication())).body.receiptNumber;

    const queue = await call('fs-admin', 'GET', '/api/staff/applications?agency=lushuihe');
    expect(queue.status).toBe(200);
    expect(queue.body.agency.name).toBe('露水河镇人民政府');
    expect(JSON.stringify(queue.body)).not.toContain('11010519491231002X');

    const detail = await call('fs-admin', 'GET', `/api/staff/applications/${n}`);
    expect(detail.body).toMatchObject({
      readOnly: true,
      application: { applicant: { idNumber: '1101**********002X', email: '（已遮蔽）' } },
    });
    expect(
      (
        await call('fs-admin', 'POST', `/api/staff/applications/${n}/actions`, {
          version: 1,
          action: { type: 'note', text: 'x' },
        })
      ).status,
    ).toBe(403);
  });

  it("masks the same personal data for an agency's administrator everywhere: the detail (postcode too) and the outbox", async () => {
    const n = (
      await submit(
        platform.url,
        personApplication({
          applicant: { ...personApplication().applicant, postcode: '134500', email: 'zhangsan@example.cn' },
        }),
      )
    ).body.receiptNumber;
    const handler = await call('lsh-handler', 'GET', `/api/staff/applications/${n}`);
    await call('lsh-handler', 'POST', `/api/staff/applications/${n}/actions`, {
      version: handler.body.application.version,
      action: { type: 'confirmReceipt' },
    });

    const detail = await call('lsh-admin', 'GET', `/api/staff/applications/${n}`);
    expect(detail.body.application.applicant).toMatchObject({ postcode: '（已遮蔽）', email: '（已遮蔽）' });
    const outbox = await call('lsh-admin', 'GET', '/api/staff/outbox');
    const mine = outbox.body.mail.filter((m: { receiptNumber: string }) => m.receiptNumber === n);
    expect(mine.length).toBeGreaterThan(0);
    expect(JSON.stringify(outbox.body)).not.toContain('zhangsan@example.cn');
    expect(mine[0]).toMatchObject({
      to: 'z***@example.cn',
      text: expect.stringContaining('仅本机关经办人、审核人可以查看'),
    });
    const full = await call('lsh-handler', 'GET', '/api/staff/outbox');
    expect(full.body.mail.find((m: { receiptNumber: string }) => m.receiptNumber === n)).toMatchObject({
      to: 'zhangsan@example.cn',
    });
  });

  it("keeps departments and towns out of each other's queues, and handlers out of the county view", async () => {
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
    expect(page.headers.get('content-security-policy')).toContain(
      `connect-src 'self' ${process.env.AWS_ENDPOINT_URL_S3}`,
    );
    expect((await fetch(`${platform.url}/apply/status`)).headers.get('content-security-policy')).not.toContain(
      String(process.env.AWS_ENDPOINT_URL_S3),
    );
    expect(await (await fetch(`${platform.url}/staff/config.json`)).json()).toEqual({
      authorizeUrl: '/oidc/auth',
      tokenUrl: '/oidc/token',
      revokeUrl: '/oidc/token/revocation',
      logoutUrl: '/oidc/session/end',
      logoutRedirectParam: 'post_logout_redirect_uri',
      clientId: 'gongkai-console',
      scope: 'openid profile',
    });
    expect((await fetch(`${platform.url}/assets/staff.js`)).headers.get('content-type')).toContain('javascript');
  });
});

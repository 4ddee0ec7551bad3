import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { personApplication, submit } from '../support/applications.ts';
import { signIn, startTestPlatform } from '../support/platform.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());
afterEach(() => void vi.useRealTimers());

const year2027 = {
  complete: true,
  note: '国务院办公厅关于 2027 年部分节假日安排的通知（测试数据）',
  days: [{ date: '2027-01-01', kind: 'holiday', note: '元旦' }],
  version: 0,
};

/** Submitted while 2027 was not entered: its deadline waits for the year. */
let waiting: string;

const putYear = (token: string, year: number, body: unknown) =>
  fetch(`${platform.url}/api/staff/calendar/${year}`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('the working calendar', () => {
  it('lets a citizen apply in late December before 2027 is entered, and shows why the deadline is pending', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-21T02:00:00Z') });

    const { status, body } = await submit(platform.url, personApplication({ startedAt: Date.now() - 60_000 }));

    expect(status).toBe(201);
    waiting = body.receiptNumber;
    expect(body.receiptDate).toBe('2026-12-21');
    expect(body.replyDue).toBeNull();
    expect(body.deadline.steps[0].text).toContain('2027 年');
  });

  it('is editable by an administrator only, with a version check', async () => {
    const [handler, admin] = await Promise.all([signIn(platform.url, 'lsh-handler'), signIn(platform.url, 'fs-admin')]);

    const refused = await putYear(handler, 2027, year2027);
    const saved = await putYear(admin, 2027, year2027);
    const stale = await putYear(admin, 2027, year2027);

    expect(refused.status).toBe(403);
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ year: 2027, complete: true, version: 1, updatedBy: 'fs-admin' });
    expect(stale.status).toBe(409);
    expect((await stale.json()).message).toContain('已被他人修改');
  });

  it('computes deadlines into 2027 once it is entered', async () => {
    const admin = await signIn(platform.url, 'fs-admin');
    const listed = await (await fetch(`${platform.url}/api/staff/calendar`, { headers: { authorization: `Bearer ${admin}` } })).json();
    expect(listed.coveredYears).toContain(2027);
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-21T02:00:00Z') });

    const { body } = await submit(platform.url, personApplication({ startedAt: Date.now() - 60_000 }));

    // 12-22 … 12-31 are 8 working days; 01-01 元旦; 01-04 … 01-19 are the other 12.
    expect(body.replyDue).toBe('2027-01-19');
  });

  it('puts an application that waited for the year in its place in the queue once the year is entered', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-21T03:00:00Z') });
    const handler = await signIn(platform.url, 'lsh-handler');
    const row = async () => ((await (await fetch(`${platform.url}/api/staff/applications?q=${waiting}`, { headers: { authorization: `Bearer ${handler}` } })).json()).items[0]);
    expect((await row()).due).toBeNull();

    const sweep = await (await fetch(`${platform.url}/api/dev/sweep`, { method: 'POST' })).json();

    expect(sweep.requeued).toBeGreaterThanOrEqual(1);
    expect((await row()).due).toBe('2027-01-19');
    expect((await (await fetch(`${platform.url}/api/dev/sweep`, { method: 'POST' })).json()).requeued).toBe(0);
  });

  it('refuses a day outside the year and names it', async () => {
    const admin = await signIn(platform.url, 'fs-admin');

    const response = await putYear(admin, 2028, { ...year2027, days: [{ date: '2027-05-01', kind: 'holiday', note: '劳动节' }] });

    expect(response.status).toBe(400);
    expect((await response.json()).message).toContain('2027-05-01 不在 2028 年');
  });
});

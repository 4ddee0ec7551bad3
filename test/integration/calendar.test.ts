import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { calendarExample } from '#applications/schemas.ts';
import { personApplication, submit } from '../support/applications.ts';
import { jobOutcome } from '../support/jobs.ts';
import { signIn, startTestPlatform } from '../support/platform.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  platform = await startTestPlatform({ calendar: 'official' });
});
afterAll(() => platform?.stop());
afterEach(() => void vi.useRealTimers());

/** A plausible 2027 (元旦 on 01-01; the rest from February on, after the deadlines below). */
const year2027 = {
  complete: true,
  note: '国务院办公厅关于 2027 年部分节假日安排的通知（测试数据）',
  days: calendarExample.days,
  version: 0,
};

/** Submitted while 2027 was not entered: its deadline waits for the year. */
let waiting: string;
/** The job that put open applications in their place after 2027 was entered. */
let requeue: string;

const putYear = (token: string, year: number, body: unknown) =>
  fetch(`${platform.url}/api/staff/calendar/${year}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('the working calendar', () => {
  it('lets a citizen apply in late December before 2027 is entered, and shows why the deadline is pending', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-21T02:00:00Z') });

    const { status, body } = await submit(platform.url, personApplication());

    expect(status).toBe(201);
    waiting = body.receiptNumber;
    expect(body.receiptDate).toBe('2026-12-21');
    expect(body.replyDue).toBeNull();
    expect(body.deadline.steps[0].text).toContain('2027 年');
  });

  it('is editable by a county administrator only, with a version check, and complete only when plausible', async () => {
    const [handler, townAdmin, admin] = await Promise.all([
      signIn(platform.url, 'lsh-handler'),
      signIn(platform.url, 'lsh-admin'),
      signIn(platform.url, 'fs-admin'),
    ]);

    const town = await putYear(townAdmin, 2027, year2027);
    expect(town.status).toBe(403);
    expect((await town.json()).message).toBe('工作日历适用于全县各机关的答复期限，只有县级管理员可以修改。');
    const implausible = await putYear(admin, 2027, { ...year2027, days: year2027.days.slice(0, 1) });
    expect(implausible.status).toBe(400);
    expect((await implausible.json()).errors).toEqual([
      {
        field: 'body.days',
        message:
          '日期列表：2027 年仅列出 1 天放假，少于法定节假日 13 天，不能标记为完整安排；请按国务院办公厅的放假通知录入全部放假和调休日期',
      },
    ]);
    const partial = await putYear(admin, 2030, { ...year2027, complete: false, days: [] });
    expect(partial.status).toBe(200); // an incomplete year may list what is known so far

    const refused = await putYear(handler, 2027, year2027);
    const saved = await putYear(admin, 2027, year2027);
    const stale = await putYear(admin, 2027, year2027);

    expect(refused.status).toBe(403);
    expect(saved.status).toBe(200);
    const body = await saved.json();
    expect(body).toMatchObject({
      year: 2027,
      complete: true,
      version: 1,
      updatedBy: 'fs-admin',
      requeue: { kind: 'requeue', state: 'queued' },
    });
    requeue = body.requeue.id;
    expect(stale.status).toBe(409);
    expect((await stale.json()).message).toContain('已被他人修改');
  });

  it('computes deadlines into 2027 once it is entered', async () => {
    const admin = await signIn(platform.url, 'fs-admin');
    const listed = await (
      await fetch(`${platform.url}/api/staff/calendar`, { headers: { authorization: `Bearer ${admin}` } })
    ).json();
    expect(listed.coveredYears).toContain(2027);
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-21T02:00:00Z') });

    const { body } = await submit(platform.url, personApplication());

    // 12-22 … 12-31 are 8 working days; 01-01 元旦; 01-04 … 01-19 are the other 12.
    expect(body.replyDue).toBe('2027-01-19');
  });

  it('puts an application that waited for the year in its place in the queue once the year is entered', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-21T03:00:00Z') });
    const [handler, admin] = await Promise.all([signIn(platform.url, 'lsh-handler'), signIn(platform.url, 'fs-admin')]);
    const row = async () =>
      (
        await (
          await fetch(`${platform.url}/api/staff/applications?q=${waiting}`, {
            headers: { authorization: `Bearer ${handler}` },
          })
        ).json()
      ).items[0];

    // The job the entry started, or else the next sweep (which reads every waiting application daily), places it.
    const job = await jobOutcome(platform.url, admin, requeue);
    await fetch(`${platform.url}/api/dev/sweep`, { method: 'POST' });

    expect(job).toMatchObject({ state: 'done', result: { moved: expect.any(Number) } });
    expect((await row()).due).toBe('2027-01-19');
    // In its place, it is no longer on the sweep's agenda until its reminder is due.
    expect(await (await fetch(`${platform.url}/api/dev/sweep`, { method: 'POST' })).json()).toMatchObject({
      requeued: 0,
      calendarGaps: 0,
    });
  });

  it("moves the stored deadlines of open applications when a year's schedule is corrected", async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-22T03:00:00Z') });
    const [handler, admin] = await Promise.all([signIn(platform.url, 'lsh-handler'), signIn(platform.url, 'fs-admin')]);
    const row = async () =>
      (
        await (
          await fetch(`${platform.url}/api/staff/applications?q=${waiting}`, {
            headers: { authorization: `Bearer ${handler}` },
          })
        ).json()
      ).items[0];
    const current = (
      await (
        await fetch(`${platform.url}/api/staff/calendar`, { headers: { authorization: `Bearer ${admin}` } })
      ).json()
    ).schedules.find((s: { year: number }) => s.year === 2027);

    const corrected = await (
      await putYear(admin, 2027, {
        ...year2027,
        days: [...year2027.days, { date: '2027-01-18', kind: 'holiday', note: '测试：临时调整' }],
        version: current.version,
      })
    ).json();
    const job = await jobOutcome(platform.url, admin, corrected.requeue.id);

    expect(job).toMatchObject({ state: 'done', result: { moved: expect.any(Number) } });
    expect(job.result.moved).toBeGreaterThanOrEqual(1);
    expect((await row()).due).toBe('2027-01-20');
  });

  it('refuses a day outside the year and names it', async () => {
    const admin = await signIn(platform.url, 'fs-admin');

    const response = await putYear(admin, 2028, {
      ...year2027,
      days: [{ date: '2027-05-01', kind: 'holiday', note: '劳动节' }],
    });

    expect(response.status).toBe(400);
    expect((await response.json()).message).toContain('2027-05-01 不在 2028 年');
  });
});

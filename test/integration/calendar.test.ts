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
let waitingCode: string;
/** Asked to correct while 2027 was not entered: its correction period waits for the year. */
let correcting: string;
let correctingCode: string;
/** The job that put open applications in their place after 2027 was entered. */
let requeue: string;

const staffGet = async (token: string, path: string) =>
  (await fetch(`${platform.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json();
const citizenView = async (number: string, code: string) =>
  (await fetch(`${platform.url}/api/applications/${number}`, { headers: { 'x-query-code': code } })).json();
/** The status page as the citizen opens it: the query, then the page it leads to. */
async function statusPage(number: string, code: string) {
  const queried = await fetch(`${platform.url}/apply/status`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ receiptNumber: number, queryCode: code }).toString(),
  });
  const cookie = queried.headers.get('set-cookie')!.split(';')[0]!;
  return (await fetch(`${platform.url}${queried.headers.get('location')}`, { headers: { cookie } })).text();
}

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
    waitingCode = body.queryCode;
    expect(body.receiptDate).toBe('2026-12-21');
    expect(body.replyDue).toBeNull();
    expect(body.deadline.steps[0].text).toContain('2027 年');
  });

  it('tells the citizen the earliest day the answer can fall due, not only 待定', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-21T02:10:00Z') });

    const view = await citizenView(waiting, waitingCode);
    const page = await statusPage(waiting, waitingCode);

    // 12-22 … 12-31 are 8 working days; 01-01 is 元旦 in every year; 01-04 … 01-19 the other 12 if 2027 has no other holiday.
    expect(view.deadline).toEqual({
      due: null,
      pending: { year: 2027, earliest: '2027-01-19' },
      steps: [
        {
          kind: 'gap',
          text: '答复期限最早为2027年1月19日（星期二），最终日期待 2027 年放假安排公布后确定。期限跨入 2027 年，国务院办公厅尚未公布或本平台尚未录入该年度的放假安排；上述日期仅按周六、周日和元旦等固定日期的节日推算，遇春节等节假日将相应顺延。',
        },
      ],
    });
    expect(page).toContain('<p class="due pending">待定，最早为2027年1月19日（星期二）</p>');
  });

  it('takes a correction whose period reaches 2027, its end pending and said so to the citizen', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-21T02:20:00Z') });
    const handler = await signIn(platform.url, 'lsh-handler');
    const { body: receipt } = await submit(platform.url, personApplication());
    [correcting, correctingCode] = [receipt.receiptNumber, receipt.queryCode];
    const act = async (version: number, action: unknown) =>
      fetch(`${platform.url}/api/staff/applications/${correcting}/actions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${handler}`, 'content-type': 'application/json' },
        body: JSON.stringify({ version, action }),
      });
    await act(1, { type: 'confirmReceipt' });

    // Ten working days after 12-21: eight in 2026, the rest in 2027, which is not entered.
    const asked = await act(2, { type: 'requestCorrection', items: ['请明确所需信息的年度'], periodDays: 10 });
    const view = await citizenView(correcting, correctingCode);
    const page = await statusPage(correcting, correctingCode);

    expect(asked.status).toBe(200);
    expect(view.status).toBe('correctionRequested');
    expect(view.correction).toEqual({
      items: ['请明确所需信息的年度'],
      dueBy: null,
      pending:
        '补正期限为 10 个工作日，自2026年12月21日（星期一）的次日起计算，最早于2027年1月5日（星期二）届满，最终日期待 2027 年放假安排公布后确定。期限跨入 2027 年，国务院办公厅尚未公布或本平台尚未录入该年度的放假安排；上述日期仅按周六、周日和元旦等固定日期的节日推算，遇春节等节假日将相应顺延。',
    });
    expect(view.timeline.at(-1).text).toContain('补正期限为 10 个工作日，截止日期待 2027 年放假安排录入后确定');
    expect(page).toContain('最早于2027年1月5日（星期二）届满');
    expect(page).toContain('请尽早就下列事项作出补正');
  });

  it('says once, at the top of the console, that 2027 is not entered, and not on each case', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-21T02:30:00Z') });
    const [admin, handler] = await Promise.all([signIn(platform.url, 'fs-admin'), signIn(platform.url, 'lsh-handler')]);

    const [adminProfile, handlerProfile, detail] = await Promise.all([
      staffGet(admin, '/api/staff/me'),
      staffGet(handler, '/api/staff/me'),
      staffGet(handler, `/api/staff/applications/${waiting}`),
    ]);

    expect(adminProfile.notices).toEqual([
      {
        title: '2027 年放假安排尚未录入',
        text: '答复期限、补正期限等凡跨入 2027 年的，目前只能显示为“待定”。国务院办公厅公布 2027 年放假安排后，请在工作日历中录入。',
        href: '#/calendar',
        link: '录入 2027 年放假安排',
      },
    ]);
    // Those who cannot enter it are told why their cases say 待定, without the link.
    expect(handlerProfile.notices).toEqual([expect.objectContaining({ title: '2027 年放假安排尚未录入' })]);
    expect(handlerProfile.notices[0].href).toBeUndefined();
    expect(detail.deadline).toEqual({
      due: null,
      steps: [],
      pending: { year: 2027, earliest: '2027-01-19' },
      overdue: false,
      dueSoon: false,
    });
  });

  it('asks the administrator to confirm a 调休 on a weekday or a weekend holiday on its own, naming the dates', async () => {
    const admin = await signIn(platform.url, 'fs-admin');
    const days = [
      { date: '2031-03-05', kind: 'workday', note: '调休上班' },
      { date: '2031-03-09', kind: 'holiday', note: '放假' },
      { date: '2031-03-10', kind: 'workday', note: '调休上班' },
    ];
    const entry = { complete: false, note: '测试：核对日期', days, version: 0 };

    const asked = await putYear(admin, 2031, entry);
    const answer = await asked.json();
    const confirmed = await putYear(admin, 2031, { ...entry, confirmed: true });
    const listed = await staffGet(admin, '/api/staff/calendar');
    // Kept as confirmed: the same dates are not asked about again.
    const again = await putYear(admin, 2031, { ...entry, version: 1 });

    expect(asked.status).toBe(409);
    expect(answer.code).toBe('confirmation-required');
    expect(answer.message).toContain('2031年3月5日（星期三）本来就是工作日');
    expect(answer.message).toContain('2031年3月9日（星期日）本来就是休息日');
    expect(answer.errors.map((e: { field: string }) => e.field)).toEqual([
      'body.days.0.date',
      'body.days.1.date',
      'body.days.2.date',
    ]);
    expect(confirmed.status).toBe(200);
    expect(listed.schedules.find((s: { year: number }) => s.year === 2031).days).toHaveLength(3);
    expect(again.status).toBe(200);
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

  it('fixes the pending correction period, and takes the banner down, once 2027 is entered', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-21T03:00:00Z') });
    const admin = await signIn(platform.url, 'fs-admin');

    const view = await citizenView(correcting, correctingCode);
    const profile = await staffGet(admin, '/api/staff/me');

    // 12-22 … 12-31 are 8 working days; 01-01 元旦; 01-04 and 01-05 the other two.
    expect(view.correction).toEqual({ items: ['请明确所需信息的年度'], dueBy: '2027-01-05' });
    expect(profile.notices).toEqual([]);
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

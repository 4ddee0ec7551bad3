/**
 * 成文日期 at the calendar's edges: an item made before the calendar's first year, one whose 20
 * working days run into a year not yet entered, and dates that cannot be right. None answers 500
 * or leaves an item stuck; a pending lateness is judged once the year is entered.
 */
import { calendarExample } from '#applications/schemas.ts';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { publicationContent, publisher } from '../support/publications.ts';
import { signIn, startTestPlatform } from '../support/platform.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let staff: ReturnType<typeof publisher>;
beforeAll(async () => {
  platform = await startTestPlatform({ calendar: 'official' });
  staff = publisher(platform.url);
});
afterAll(() => platform?.stop());
afterEach(() => void vi.useRealTimers());

const approve = (id: string, version: number, by = staff) =>
  by.call('reviewer', 'POST', `/api/staff/publications/${id}/actions`, {
    version,
    action: { type: 'approve', secrecyCheck: '经审查，同意公开。' },
  });
const recount = async () =>
  (
    await (
      await fetch(`${platform.url}/api/dev/recount`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      })
    ).json()
  ).differences;

describe("publishing at the calendar's edges", () => {
  it("publishes an item made in 2018, before the calendar's data, as late", async () => {
    const created = await staff.call(
      'handler',
      'POST',
      '/api/staff/publications',
      publicationContent({ writtenOn: '2018-12-28' }),
    );
    const submitted = await staff.step(created.body.id, created.body.version, { type: 'submit' });

    const approved = await approve(created.body.id, submitted.version);

    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'published', late: true });
    expect(await recount()).toBe(0);
  });

  it('leaves lateness pending into a year not entered, then judges it when the year is entered', async () => {
    // Tokens are signed at the time faked, so each day here signs in afresh.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-28T02:00:00Z') });
    const december = publisher(platform.url);
    const created = await december.call(
      'handler',
      'POST',
      '/api/staff/publications',
      publicationContent({ writtenOn: '2026-12-28' }),
    );
    const submitted = await december.step(created.body.id, created.body.version, { type: 'submit' });
    vi.setSystemTime(new Date('2027-01-27T02:00:00Z')); // past the 20th working day if 2027 is ordinary
    const staff = publisher(platform.url);

    const approved = await approve(created.body.id, submitted.version, staff);

    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'published', late: false });
    const pending = (await staff.call('reviewer', 'GET', `/api/staff/publications/${created.body.id}`)).body;
    expect(pending.item.published).toMatchObject({
      latenessPendingYear: 2027,
      lateText: expect.stringContaining('尚未录入 2027 年的节假日安排'),
    });
    expect(await recount()).toBe(0);

    const admin = await signIn(platform.url, 'fs-admin');
    const entered = await fetch(`${platform.url}/api/staff/calendar/2027`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        complete: true,
        note: '2027 年节假日安排（测试数据）',
        days: calendarExample.days,
        version: 0,
      }),
    });
    expect(entered.status).toBe(200);
    const sweep = await (await fetch(`${platform.url}/api/dev/sweep`, { method: 'POST' })).json();

    expect(sweep.lateness).toEqual({ judged: 1, late: 1 });
    const judged = (await staff.call('reviewer', 'GET', `/api/staff/publications/${created.body.id}`)).body;
    expect(judged).toMatchObject({ late: true, version: approved.body.version + 1 });
    expect(judged.item.published.latenessPendingYear).toBeUndefined();
    expect(judged.events.at(-1)).toMatchObject({ type: 'judgeLateness', actor: '系统' });
    expect(await recount()).toBe(0);
    expect((await (await fetch(`${platform.url}/api/dev/sweep`, { method: 'POST' })).json()).lateness).toEqual({
      judged: 0,
      late: 0,
    });
  });

  it('refuses a 成文日期 after today on create, edit and submit, naming the field', async () => {
    const future = await staff.call(
      'handler',
      'POST',
      '/api/staff/publications',
      publicationContent({ writtenOn: '2030-01-01' }),
    );
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([
      { field: 'body.writtenOn', message: expect.stringContaining('成文日期：不能晚于今天') },
    ]);

    const created = await staff.call('handler', 'POST', '/api/staff/publications', publicationContent());
    const edit = await staff.call('handler', 'POST', `/api/staff/publications/${created.body.id}/actions`, {
      version: created.body.version,
      action: { type: 'edit', content: publicationContent({ writtenOn: '2030-01-01' }) },
    });
    expect(edit.status).toBe(400);
    expect(edit.body.errors[0].field).toBe('body.action.content.writtenOn');
  });

  it('refuses to submit or approve a draft whose 成文日期 is in the future, without a 500', async () => {
    // A draft saved with a date that is today's, then looked at from a day before (a clock set wrong).
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-30T02:00:00Z') });
    const staff = publisher(platform.url);
    const created = await staff.call(
      'handler',
      'POST',
      '/api/staff/publications',
      publicationContent({ writtenOn: '2026-11-30' }),
    );
    vi.setSystemTime(new Date('2026-11-29T02:00:00Z'));

    const submit = await staff.call('handler', 'POST', `/api/staff/publications/${created.body.id}/actions`, {
      version: created.body.version,
      action: { type: 'submit' },
    });

    expect(submit.status).toBe(400);
    expect(submit.body.errors[0]).toMatchObject({ field: 'content.writtenOn' });
    expect((await staff.call('handler', 'GET', `/api/staff/publications/${created.body.id}`)).body.status).toBe(
      'draft',
    );
  });
});

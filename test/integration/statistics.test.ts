/**
 * 工作统计: the figures staff see (an agency's, the county's), kept by the steps' own transactions,
 * and the same aggregates on the public site as a page with charts and tables and as open data,
 * written by the renderer when the sweep asks; never a record of an applicant.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { personApplication, submit } from '../support/applications.ts';
import { signIn, siteSettled, staffCall, startTestPlatform } from '../support/platform.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let handler: string;
beforeAll(async () => {
  platform = await startTestPlatform();
  handler = await signIn(platform.url, 'lsh-handler');
});
afterAll(() => platform?.stop());
afterEach(async () => {
  vi.useRealTimers();
  // A request the renderer made in the faked March taught the S3 client a clock offset: forget it.
  (await import('#lib/s3.ts')).s3.config.systemClockOffset = 0;
});

const call = (token: string, method: string, path: string, body?: unknown) =>
  staffCall(platform.url, token, method, path, body);
const act = (number: string, version: number, action: Record<string, unknown>) =>
  call(handler, 'POST', `/api/staff/applications/${number}/actions`, { version, action });

describe('工作统计', () => {
  it('counts receipts, answers on time and late, corrections and the outcome mix, by month', async () => {
    // March 2026 has no holiday: an answer on 27 March took 19 working days, one on 31 March 21.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-02T02:00:00Z') });
    const onTime = (await submit(platform.url, personApplication({ agencyId: 'lushuihe' }))).body.receiptNumber;
    const late = (await submit(platform.url, personApplication({ agencyId: 'lushuihe' }))).body.receiptNumber;
    const corrected = (await submit(platform.url, personApplication({ agencyId: 'lushuihe' }))).body.receiptNumber;
    for (const n of [onTime, late, corrected]) expect((await act(n, 1, { type: 'confirmReceipt' })).status).toBe(200);
    expect((await act(corrected, 2, { type: 'requestCorrection', items: ['请说明年度'], periodDays: 10 })).status).toBe(
      200,
    );
    vi.setSystemTime(new Date('2026-03-27T02:00:00Z'));
    const basis = '《中华人民共和国政府信息公开条例》第三十六条第（四）项';
    expect((await act(onTime, 2, { type: 'answer', outcome: 'unable.notHeld', basis })).status).toBe(200);
    vi.setSystemTime(new Date('2026-03-31T02:00:00Z'));
    expect((await act(late, 2, { type: 'answer', outcome: 'unable.notHeld', basis })).status).toBe(200);
    vi.useRealTimers();

    const { status, body } = await call(handler, 'GET', '/api/staff/statistics?year=2026');
    expect(status).toBe(200);
    expect(body).toMatchObject({ scope: 'agency', agencyId: 'lushuihe', year: 2026 });
    const march = body.statistics.months[2];
    expect(march).toMatchObject({ month: 3, received: 3, answered: 2, onTime: 1, late: 1, corrections: 1 });
    expect(body.statistics.onTimeRate).toBe(50);
    expect(body.statistics.definition).toContain('按时答复率');
    expect(body.statistics.outcomes.find((o: any) => o.row === 'unable.notHeld').count).toBe(2);
    expect(Object.fromEntries(body.statistics.days.map((d: any) => [d.band, d.count]))).toMatchObject({
      upto20: 1,
      upto40: 1,
    });
  });

  it("shows the county its own and its agencies' figures together, and no other agency's to a town", async () => {
    const county = await signIn(platform.url, 'fs-reviewer');
    const all = await call(county, 'GET', '/api/staff/statistics?year=2026');
    expect(all.body.scope).toBe('county');
    expect(all.body.statistics.total.received).toBeGreaterThanOrEqual(3);
    expect(all.body.agencies.find((a: any) => a.agencyId === 'lushuihe')).toMatchObject({
      received: 3,
      onTimeRate: 50,
    });
    const town = await call(county, 'GET', '/api/staff/statistics?year=2026&agencyId=lushuihe');
    expect(town.body).toMatchObject({ scope: 'agency', agencyId: 'lushuihe' });

    expect((await call(handler, 'GET', '/api/staff/statistics?agencyId=fusong-czj')).status).toBe(404);
    expect((await call(handler, 'GET', '/api/staff/statistics?year=1999')).status).toBe(400);
    expect((await call(handler, 'GET', '/api/staff/statistics?year=2099')).status).toBe(400);
  });

  it('publishes the aggregates on the site, as charts with their tables and as open data, with no personal data', async () => {
    const { runSweep } = await import('../../functions/sweep/sweep.ts');
    await runSweep();
    await siteSettled();
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    const page = await fetch(`${platform.url}/statistics/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`政府信息公开工作统计（${year} 年）`);
    expect(html).toMatch(/<svg[^>]+role="img"[^>]+aria-label="[^"]+"/);
    expect(html).toContain('<caption>');
    expect(html).toContain('<meta name="ColumnName" content="工作统计">');

    const json = await (await fetch(`${platform.url}/data/statistics-${year}.json`)).json();
    expect(json.county.months).toHaveLength(12);
    expect(json.agencies.map((a: any) => a.agencyId)).toContain('lushuihe');
    const csv = await (await fetch(`${platform.url}/data/statistics-${year}.csv`)).text();
    expect(csv.split('\r\n')[0]).toContain('按时答复');
    for (const text of [html, JSON.stringify(json), csv]) {
      expect(text).not.toContain('11010519491231002X');
      expect(text).not.toContain('李明');
    }
    // The earlier year's page, where 2026's March figures are when the test runs in a later year.
    const earlier = await fetch(`${platform.url}/statistics/${year - 1}.html`);
    expect(earlier.status).toBe(200);
    const march = year === 2026 ? json : await (await fetch(`${platform.url}/data/statistics-2026.json`)).json();
    expect(march.agencies.find((a: any) => a.agencyId === 'lushuihe').months[2].received).toBe(3);
  });
});

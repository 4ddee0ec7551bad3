/**
 * 自查's column rule by column type (issue 42, item 7): an agency's 全部信息 column is 动态、要闻类,
 * held to 14 days; 行政规范性文件 is 通知公告、政策文件类, held to 183 — the thresholds and the types as
 * the county's data. Each with a planted stale column and a fresh control. And the report says when
 * it ran, and that a newer run is due once something has been published since (item 8).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '#core/dates.ts';
import { jobOutcome } from '../support/jobs.ts';
import { signIn, staffCall, startTestPlatform } from '../support/platform.ts';
import { publicationContent, publisher } from '../support/publications.ts';
import { putAll } from '../support/table.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let countyAdmin: string;
beforeAll(async () => {
  platform = await startTestPlatform();
  countyAdmin = await signIn(platform.url, 'fs-admin');
});
afterAll(() => platform?.stop());

const call = (method: string, path: string, body?: unknown) => staffCall(platform.url, countyAdmin, method, path, body);

async function inspect() {
  const started = await call('POST', '/api/staff/inspection', { full: false });
  expect(started.status).toBe(202);
  expect((await jobOutcome(platform.url, countyAdmin, started.body.id)).state).toBe('done');
  return (await call('GET', '/api/staff/inspection')).body;
}

/** Items in an agency's listings as publication leaves them, each published `daysAgo` (in order: the last is the newest). */
async function published(agencyId: string, items: { category: string; daysAgo: number }[]) {
  const keys = await import('#store/keys.ts');
  const { agencyListingsOf } = await import('#core/site-plan.ts');
  const { beijingDateTime } = await import('#core/dates.ts');
  const today = beijingDateTime(new Date()).date;
  const records: Record<string, unknown>[] = [];
  const heads = new Map<string, number>();
  for (const [n, item] of items.entries()) {
    const publishedOn = addDays(today, -item.daysAgo);
    const entry = {
      itemId: `${agencyId}-col-${n}`,
      agencyId,
      agencyName: agencyId,
      title: `栏目测试信息 ${n}`,
      indexNumber: `TEST/${n}`,
      category: item.category,
      topic: '综合政务',
      writtenOn: publishedOn,
      publishedOn,
      summary: '栏目测试。',
    };
    for (const listing of agencyListingsOf(agencyId, item.category)) {
      const seq = (heads.get(listing) ?? 0) + 1;
      heads.set(listing, seq);
      records.push({ ...keys.listingEntry(listing, seq), ...keys.listingFresh(listing, seq), ...entry });
    }
  }
  for (const [listing, seq] of heads) records.push({ ...keys.listingSequence(listing), seq });
  await putAll(records);
}

const stale = (report: any, page: string) =>
  report.findings.find((f: any) => f.rule === 'staleColumn' && f.page === page);

describe('自查 by column type', () => {
  it('holds 动态、要闻 columns to 14 days and 通知公告、政策文件 to 183, as the county set them', async () => {
    // 露水河镇: its last item 20 days ago (全部信息 stale), its normative document 100 days ago (fresh).
    await published('lushuihe', [
      { category: 'normative', daysAgo: 100 },
      { category: 'finance', daysAgo: 20 },
    ]);
    // 财政局: its last item 3 days ago (全部信息 fresh), its normative document 200 days ago (stale).
    await published('fusong-czj', [
      { category: 'normative', daysAgo: 200 },
      { category: 'finance', daysAgo: 3 },
    ]);
    const report = await inspect();

    expect(stale(report, '/lushuihe/latest/')?.detail).toMatch(
      /^全部信息（动态、要闻类，应在 14 天内更新）：最近一条信息发布于 .+，已 20 天未更新$/,
    );
    expect(stale(report, '/lushuihe/normative/')).toBeUndefined();
    expect(stale(report, '/lushuihe/finance/')).toBeUndefined();
    expect(stale(report, '/fusong-czj/normative/')).toMatchObject({
      agencyId: 'fusong-czj',
      detail: expect.stringMatching(/^行政规范性文件（通知公告、政策文件类，应在 183 天内更新）：.+已 200 天未更新$/),
    });
    expect(
      report.findings
        .filter((f: any) => f.rule === 'staleColumn' && f.agencyId === 'fusong-czj')
        .map((f: any) => f.page),
    ).toEqual(['/fusong-czj/normative/']);

    // The types are the county's data: 行政规范性文件 made 动态 (14 days), the 100-day-old column is stale.
    const {
      columnTypeLabels: _,
      editable: __,
      ...settings
    } = (await call('GET', '/api/staff/inspection/settings')).body;
    const saved = await call('PUT', '/api/staff/inspection/settings', {
      ...settings,
      columnTypes: { ...settings.columnTypes, normative: 'dynamic' },
    });
    expect(saved.status).toBe(200);
    expect(stale(await inspect(), '/lushuihe/normative/')?.detail).toMatch(
      /^行政规范性文件（动态、要闻类，应在 14 天内更新）/,
    );
  });
});

describe("自查's report", () => {
  it('says when it ran, and that a newer run is due after a publication since', async () => {
    const report = await inspect();
    expect(report.ranAt).toBeTruthy();
    expect(report.newerPending).toBe(false);

    await publisher(platform.url).publish(publicationContent());
    const after = (await call('GET', '/api/staff/inspection')).body;
    expect(after).toMatchObject({ ranAt: report.ranAt, newerPending: true });
    expect(after.siteChangedAt > report.ranAt).toBe(true);
    // An earlier run asked for by its time is that run's report, not the site now.
    expect((await call('GET', `/api/staff/inspection?ranAt=${report.ranAt}`)).body.newerPending).toBe(false);

    expect((await inspect()).newerPending).toBe(false);
  });
});

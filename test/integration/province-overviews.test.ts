/**
 * A government's overviews at province size (issue 46): of a year's reports (a page of the agencies
 * under it with where each report stands, and the sum of the reports submitted or published) and its
 * 工作统计 (its total, and a page of the agencies with theirs); and, for the portal's top government,
 * the findings of 个人信息检查 across every agency, a page at a time. The sums are kept in each step's
 * transaction, so a page reads the same however many agencies the portal holds. Checked on a
 * generated province (`cdk/local/province.ts`) of 20 agencies, grown to 200.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { personApplication, submit } from '../support/applications.ts';
import { signIn } from '../support/platform.ts';
import { provinceUnderTest } from '../support/province.ts';

const province = provinceUnderTest();
beforeAll(async () => {
  const { putStaff } = await import('#store/staff.ts');
  await putStaff({ username: 'd04-handler', name: '钱七', agencyId: 'sheng-d04', roles: ['handler'] });
});

const tokens = new Map<string, string>();
async function call(user: string, method: string, path: string, body?: unknown) {
  if (!tokens.has(user)) tokens.set(user, await signIn(province.platform.url, user));
  const response = await fetch(`${province.platform.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${tokens.get(user)}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}
const overview = async (query = '') => (await call('sheng-reviewer', 'GET', `/api/reports/2025${query}`)).body;
const statistics = async (query = '', year = 2025) =>
  (await call('sheng-reviewer', 'GET', `/api/staff/statistics?year=${year}${query}`)).body;

type Row = { agencyId: string; status: string; received: number };

describe("a government's overviews of its agencies", () => {
  it('lists itself and then the agencies directly under it, a page at a time, each once', async () => {
    const rows: Row[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await overview(`?limit=8${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.agencies.length).toBeLessThanOrEqual(8);
      rows.push(...page.agencies);
      cursor = page.next;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(rows[0]).toMatchObject({ agencyId: 'sheng', status: 'draft' });
    expect(rows.map((r) => r.agencyId).sort()).toEqual(
      province
        .agencies(20)
        .map((a) => a.id)
        .sort(),
    );
  });

  it('adds a report to the sum when it is submitted, takes it back when it is returned, and keeps it when it is approved', async () => {
    const before = await overview('?limit=1');
    const entries = {
      sections: {
        一: '2025年，示例省发展和改革委员会认真贯彻落实《条例》。\n全年主动公开政府信息。',
        五: '一是信息更新不够及时。\n二是将加强培训。',
        六: '无其他需要报告的事项。',
      },
      figures: {
        '行政许可:本年处理决定数量': { value: 126, source: '审批台账' },
        '行政处罚:本年处理决定数量': { value: 8, source: '执法台账' },
        '行政强制:本年处理决定数量': { value: 0, source: '执法台账' },
        '行政事业性收费:本年收费金额（单位：万元）': { value: 1.25, source: '财务处' },
      },
      notApplicable: ['table2:规章:本年制发件数', 'table2:规章:本年废止件数', 'table2:规章:现行有效件数'],
    };
    const path = '/api/reports/sheng-d04/2025';
    const saved = await call('d04-handler', 'PUT', path, { ...entries, version: 0 });
    expect(saved.status).toBe(200);
    const step = async (user: string, version: number, action: Record<string, unknown>) => {
      const stepped = await call(user, 'POST', `${path}/actions`, { version, action });
      expect(stepped.status, JSON.stringify(stepped.body)).toBe(200);
      return stepped.body as { version: number; report: { table3: { received: { total: number } } } };
    };
    const submitted = await step('d04-handler', saved.body.version, { type: 'submit' });
    const received = submitted.report.table3.received.total;
    expect(received).toBeGreaterThan(0);

    const withIt = await overview('?limit=1');
    expect(withIt.reported).toBe(before.reported + 1);
    expect(withIt.aggregate.table3.received.total).toBe(before.aggregate.table3.received.total + received);
    expect(withIt.aggregate.table2.行政许可.本年处理决定数量).toBe(
      before.aggregate.table2.行政许可.本年处理决定数量 + 126,
    );

    const returned = await step('sheng-reviewer', submitted.version, { type: 'return', comments: '请补充第五部分。' });
    expect((await overview('?limit=1')).aggregate).toEqual(before.aggregate);

    const again = await step('d04-handler', returned.version, { type: 'submit' });
    await step('sheng-reviewer', again.version, { type: 'approve' });
    const approved = await overview('?limit=1');
    expect(approved.reported).toBe(before.reported + 1);
    expect(approved.aggregate).toEqual(withIt.aggregate);
  });

  it('pages its agencies in 工作统计 too, each once, after its own row', async () => {
    const rows: { agencyId: string }[] = [];
    let cursor: string | null = null;
    do {
      const page = await statistics(`&limit=8${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.scope).toBe('county');
      rows.push(...page.agencies);
      cursor = page.next;
    } while (cursor);
    expect(rows[0]!.agencyId).toBe('sheng');
    expect(rows).toHaveLength(20);
    expect(new Set(rows.map((r) => r.agencyId)).size).toBe(20);
  });

  it("counts an application to an agency under it in its 工作统计 total, in the submission's own transaction", async () => {
    const thisYear = new Date().getUTCFullYear();
    const before = (await statistics('&limit=1', thisYear)).statistics.total.received;
    const submitted = await submit(province.platform.url, personApplication({ agencyId: 'sheng-d04' }));
    expect(submitted.status).toBe(201);
    expect((await statistics('&limit=1', thisYear)).statistics.total.received).toBe(before + 1);
  });

  it('reads a page of the overview, of 工作统计 or of the findings of 个人信息检查 (with their agencies, reports, counters and sums): the same at 20 agencies and at 200', async () => {
    const pages = async () => ({
      reports: await province.usedBy(() => overview('?limit=10')),
      statistics: await province.usedBy(() => statistics('&limit=10')),
      privacy: await province.usedBy(async () => {
        const found = await call('sheng-reviewer', 'GET', '/api/staff/privacy?scope=county&limit=5');
        return found.body as { items: { agencyName: string | null }[] };
      }),
    });
    const small = await pages();
    await province.grow(200, 2025, { sums: true });
    const large = await pages();

    expect(large.reports.result.agencies).toHaveLength(10);
    expect(large.reports.result.reported).toBeGreaterThan(small.reports.result.reported);
    expect(large.statistics.result.agencies).toHaveLength(10);
    expect(large.privacy.result.items).toHaveLength(5);
    expect(large.privacy.result.items.every((item) => item.agencyName)).toBe(true);
    for (const overview of ['reports', 'statistics', 'privacy'] as const) {
      expect(large[overview].use.calls, overview).toBe(small[overview].use.calls);
      expect(large[overview].use.items, overview).toBe(small[overview].use.items);
    }
  });
});

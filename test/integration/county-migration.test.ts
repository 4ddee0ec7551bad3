/**
 * A county's catalogue as county sites name their columns: category values mapped to the statutory
 * categories (known synonyms at once, the rest chosen by the office once and kept for the agency),
 * rows sent again staged once whatever batch they are sent to, no empty batch left behind, and a
 * repeated 索引号 reported even when the first row of the pair has another error. Through the API,
 * over real sockets, under the imports function's real grants.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../support/platform.ts';
import { publisher } from '../support/publications.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let staff: ReturnType<typeof publisher>;
beforeAll(async () => {
  platform = await startTestPlatform({ calendar: 'official' });
  staff = publisher(platform.url);
});
afterAll(() => platform?.stop());

let serial = 0;
const row = (category: string, overrides: Record<string, unknown> = {}) => ({
  title: `露水河镇2019年公开信息第${++serial}号`,
  category,
  topic: '综合政务',
  writtenOn: '2019-04-01',
  publishedOn: '2019/4/3',
  summary: '原网站已公开的信息。',
  ...overrides,
});
const importRows = (rows: unknown[], extra: Record<string, unknown> = {}) =>
  staff.call('handler', 'POST', '/api/staff/imports/publications', { dryRun: false, rows, ...extra });
const dryRun = (rows: unknown[]) =>
  staff.call('handler', 'POST', '/api/staff/imports/publications', { dryRun: true, rows });

describe('category names as county sites write them', () => {
  it('maps known synonyms, asks the office once for the rest, and keeps its choice for later imports', async () => {
    const rows = [
      row('规范性文件', { validity: '有效' }),
      row('财政预决算'),
      row('政府采购'),
      row('规划计划'),
      row('应急管理'),
      row('法定主动公开内容 > 财政预决算'),
      row('通知公告'),
      row('工作动态'),
      row('工作动态'),
      row('人事信息'),
    ];
    const first = await dryRun(rows);
    expect(first.status).toBe(200);
    const uses = Object.fromEntries(first.body.categories.map((c: { value: string }) => [c.value, c])) as Record<
      string,
      { rows: number; category: string | null; source: string | null }
    >;
    expect(uses.规范性文件).toMatchObject({ rows: 1, category: 'normative', source: 'synonym' });
    expect(uses.财政预决算).toMatchObject({ category: 'finance', source: 'synonym' });
    expect(uses.政府采购).toMatchObject({ category: 'procurement' });
    expect(uses.规划计划).toMatchObject({ category: 'planning' });
    expect(uses.应急管理).toMatchObject({ category: 'emergency' });
    expect(uses['法定主动公开内容 > 财政预决算']).toMatchObject({ category: 'finance' });
    expect(uses.工作动态).toMatchObject({ rows: 2, category: null, source: null });
    // Only the values nobody has chosen for are errors, and they say where to choose.
    expect(first.body.errors.map((e: { row: number }) => e.row)).toEqual([7, 8, 9, 10]);
    expect(first.body.errors[0].message).toContain('类别对应');

    const before = await staff.call('handler', 'GET', '/api/staff/imports/categories');
    expect(before.status).toBe(200);
    expect(before.body.options.map((o: { slug: string }) => o.slug)).toContain('assistance'); // a town's
    const chosen = await staff.call('handler', 'PUT', '/api/staff/imports/categories', {
      version: before.body.version,
      choices: [
        { value: '通知公告', category: 'other' },
        { value: '工作动态', category: 'other' },
        { value: '人事信息', category: 'organisation' },
      ],
    });
    expect(chosen.status).toBe(200);
    expect(chosen.body.choices).toHaveLength(3);
    expect(chosen.body.choices[0]).toMatchObject({ by: 'lsh-handler' });
    // Saving over a version someone else moved is refused, not silently merged.
    const stale = await staff.call('handler', 'PUT', '/api/staff/imports/categories', {
      version: before.body.version,
      choices: [{ value: '通知公告', category: 'finance' }],
    });
    expect(stale.status).toBe(409);
    const wrong = await staff.call('handler', 'PUT', '/api/staff/imports/categories', {
      version: chosen.body.version,
      choices: [{ value: '招商引资', category: 'no-such' }],
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].field).toBe('choices.0.category');
    const reviewer = await staff.call('reviewer', 'PUT', '/api/staff/imports/categories', {
      version: chosen.body.version,
      choices: [{ value: '招商引资', category: 'other' }],
    });
    expect(reviewer.status).toBe(403);

    const second = await dryRun(rows);
    expect(second.body.errors).toEqual([]);
    expect(second.body.categories.find((c: { value: string }) => c.value === '人事信息')).toMatchObject({
      category: 'organisation',
      source: 'agency',
    });
    const real = await importRows(rows);
    expect(real.status).toBe(200);
    expect(real.body.staged).toBe(rows.length);
  });
});

describe('rows sent again', () => {
  it('stages a row once, whichever batch it is sent to, and opens no batch for nothing new', async () => {
    const rows = [row('财政预决算'), row('政府采购')];
    const first = await importRows(rows);
    expect(first.body).toMatchObject({ staged: 2, batch: { rows: 2 } });
    const batch = first.body.batch.id as string;
    const listed = async () =>
      (await staff.call('handler', 'GET', '/api/staff/imports/publications?limit=100')).body.batches.length as number;
    const batches = await listed();

    // Again without naming the batch: passed over, naming where they are; no second batch.
    const again = await importRows(rows);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ staged: 0, batch: null });
    expect(again.body.skipped.map((s: { message: string }) => s.message)).toEqual([
      expect.stringContaining(batch),
      expect.stringContaining(batch),
    ]);
    expect(await listed()).toBe(batches);

    // Twice at once, with one new row among them: the new row is staged once, in one batch.
    const fresh = row('应急管理');
    const both = await Promise.all([importRows([...rows, fresh]), importRows([...rows, fresh])]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(both.map((r) => r.body.staged).sort()).toEqual([0, 1]);
    expect(await listed()).toBe(batches + 1);
  });
});

describe('a repeated 索引号', () => {
  it('is an error of both rows, even while the earlier row has another error', async () => {
    const rows = [
      row('财政预决算', { indexNumber: '11220621013/2019-00077', title: '' }),
      row('政府采购', { indexNumber: '11220621013/2019-00077' }),
    ];
    const checked = await dryRun(rows);
    expect(checked.body.errors.map((e: { row: number; field: string }) => `${e.row}:${e.field}`)).toEqual([
      '1:title',
      '1:indexNumber',
      '2:indexNumber',
    ]);
    expect(checked.body.errors[1].message).toContain('与第 2 行相同');
    expect(checked.body.errors[2].message).toContain('与第 1 行相同');
  });
});

/**
 * 信息检索 over the static index: a 324-item catalogue, a table of queries and the items each must
 * bring into the top 5, filters, withdrawal, hostile queries. Queries run the page's own code
 * (web/assets/search-core.js) against the files the local gateway serves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { search } from '../../web/assets/search-core.js';
import { corpus, seedCorpus, type CorpusItem } from '../support/search-corpus.ts';
import { publicationContent, publishBudgetMs, publisher } from '../support/publications.ts';
import { siteSettled, startTestPlatform } from '../support/platform.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let items: CorpusItem[];
let bytes = 0;
/** Files a query asked for that the site does not have (each a 404, and in AWS a call of the not-found fallback). */
let missing: string[] = [];
const fetchJson = async (path: string) => {
  const response = await fetch(`${platform.url}/${path}`);
  if (response.status === 404) missing.push(path);
  if (!response.ok) return null;
  const text = await response.text();
  bytes += Buffer.byteLength(text);
  return JSON.parse(text);
};
beforeAll(async () => {
  platform = await startTestPlatform();
  items = corpus();
  await seedCorpus(items);
  const { renderWholeSite } = await import('../../cdk/local/site.ts');
  await renderWholeSite();
});
afterAll(() => platform?.stop());

const find = (title: string) => items.find((i) => i.title === title)!;
const top = async (query: string, options = {}) => (await search(query, options, fetchJson)).results.slice(0, 5);

describe('queries find what people mean', () => {
  const table: [string, (item: { t: string; a: string; i: string; n?: string }) => boolean, 'all' | 'first'][] = [
    ['政府信息公开年度报告', (r) => r.t.includes('政府信息公开工作年度报告'), 'all'],
    ['露水河', (r) => r.t.includes('露水河') || r.a === '露水河镇人民政府', 'all'],
    ['财政预算', (r) => r.t.includes('财政预算') || r.t.includes('部门预算'), 'all'],
    ['抚政办函〔2017〕38号', (r) => r.n === '抚政办函〔2017〕38号', 'first'],
    ['抚政办函[2017]38号', (r) => r.n === '抚政办函〔2017〕38号', 'first'],
    [
      '露水河镇2019年政府信息公开工作年度报告',
      (r) => r.t === '露水河镇人民政府2019年政府信息公开工作年度报告',
      'first',
    ],
    ['g201 国道', (r) => r.t.startsWith('G201国道'), 'all'],
    ['5G基站', (r) => r.t.includes('5G基站'), 'all'],
    ['“低保”资金。', (r) => r.t.includes('低保'), 'all'],
    ['人参产业', (r) => r.t.includes('人参产业'), 'all'],
  ];
  it.each(table)('%s', async (query, wanted, how) => {
    const results = await top(query);
    expect(results.length).toBeGreaterThan(0);
    if (how === 'first') expect(wanted(results[0]!), JSON.stringify(results.map((r) => r.t))).toBe(true);
    else for (const r of results) expect(wanted(r), `${query}: ${r.t}`).toBe(true);
  });

  it('asks only for files that exist: the meta names the posting shards each tier holds', async () => {
    missing = [];
    for (const query of ['政府信息公开年度报告', '人参产业', '不存在的词语组合', 'zzqx 9931', '5G基站'])
      await search(query, { agency: 'lushuihe' }, fetchJson);
    expect(missing).toEqual([]);
  });

  it('finds an item by its 索引号', async () => {
    const item = find('抚松县财政局2020年部门预算公开');
    const [first] = await top(item.indexNumber);
    expect(first).toMatchObject({ i: item.indexNumber, t: item.title });
  });

  it('filters by agency, category and year, and sorts by date', async () => {
    for (const r of (await search('年度报告', { agency: 'lushuihe' }, fetchJson)).results)
      expect(r.a).toBe('露水河镇人民政府');
    for (const r of (await search('公开', { category: 'finance', year: 2019 }, fetchJson)).results)
      expect([r.c, r.y]).toEqual(['财政预算决算', 2019]);
    const byDate = (await search('年度报告', { sort: 'date', pageSize: 20 }, fetchJson)).results.map((r) => r.d);
    expect(byDate).toEqual([...byDate].sort().reverse());
    const page2 = await search('年度报告', { page: 2 }, fetchJson);
    expect(page2.results).toHaveLength(10);
  });
});

describe('the index stays current', () => {
  it('finds a newly published item at once, and loses it at once when withdrawn', async () => {
    const staff = publisher(platform.url);
    const published = await staff.publish(
      publicationContent({ title: '露水河镇冰雪旅游节活动安排的通知', summary: '冰雪旅游节活动时间和地点。' }),
    );
    expect((await top('冰雪旅游节'))[0]).toMatchObject({ t: '露水河镇冰雪旅游节活动安排的通知' });

    await staff.step(published.id, published.version, { type: 'withdraw', reason: '活动取消' }, 'reviewer');
    expect(await top('冰雪旅游节')).toEqual([]);

    // The daily sweep hands the renderer the fold of the delta into a new base; the answers stay the same.
    expect((await (await fetch(`${platform.url}/api/dev/sweep`, { method: 'POST' })).json()).search).toEqual({
      fold: true,
    });
    await siteSettled();
    expect(await top('冰雪旅游节')).toEqual([]);
    expect((await top('抚政办函〔2017〕38号'))[0]?.n).toBe('抚政办函〔2017〕38号');
  });

  // 34 items published, one revised, one withdrawn, and the fold: a budget by the publications' work.
  it('keeps the delta every query reads small: past 30 changes they move to the recent tier, still found, revised and withdrawn as they are', {
    timeout: 37 * publishBudgetMs,
  }, async () => {
    const staff = publisher(platform.url);
    const published = [];
    for (let i = 1; i <= 34; i++)
      published.push(
        await staff.publish(
          publicationContent({
            title: `露水河镇林下经济示范基地第${i}批名单公示`,
            summary: `第${i}批林下经济示范基地。`,
          }),
        ),
      );
    const recent = await fetchJson('search/r/meta.json');
    const delta = await fetchJson('search/delta.json');

    expect(recent.ids).toHaveLength(31);
    expect(Object.keys(delta.docs)).toHaveLength(3);
    expect((await search('林下经济示范基地', { pageSize: 50 }, fetchJson)).total).toBe(34);
    // One in the recent tier, revised: its new title from the delta, its old one nowhere.
    const first = published[0]!;
    const revising = await staff.step(first.id, first.version, { type: 'revise' });
    const { body: detail } = await staff.call('handler', 'GET', `/api/staff/publications/${first.id}`);
    const edited = await staff.step(first.id, revising.version, {
      type: 'edit',
      content: { ...detail.item.content, title: '露水河镇人参种植合作社名单公示（更正）', attachments: [] },
      revisionNote: '更正名称',
    });
    const submitted = await staff.step(first.id, edited.version, { type: 'submit' });
    await staff.step(first.id, submitted.version, { type: 'approve', secrecyCheck: '同意' }, 'reviewer');
    // Another, withdrawn.
    const second = published[1]!;
    await staff.step(second.id, second.version, { type: 'withdraw', reason: '名单有误' }, 'reviewer');
    bytes = 0;
    const found = await search('林下经济示范基地', { pageSize: 50 }, fetchJson);

    // The revised one still matches by its summary, once: 34 less the withdrawn.
    expect(found.total).toBe(33);
    expect(new Set(found.results.map((r) => r.u)).size).toBe(33);
    expect(found.results.map((r) => r.t)).not.toContain('露水河镇林下经济示范基地第1批名单公示');
    expect(found.results.map((r) => r.t)).not.toContain('露水河镇林下经济示范基地第2批名单公示');
    expect((await top('人参种植合作社'))[0]).toMatchObject({ t: '露水河镇人参种植合作社名单公示（更正）' });
    expect(bytes).toBeLessThan(300 * 1024);
    // Folded into the base by the sweep (the test plays the renderer's part, to count what it
    // writes): only the shards that changed; the answers stay the same and the tiers above are empty.
    const baseFiles = Object.keys(await fetchJson('search/files.json')).length;
    platform.pauseWorkers(true);
    await fetch(`${platform.url}/api/dev/sweep`, { method: 'POST' });
    const { renderNewTasks } = await import('../../cdk/local/site.ts');
    const fold = await renderNewTasks();
    platform.pauseWorkers(false);
    expect(fold).toMatchObject({ state: 'done' });
    expect(fold!.written).toBeLessThan(baseFiles / 4);
    expect((await search('林下经济示范基地', { pageSize: 50 }, fetchJson)).total).toBe(33);
    expect((await top('人参种植合作社'))[0]).toMatchObject({ t: '露水河镇人参种植合作社名单公示（更正）' });
    expect((await fetchJson('search/r/meta.json')).ids).toEqual([]);
    expect(Object.keys((await fetchJson('search/delta.json')).docs)).toEqual([]);
    // The fold's meta names its shards too.
    missing = [];
    for (const query of ['林下经济', '不存在的词语组合', 'zzqx 9931']) await search(query, {}, fetchJson);
    expect(missing).toEqual([]);
  });
});

describe('hostile queries', () => {
  it.each([
    ['very long', '财政'.repeat(5000)],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the characters themselves are the input under test
    ['regular-expression characters', '.*+?^${}()|[]\\/'],
    ['markup', '<script>alert(1)</script><img src=x onerror=alert(1)>'],
    ['only punctuation', '，。、；：？！……——'],
    ['control characters', '\u0000\u0008\u001f财政'],
  ])('%s: answers without harm and downloads little', async (_, query) => {
    bytes = 0;
    const result = await search(query, {}, fetchJson);
    expect(Array.isArray(result.results)).toBe(true);
    expect(bytes).toBeLessThan(300 * 1024);
  });

  it('is a page that works without script by pointing to the catalogue', async () => {
    const page = await (await fetch(`${platform.url}/search/`)).text();
    expect(page).toContain('<noscript>');
    expect(page).toContain('/latest/');
    expect(page).toContain('/assets/search.js');
  });
});

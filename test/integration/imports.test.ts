/**
 * A county's history brought in, through the API over real sockets: the old catalogue's rows (the
 * Lushuihe 2017 era, before the platform's calendar) checked by row and field, staged, approved and
 * published by the jobs function with their original dates, never late, on the site in listings,
 * sitemaps, open data and search but not as news in the feeds, counted in table 二 by their real
 * dates; open cases carried over with their clock; earlier years' reports in bulk.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileAnnualReport, emptyEntries, presentReport } from '#core/annual-report.ts';
import { WorkingCalendar } from '#core/calendar.ts';
import { checkCatalogueRows } from '#core/catalogue-import.ts';
import { receiptDay } from '#core/clock.ts';
import { jobOutcome } from '../support/jobs.ts';
import { signIn, siteSettled, startTestPlatform } from '../support/platform.ts';
import { publisher } from '../support/publications.ts';
import { landingBefore, transactionWith } from '../support/table.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let staff: ReturnType<typeof publisher>;
beforeAll(async () => {
  platform = await startTestPlatform({ calendar: 'official' });
  staff = publisher(platform.url);
});
afterAll(() => platform?.stop());

const page = async (path: string) => {
  const response = await fetch(`${platform.url}${path}`);
  return { status: response.status, text: await response.text() };
};

/** The Lushuihe town catalogue of 2017, as the old site listed it. */
const history = [
  {
    title: '露水河镇2017年安全生产工作要点',
    category: '其他应当主动公开的信息',
    topic: '市场监管、安全生产监管',
    documentNumber: '露政发〔2017〕5号',
    writtenOn: '2017年3月6日',
    publishedOn: '2017/3/8',
    indexNumber: '013869317/2017-00005',
    summary: '印发露水河镇2017年安全生产工作要点。',
    body: '各村、各单位：\n\n现将《露水河镇2017年安全生产工作要点》印发给你们，请认真贯彻落实。',
  },
  {
    title: '露水河镇村务公开管理办法',
    category: '行政规范性文件',
    topic: '综合政务',
    documentNumber: '露政发〔2017〕12号',
    writtenOn: '2017-05-10',
    publishedOn: '2017-07-20',
    validity: '已废止',
    repealedOn: '2020-12-31',
    summary: '规范村务公开的内容、程序和监督。',
    body: '<p>第一条 为规范村务公开工作……</p><script>alert(1)</script>',
  },
  {
    title: '露水河镇2017年财政预算公开',
    category: 'finance',
    topic: '财政、金融、审计',
    writtenOn: '2017-02-20',
    publishedOn: '2017-02-28',
    summary: '公开露水河镇2017年一般公共预算收支情况。',
    body: '',
  },
];

describe('the old catalogue, checked', () => {
  it('answers every error of every row by row and field in Chinese, and writes nothing', async () => {
    const before = await staff.call('handler', 'GET', '/api/staff/imports/publications');
    const bad = [
      { ...history[0], row: 5, title: '', category: '招商引资', writtenOn: '2017-02-30' },
      { ...history[1], row: 6, validity: '', publishedOn: '2017-01-01' },
      { ...history[2], row: 7, topic: '经济', summary: '', body: '联系人张秀英，身份证号码 220621198001011230' },
      { ...history[0], row: 8, indexNumber: '013869317/2017 00005', attachments: '名单.exe' },
      { ...history[2], row: 9, publishedOn: '2099-01-01', validity: '作废' },
      { ...history[0], row: 10, title: '重复的索引号', documentNumber: '' },
      { ...history[0], row: 11 },
    ];
    const { status, body } = await staff.call('handler', 'POST', '/api/staff/imports/publications', {
      dryRun: true,
      rows: bad,
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ dryRun: true, checked: 7, staged: 0, batch: null });
    const by = (row: number) => body.errors.filter((e: { row: number }) => e.row === row);
    expect(by(5).map((e: { field: string }) => e.field)).toEqual(['title', 'category', 'writtenOn', 'indexNumber']);
    expect(by(5)[1].message).toContain(
      '第 5 行 信息类别：「招商引资」不是法定主动公开内容的类别名称，请在“类别对应”中选择',
    );
    expect(by(5)[2].message).toContain('「2017-02-30」不是有效日期');
    expect(by(6).map((e: { field: string }) => e.field)).toEqual(['publishedOn', 'validity']);
    expect(by(6)[0].message).toBe('第 6 行 发布日期：不能早于成文日期');
    expect(by(7).map((e: { field: string }) => e.field)).toEqual(['topic', 'body']);
    expect(by(7)[1].message).toContain('含有个人信息');
    expect(by(7)[1].message).not.toContain('220621198001011230');
    expect(by(8).map((e: { field: string }) => e.field)).toEqual(['indexNumber', 'attachments']);
    expect(by(9).map((e: { field: string }) => e.field)).toEqual(['publishedOn', 'validity']);
    // Rows 5, 10 and 11 keep the same 索引号: each is an error, though row 5 has errors of its own.
    expect(by(5)[3].message).toBe('第 5 行 索引号：与第 10、11 行相同');
    expect(by(10).map((e: { message: string }) => e.message)).toEqual(['第 10 行 索引号：与第 5 行相同']);
    expect(by(11).map((e: { message: string }) => e.message)).toEqual(['第 11 行 索引号：与第 5 行相同']);
    expect(body.valid).toBe(0);
    const after = await staff.call('handler', 'GET', '/api/staff/imports/publications');
    expect(after.body.batches).toEqual(before.body.batches);
  });

  it('refuses a real run with any error, naming the rows, and stages nothing', async () => {
    const { status, body } = await staff.call('handler', 'POST', '/api/staff/imports/publications', {
      dryRun: false,
      rows: [history[0], { ...history[1], validity: '' }],
    });
    expect(status).toBe(400);
    expect(body.message).toContain('有 1 行存在错误，本次未导入任何一行');
    expect(body.errors[0]).toMatchObject({ field: 'rows.2.validity' });
    const { body: batches } = await staff.call('handler', 'GET', '/api/staff/imports/publications');
    expect(batches.batches).toEqual([]);
  });

  it('refuses more rows than one call takes, and staff who may not import', async () => {
    const many = await staff.call('handler', 'POST', '/api/staff/imports/publications', {
      dryRun: true,
      rows: Array.from({ length: 501 }, () => history[0]),
    });
    expect(many.status).toBe(400);
    expect(many.body.errors[0].message).toContain('每次最多 500 行');
    const reviewer = await staff.call('reviewer', 'POST', '/api/staff/imports/publications', {
      dryRun: true,
      rows: [history[0]],
    });
    expect(reviewer.status).toBe(403);
  });
});

describe('the old catalogue, imported', () => {
  it('stages rows idempotently, is approved by another reviewer, and publishes them with their original dates, never late', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.4\n%old site\n');
    const uploadId = await staff.upload('2017年预算表.pdf', 'application/pdf', pdf);
    const rows = [history[0], history[1], { ...history[2], attachments: [{ fileName: '2017年预算表.pdf', uploadId }] }];
    const first = await staff.call('handler', 'POST', '/api/staff/imports/publications', {
      dryRun: false,
      firstRow: 2,
      rows: rows.slice(0, 2),
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ staged: 2, errors: [], batch: { state: 'open', rows: 2, actions: ['submit'] } });
    const batch = first.body.batch.id as string;
    // The same rows again (a retried call), and the third: one new row.
    const again = await staff.call('handler', 'POST', '/api/staff/imports/publications', {
      dryRun: false,
      batch,
      firstRow: 2,
      rows,
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ staged: 1, batch: { rows: 3 } });

    // An attachment that is not what its name says is refused by its first bytes.
    const fake = await staff.upload('照片.png', 'image/png', new TextEncoder().encode('not a png at all'));
    const refused = await staff.call('handler', 'POST', '/api/staff/imports/publications', {
      dryRun: false,
      batch,
      rows: [
        { ...history[0], title: '另一条', indexNumber: '', attachments: [{ fileName: '照片.png', uploadId: fake }] },
      ],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain('「照片.png」的内容不是PNG文件');

    const submit = await staff.call('handler', 'POST', `/api/staff/imports/publications/${batch}/actions`, {
      version: again.body.batch.version,
      action: { type: 'submit' },
    });
    expect(submit.status).toBe(200);
    expect(submit.body).toMatchObject({ state: 'submitted', actions: [] });
    const late = await staff.call('handler', 'POST', '/api/staff/imports/publications', {
      dryRun: false,
      batch,
      rows: [history[0]],
    });
    expect(late.status).toBe(409);

    const detail = await staff.call('reviewer', 'GET', `/api/staff/imports/publications/${batch}`);
    expect(detail.body.actions).toEqual(['approve', 'return']);
    // In order of their 发布日期.
    expect(detail.body.rowsPage.map((r: { publishedOn: string }) => r.publishedOn)).toEqual([
      '2017-02-28',
      '2017-03-08',
      '2017-07-20',
    ]);
    const approved = await staff.call('reviewer', 'POST', `/api/staff/imports/publications/${batch}/actions`, {
      version: detail.body.version,
      action: { type: 'approve', secrecyCheck: '经审查，均为原网站已公开的信息，同意导入。' },
    });
    expect(approved.status).toBe(200);
    expect(approved.body.state).toBe('importing');
    const job = await jobOutcome(platform.url, await signIn(platform.url, 'lsh-admin'), approved.body.jobId, 50_000);
    expect(job).toMatchObject({ state: 'done', progress: { done: 3, total: 3 } });
    const done = await staff.call('reviewer', 'GET', `/api/staff/imports/publications/${batch}`);
    expect(done.body).toMatchObject({ state: 'done', result: { published: 3, skipped: 0, failed: [] } });
    await siteSettled();

    const { body: list } = await staff.call('handler', 'GET', '/api/staff/publications');
    const imported = list.publications.filter((p: { title: string }) => history.some((h) => h.title === p.title));
    expect(imported).toHaveLength(3);
    for (const p of imported) expect(p).toMatchObject({ status: 'published', late: false });
    const kept = imported.find((p: { title: string }) => p.title === history[0]!.title);
    expect(kept).toMatchObject({ indexNumber: '013869317/2017-00005', publishedOn: '2017-03-08' });
    // Without one, the agency's rule gives it, in the year it was published.
    const given = imported.find((p: { title: string }) => p.title === history[2]!.title);
    expect(given.indexNumber).toMatch(/^013869317\/2017-\d{5}$/);

    const item = await staff.call('reviewer', 'GET', `/api/staff/publications/${kept.id}`);
    expect(item.body.item.published).toMatchObject({ publishedOn: '2017-03-08', late: false });
    expect(item.body.item.published.lateText).toContain('历史信息迁移');
    expect(item.body.events[0].text).toContain('历史信息导入');
    const repealed = imported.find((p: { title: string }) => p.title === history[1]!.title);
    const regulation = await staff.call('reviewer', 'GET', `/api/staff/publications/${repealed.id}`);
    expect(regulation.body.item.published.content.bodyHtml).not.toContain('script');
    expect(regulation.body.item.published.content.validity).toEqual({ state: 'repealed', repealedOn: '2020-12-31' });

    // On the site: its page with its original date, the listings, sitemaps, open data and search; not as news in feeds.
    const itemPage = await page(`/lushuihe/items/${kept.id}.html`);
    expect(itemPage.status).toBe(200);
    expect(itemPage.text).toContain('013869317/2017-00005');
    expect(itemPage.text).toContain('2017-03-08');
    expect(itemPage.text).not.toContain('逾期');
    expect((await page('/lushuihe/latest/')).text).toContain(history[0]!.title);
    expect((await page('/lushuihe/normative/')).text).toContain(history[1]!.title);
    expect((await page('/lushuihe/feed.xml')).text).not.toContain(history[0]!.title);
    expect((await page('/feed.xml')).text).not.toContain(history[0]!.title);
    expect((await page('/')).text).not.toContain(history[0]!.title);
    const sitemaps = (await page('/sitemaps/1.xml')).text;
    for (const p of imported) expect(sitemaps).toContain(`/lushuihe/items/${p.id}.html`);
    expect((await page('/data/catalogue-1.json')).text).toContain('013869317/2017-00005');
    const search = [(await page('/search/delta.json')).text, (await page('/search/r/meta.json')).text].join('');
    expect(search).toContain(kept.id);
    // The attachment, copied to the site under its type's extension.
    expect(itemPage.status).toBe(200);
    const budget = await page(`/lushuihe/items/${given.id}.html`);
    expect(budget.text).toContain('2017年预算表.pdf');

    // Table 二 and the count of what was published, by the real dates (2017), none late.
    const { getStats } = await import('#store/stats.ts');
    const y2017 = await getStats('lushuihe', 2017);
    expect(y2017.published_total).toBe(3);
    expect(y2017.published_late ?? 0).toBe(0);
    expect(y2017.doc_normativeDocuments_issued).toBe(1);
    expect((await getStats('lushuihe', 2020)).doc_normativeDocuments_repealed).toBe(1);

    // The same rows once more, in a new batch: each is already there.
    const thrice = await staff.call('handler', 'POST', '/api/staff/imports/publications', { dryRun: true, rows });
    expect(thrice.body.valid).toBe(0);
    expect(thrice.body.skipped.map((s: { message: string }) => s.message)).toEqual([
      '第 1 行 已导入，跳过',
      '第 2 行 已导入，跳过',
      '第 3 行 已导入，跳过',
    ]);
    // A kept 索引号 is not given again by the agency's rule, nor taken by another row.
    const taken = await staff.call('handler', 'POST', '/api/staff/imports/publications', {
      dryRun: true,
      rows: [{ ...history[0], title: '另一条信息' }],
    });
    expect(taken.body.errors[0].message).toBe('第 1 行 索引号：「013869317/2017-00005」已被本机关其他信息使用');
  });

  it('is not approved by the one who submitted it, and returns to the handler with comments', async () => {
    const staged = await staff.call('handler', 'POST', '/api/staff/imports/publications', {
      dryRun: false,
      rows: [
        {
          ...history[0],
          title: '露水河镇2016年工作总结',
          indexNumber: '',
          publishedOn: '2017-01-20',
          writtenOn: '2017-01-10',
        },
      ],
    });
    const batch = staged.body.batch;
    const both = publisher(platform.url, 'lsh');
    const submitted = await both.call('handler', 'POST', `/api/staff/imports/publications/${batch.id}/actions`, {
      version: batch.version,
      action: { type: 'submit' },
    });
    const noReason = await both.call('reviewer', 'POST', `/api/staff/imports/publications/${batch.id}/actions`, {
      version: submitted.body.version,
      action: { type: 'return' },
    });
    expect(noReason.status).toBe(400);
    const returned = await both.call('reviewer', 'POST', `/api/staff/imports/publications/${batch.id}/actions`, {
      version: submitted.body.version,
      action: { type: 'return', comments: '请补充附件后再提交。' },
    });
    expect(returned.body).toMatchObject({
      state: 'open',
      review: { approved: false, comments: '请补充附件后再提交。' },
    });
    const stale = await both.call('reviewer', 'POST', `/api/staff/imports/publications/${batch.id}/actions`, {
      version: submitted.body.version,
      action: { type: 'approve', secrecyCheck: '同意。' },
    });
    expect(stale.status).toBe(409);
  });
});

/** A row of its own (no 索引号 or 文号 shared with another), by its title and 发布日期. */
const row = (title: string, publishedOn: string) => ({
  ...history[0],
  title,
  indexNumber: '',
  documentNumber: '',
  writtenOn: '2017-04-01',
  publishedOn,
});

/** Whether a write to the table is one that stages rows into a batch's partition. */
const writesRows = (command: string, input: string) =>
  /^(BatchWrite|TransactWrite)/.test(command) && input.includes('ROW#');

describe('a batch staged into as it is submitted', () => {
  it('keeps the rows staged between the submission’s read and its write in its count', async () => {
    // Staging counts rows on the batch without moving its version: the submission, written from the
    // batch as it read it, must not put the older count back (the review, the limit and the job's
    // progress all go by it).
    const staged = await staff.call('handler', 'POST', '/api/staff/imports/publications', {
      dryRun: false,
      rows: [row('露水河镇2017年春季防火通告', '2017-04-05')],
    });
    const batch = staged.body.batch;
    expect(batch).toMatchObject({ state: 'open', rows: 1 });
    const { answer: submitted, meanwhile } = await landingBefore(
      transactionWith('"submitted"'),
      () =>
        staff.call('handler', 'POST', '/api/staff/imports/publications', {
          dryRun: false,
          batch: batch.id,
          rows: [row('露水河镇2017年春耕生产通知', '2017-04-06')],
        }),
      () =>
        staff.call('handler', 'POST', `/api/staff/imports/publications/${batch.id}/actions`, {
          version: batch.version,
          action: { type: 'submit' },
        }),
    );

    expect(meanwhile).toMatchObject([{ status: 200, body: { staged: 1, batch: { rows: 2 } } }]);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ state: 'submitted', rows: 2, version: batch.version + 1 });
    const detail = await staff.call('reviewer', 'GET', `/api/staff/imports/publications/${batch.id}`);
    expect(detail.body).toMatchObject({ state: 'submitted', rows: 2 });
    expect(detail.body.rowsPage).toHaveLength(2);
  });

  it('refuses rows whose batch is submitted between the staging’s read and its write, leaving none of them in it', async () => {
    // The job publishes every row in the batch's partition and the reviewer sees its count: a row
    // written there after the submission would be published unreviewed and uncounted.
    const staged = await staff.call('handler', 'POST', '/api/staff/imports/publications', {
      dryRun: false,
      rows: [row('露水河镇2017年森林防火责任书', '2017-04-10')],
    });
    const batch = staged.body.batch;
    expect(batch).toMatchObject({ state: 'open', rows: 1 });
    const { answer: late, meanwhile: submitted } = await landingBefore(
      writesRows,
      () =>
        staff.call('handler', 'POST', `/api/staff/imports/publications/${batch.id}/actions`, {
          version: batch.version,
          action: { type: 'submit' },
        }),
      () =>
        staff.call('handler', 'POST', '/api/staff/imports/publications', {
          dryRun: false,
          batch: batch.id,
          rows: [row('露水河镇2017年护林员聘用公告', '2017-04-11'), row('露水河镇2017年清明祭扫通告', '2017-04-12')],
        }),
    );

    expect(submitted).toMatchObject([{ status: 200 }]);
    expect(late.status).toBe(409);
    expect(late.body.message).toBe('该批次已提交审核，不能再添加。');
    const detail = await staff.call('reviewer', 'GET', `/api/staff/imports/publications/${batch.id}`);
    expect(detail.body).toMatchObject({ state: 'submitted', rows: 1 });
    expect(detail.body.rowsPage.map((r: { title: string }) => r.title)).toEqual(['露水河镇2017年森林防火责任书']);
    // The refused rows are not held for the submitted batch: sent again, they open a batch of their own.
    const resent = await staff.call('handler', 'POST', '/api/staff/imports/publications', {
      dryRun: false,
      rows: [row('露水河镇2017年护林员聘用公告', '2017-04-11'), row('露水河镇2017年清明祭扫通告', '2017-04-12')],
    });
    expect(resent.body.skipped).toEqual([]);
    expect(resent.body).toMatchObject({ staged: 2, batch: { state: 'open', rows: 2 } });
  });
});

describe('a batch staged into by the same call twice at once', () => {
  it('stages each row once and counts it once', async () => {
    // Both calls read the batch before either writes (held at the write until both arrive), so
    // neither filters out the other's rows: the write itself must not count a row already there.
    const { db } = await import('#lib/dynamo.ts');
    const first = await staff.call('handler', 'POST', '/api/staff/imports/publications', {
      dryRun: false,
      rows: [row('露水河镇2017年春季植树造林通知', '2017-04-20')],
    });
    const batch = first.body.batch;
    const again = {
      dryRun: false,
      batch: batch.id,
      rows: [row('露水河镇2017年退耕还林公示', '2017-04-21'), row('露水河镇2017年林下参种植补贴公示', '2017-04-22')],
    };
    let arrived = 0;
    let bothArrived = () => {};
    const barrier = new Promise<void>((resolve) => {
      bothArrived = resolve;
    });
    db.middlewareStack.add(
      (next, context) => async (args) => {
        if (arrived < 2 && writesRows(context.commandName ?? '', JSON.stringify(args.input))) {
          if (++arrived === 2) bothArrived();
          await Promise.race([barrier, new Promise((resolve) => setTimeout(resolve, 3000))]);
        }
        return next(args);
      },
      { step: 'initialize', name: 'stagedTwiceAtOnce' },
    );
    let answers: Awaited<ReturnType<typeof staff.call>>[];
    try {
      answers = await Promise.all([
        staff.call('handler', 'POST', '/api/staff/imports/publications', again),
        staff.call('handler', 'POST', '/api/staff/imports/publications', again),
      ]);
    } finally {
      db.middlewareStack.remove('stagedTwiceAtOnce');
    }

    expect(arrived).toBe(2);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers.reduce((sum, a) => sum + a.body.staged, 0)).toBe(2);
    const detail = await staff.call('handler', 'GET', `/api/staff/imports/publications/${batch.id}`);
    expect(detail.body).toMatchObject({ state: 'open', rows: 3 });
    expect(detail.body.rowsPage).toHaveLength(3);
  });
});

describe('a batch near its limit staged into twice at once', () => {
  it('takes the rows of one call and refuses the other’s whole, holding none of them', async () => {
    // The route checks the limit against the count it read; two calls that both read room must not
    // together pass it. The store takes the limit as an argument, so a small one stands in for 20000.
    const { getBatch, stageRows } = await import('#store/imports.ts');
    const { getAgency } = await import('#store/agencies.ts');
    const first = await staff.call('handler', 'POST', '/api/staff/imports/publications', {
      dryRun: false,
      rows: [row('露水河镇2017年防汛工作方案', '2017-05-02')],
    });
    const batch = (await getBatch(first.body.batch.id))!;
    const agency = (await getAgency(batch.agencyId))!;
    const staged = (titles: string[]) =>
      checkCatalogueRows(
        titles.map((title, i) => row(title, `2017-05-1${i}`)),
        { agencyId: agency.id, agencyKind: agency.kind, today: '2017-12-31' },
      ).rows.map((r) => ({ ...r, files: [] }));

    const outcomes = await Promise.all([
      stageRows(batch, staged(['露水河镇2017年汛期值班表', '露水河镇2017年防汛物资清单']), 3),
      stageRows(batch, staged(['露水河镇2017年山洪避险转移方案', '露水河镇2017年防汛演练通知']), 3),
    ]);

    expect(outcomes.filter((o) => o.refused)).toEqual([{ staged: [], refused: 'full' }]);
    expect(outcomes.flatMap((o) => o.staged)).toHaveLength(2);
    const detail = await staff.call('handler', 'GET', `/api/staff/imports/publications/${batch.id}`);
    expect(detail.body).toMatchObject({ state: 'open', rows: 3 });
    expect(detail.body.rowsPage).toHaveLength(3);
  });
});

describe('open cases carried over', () => {
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const daysAgo = (n: number) => new Date(Date.parse(today) - n * 86_400_000).toISOString().slice(0, 10);
  const person = {
    applicantType: '公民',
    name: '王建国',
    idType: '居民身份证',
    idNumber: '220621198003071237',
    phone: '13904391234',
    title: '露水河镇2026年农村公路养护资金使用情况',
  };

  it('checks each row through the state machine, then registers them with their clock and a query code', async () => {
    const { isResidentIdNumber } = await import('#core/identity.ts');
    expect(isResidentIdNumber(person.idNumber)).toBe(true);
    const rows = [
      { ...person, oldNumber: 'LSH-OLD-001', receivedOn: daysAgo(10) },
      {
        ...person,
        oldNumber: 'LSH-OLD-002',
        receivedOn: daysAgo(12),
        correctionRequestedOn: daysAgo(9),
        correctionItems: '请明确路段名称',
      },
      { ...person, oldNumber: 'LSH-OLD-003', receivedOn: '2026-02-30' },
      { ...person, oldNumber: 'LSH-OLD-004', receivedOn: daysAgo(5), idNumber: '220621198003071232', phone: '123' },
      {
        ...person,
        oldNumber: 'LSH-OLD-005',
        receivedOn: daysAgo(40),
        correctionRequestedOn: daysAgo(1),
        correctionItems: '补正',
      },
    ];
    const dry = await staff.call('handler', 'POST', '/api/staff/imports/applications', { dryRun: true, rows });
    expect(dry.status).toBe(200);
    expect(dry.body.valid).toBe(2);
    const fields = dry.body.errors.map((e: { row: number; field: string }) => `${e.row}:${e.field}`);
    expect(fields).toEqual(['3:receivedOn', '4:phone', '4:idNumber', '5:correctionRequestedOn']);
    expect(dry.body.errors.at(-1).message).toContain('7 个工作日内');

    const real = await staff.call('handler', 'POST', '/api/staff/imports/applications', {
      dryRun: false,
      rows: rows.slice(0, 2),
    });
    expect(real.status).toBe(200);
    expect(real.body.imported).toHaveLength(2);
    const [plain, corrected] = real.body.imported;
    expect(plain.receiptNumber).toMatch(/^LSH-2026-\d{5}$/);
    expect(plain.queryCode).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    expect(plain.replyDue).toBeTruthy();
    const again = await staff.call('handler', 'POST', '/api/staff/imports/applications', {
      dryRun: false,
      rows: rows.slice(0, 2),
    });
    expect(again.body.imported).toEqual([]);
    expect(again.body.skipped[0].message).toContain(plain.receiptNumber);

    // The staff's view: received on its old date, the correction paused the clock, the timeline says where it came from.
    const one = await staff.call('handler', 'GET', `/api/staff/applications/${plain.receiptNumber}`);
    expect(one.status).toBe(200);
    // Its old date, moved to the next working day when that was a day off (条例31, the rule a live receipt follows).
    const received = receiptDay(new WorkingCalendar(), daysAgo(10)).date;
    expect(one.body.application).toMatchObject({ receiptDate: received, status: 'inProgress' });
    expect(one.body.deadline.due).toBe(plain.replyDue);
    const two = await staff.call('handler', 'GET', `/api/staff/applications/${corrected.receiptNumber}`);
    expect(two.body.application.status).toBe('correctionRequested');
    expect(JSON.stringify(two.body)).toContain('原系统记录');
  });
});

describe('earlier years’ reports in bulk', () => {
  it('checks each report, then archives them; tables in the 2021 format feed next year’s cross-year rule', async () => {
    const compiled = presentReport(
      compileAnnualReport(2025, new Map([[2025, { received_natural: 3 }]]), emptyEntries()),
    );
    const tables = { table2: compiled.table2, table3: compiled.table3, table4: compiled.table4 };
    const reports = [
      {
        agencyId: 'fusong-zrzyj',
        year: 2025,
        title: '抚松县自然资源局2025年政府信息公开工作年度报告',
        text: '一、总体情况……',
        publishedOn: '2026-01-20',
        source: '原政府网站',
        tables,
      },
      {
        agencyId: 'fusong-zrzyj',
        year: 2016,
        title: '抚松县自然资源局2016年政府信息公开工作年度报告',
        text: '一、概述……',
        publishedOn: '2017-03-01',
        source: '原政府网站',
      },
      {
        agencyId: 'fusong-zrzyj',
        year: 2015,
        title: '缺少发布日期的报告',
        text: '……',
        publishedOn: '2014-03-01',
        source: '原网站',
      },
      {
        agencyId: 'fusong-zrzyj',
        year: 2014,
        title: '表格不完整',
        text: '……',
        publishedOn: '2015-03-01',
        source: '原网站',
        tables: { ...tables, table3: {} },
      },
    ];
    const town = await staff.call('admin', 'POST', '/api/staff/imports/reports', { dryRun: true, reports });
    // A town's administrator neither sees a department's reports nor archives its own.
    expect(town.body.valid).toBe(0);
    expect(town.body.errors.map((e: { message: string }) => e.message)).toContain(
      '第 1 份（fusong-zrzyj 2025年度）未找到该机关。',
    );
    const own = await staff.call('admin', 'POST', '/api/staff/imports/reports', {
      dryRun: true,
      reports: [{ ...reports[1]!, agencyId: 'lushuihe', year: 2015 }],
    });
    expect(own.body.errors[0].message).toContain('只有县级管理员');
    const county = publisher(platform.url, 'fs');
    const dry = await county.call('admin', 'POST', '/api/staff/imports/reports', { dryRun: true, reports });
    expect(dry.status).toBe(200);
    expect(dry.body.valid).toBe(2);
    expect(dry.body.errors.map((e: { row: number }) => e.row)).toEqual([3, 4]);
    expect(dry.body.errors[1].message).toContain('格未填写');
    const real = await county.call('admin', 'POST', '/api/staff/imports/reports', {
      dryRun: false,
      reports: reports.slice(0, 2),
    });
    expect(real.status).toBe(200);
    expect(real.body.imported.map((r: { year: number; tables: boolean }) => [r.year, r.tables])).toEqual([
      [2025, true],
      [2016, false],
    ]);
    const again = await county.call('admin', 'POST', '/api/staff/imports/reports', {
      dryRun: false,
      reports: reports.slice(0, 2),
    });
    expect(again.body.skipped).toHaveLength(2);
    // This year's report compares its 上年结转 with the archived 2025 figures (3 carried over, none here).
    const current = await county.call('admin', 'GET', '/api/reports/fusong-zrzyj/2026');
    expect(JSON.stringify(current.body.checks.warnings)).toContain('上年度报告“结转下年度继续办理”为 3');
    await siteSettled();
    expect((await page('/fusong-zrzyj/reports/2016/')).text).toContain('一、概述');
  });
});

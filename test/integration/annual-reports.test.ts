/**
 * 年度报告 end to end, against DynamoDB Local, s3rver and the local gateway: a simulated year of a
 * town (hundreds of applications with every outcome, both kinds of applicant, some carried across
 * both year ends; normative documents issued, repealed and withdrawn; fees; reconsideration and
 * litigation cases) compiles to tables equal to an independent count from the records and passes
 * every rule; then submission, return, resubmission, approval and the published page, JSON and CSV;
 * the county's overview; the recount; reminders; and who may do what.
 */
import { Parser } from 'htmlparser2';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { outcomeRows, reportFormat, table3Rows } from '#core/annual-report.ts';
import {
  checkedAnswerFiles,
  feeReason,
  organisationApplicant,
  personApplication,
  submit,
} from '../support/applications.ts';
import { jobOutcome } from '../support/jobs.ts';
import { signIn, siteSettled, startTestPlatform } from '../support/platform.ts';
import { publicationContent, publisher } from '../support/publications.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());
afterEach(() => void vi.useRealTimers());

const at = (iso: string) => vi.setSystemTime(new Date(iso));

/** Staff calls; tokens are signed again whenever the (fake) clock has moved on. */
const tokens = new Map<string, string>();
async function call(user: string, method: string, path: string, body?: unknown) {
  const key = `${user}@${Math.floor(Date.now() / 600_000)}`;
  if (!tokens.has(key)) tokens.set(key, await signIn(platform.url, user));
  const response = await fetch(`${platform.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${tokens.get(key)}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function act(number: string, version: number, action: Record<string, unknown>) {
  const result = await call('lsh-handler', 'POST', `/api/staff/applications/${number}/actions`, { version, action });
  if (result.status !== 200)
    throw new Error(`${number} ${action.type}: ${result.status} ${JSON.stringify(result.body)}`);
  return result.body.version as number;
}

async function uploadFile() {
  const upload = await call('lsh-handler', 'POST', '/api/staff/uploads', {
    fileName: '区分处理后的文件.pdf',
    contentType: 'application/pdf',
    size: 16,
  });
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.body.fields as Record<string, string>)) form.append(name, value);
  form.append('file', new Blob([new TextEncoder().encode('%PDF-1.7\n%redact\n')], { type: 'application/pdf' }));
  expect((await fetch(upload.body.url, { method: 'POST', body: form })).status).toBeLessThan(300);
  return upload.body.uploadId as string;
}

const sweep = async () => (await fetch(`${platform.url}/api/dev/sweep`, { method: 'POST' })).json();
const orgTypes = ['business', 'research', 'publicWelfare', 'legalService', 'otherOrg'];
let received = 0;

/** `count` applications, about one in three from an organisation of each type in turn. */
async function receive(count: number): Promise<string[]> {
  const numbers: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = received++;
    const body =
      n % 3 === 2
        ? personApplication({ applicant: { ...organisationApplicant, orgType: orgTypes[n % 5] } })
        : personApplication();
    const { status, body: receipt } = await submit(platform.url, body);
    expect(status).toBe(201);
    numbers.push(receipt.receiptNumber);
  }
  return numbers;
}

/** Takes one application to the table 三 row it is meant for (the expiries are left to the sweep). */
async function handle(number: string, row: string, withFee: boolean) {
  // The sweep may have reminded of the deadline since it arrived: act on the version as it is now.
  const { application } = (await call('lsh-handler', 'GET', `/api/staff/applications/${number}`)).body;
  if (row === 'other.other') return act(number, application.version, { type: 'withdraw', reason: '申请人撤回' });
  if (row === 'other.noCorrection')
    return act(number, application.version, {
      type: 'requestCorrection',
      items: ['请明确所需信息的名称'],
      periodDays: 5,
    });
  let v = await act(number, application.version, { type: 'confirmReceipt' });
  if (row === 'other.noPayment')
    return act(number, v, { type: 'sendFeeNotice', scheme: 'perPage', quantity: 120, reason: feeReason });
  if (withFee) {
    v = await act(number, v, { type: 'sendFeeNotice', scheme: 'perPage', quantity: 150, reason: feeReason });
    v = await act(number, v, { type: 'recordPayment' });
  }
  const extra =
    row === 'partial'
      ? await checkedAnswerFiles(platform.url, await signIn(platform.url, 'lsh-handler'), number, [await uploadFile()])
      : row === 'disclosed'
        ? { location: '露水河镇人民政府网站政府信息公开专栏' }
        : {};
  return act(number, v, { type: 'answer', outcome: row, basis: '《中华人民共和国政府信息公开条例》', ...extra });
}

const answerRows = outcomeRows.filter((r) => !r.startsWith('other.'));

describe('a simulated year of 露水河镇', () => {
  it('compiles to tables equal to an independent count from the records, and passes every rule', {
    timeout: 300_000,
  }, async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2024-12-02T01:00:00Z') });
    // 2024: 30 received, 15 answered; 15 carried into 2025.
    const of2024 = await receive(30);
    at('2024-12-16T01:00:00Z');
    for (const [i, n] of of2024.slice(0, 15).entries()) await handle(n, answerRows[i % answerRows.length]!, false);

    // 2025: nine monthly batches through every one of the 21 rows; some with a fee paid first.
    at('2025-01-10T01:00:00Z');
    for (const [i, n] of of2024.slice(15, 25).entries())
      await handle(n, answerRows[(i + 3) % answerRows.length]!, false);
    let k = 0;
    for (const month of ['03', '04', '05', '06', '07', '08', '09', '10', '11']) {
      at(`2025-${month}-03T01:00:00Z`);
      await sweep();
      const batch = await receive(25);
      at(`2025-${month}-05T01:00:00Z`);
      for (const n of batch) {
        const row = outcomeRows[k % outcomeRows.length]!;
        await handle(n, row, k % 7 === 3 && !row.startsWith('other.'));
        k += 1;
      }
    }
    at('2025-03-05T03:00:00Z');
    for (const n of of2024.slice(25)) await handle(n, 'disclosed', false);
    // December: 25 more, 5 answered; the rest (and the 2024 leftovers) are carried into 2026.
    at('2025-12-15T01:00:00Z');
    const december = await receive(25);
    at('2025-12-22T01:00:00Z');
    for (const n of december.slice(0, 5)) await handle(n, 'unable.notHeld', false);
    expect((await sweep()).done).toMatchObject({ expireCorrection: expect.any(Number), expireFee: expect.any(Number) });
    at('2026-01-08T01:00:00Z');
    for (const n of december.slice(5, 15)) await handle(n, 'disclosed', false);

    // Documents: four normative documents made in 2025 (one repealed by a revision, one withdrawn), one made in 2024.
    at('2025-06-10T01:00:00Z');
    let pub = publisher(platform.url);
    const normative = (writtenOn: string, n: number) =>
      publicationContent({
        category: 'normative',
        topic: '综合政务',
        writtenOn,
        validity: { state: 'valid' },
        documentNumber: `露政规〔${writtenOn.slice(0, 4)}〕${n}号`,
      });
    const docs = [];
    for (const [i, writtenOn] of ['2024-11-20', '2025-06-02', '2025-06-03', '2025-06-04', '2025-06-05'].entries())
      docs.push(await pub.publish(normative(writtenOn, i + 1)));
    at('2025-09-01T01:00:00Z');
    pub = publisher(platform.url); // signed in afresh: a day later, the first tokens have expired
    const revising = await pub.step(docs[1]!.id, docs[1]!.version, { type: 'revise' });
    const edited = await pub.step(docs[1]!.id, revising.version, {
      type: 'edit',
      content: { ...normative('2025-06-02', 2), validity: { state: 'repealed', repealedOn: '2025-08-31' } },
      revisionNote: '已废止',
    });
    const resubmitted = await pub.step(docs[1]!.id, edited.version, { type: 'submit' });
    await pub.step(docs[1]!.id, resubmitted.version, { type: 'approve', secrecyCheck: '同意。' }, 'reviewer');
    await pub.step(docs[2]!.id, docs[2]!.version, { type: 'withdraw', reason: '误发' }, 'reviewer');

    // Cases of table 四: filed in 2025, decided within it or not.
    const cases = [
      { n: of2024[0]!, group: 'reconsideration', filedOn: '2025-02-10', decidedOn: '2025-04-10', result: 'upheld' },
      { n: of2024[1]!, group: 'reconsideration', filedOn: '2025-03-10', decidedOn: '2025-05-10', result: 'corrected' },
      { n: of2024[2]!, group: 'suitDirect', filedOn: '2025-05-06', result: 'pending' },
      {
        n: of2024[3]!,
        group: 'suitAfterReconsideration',
        filedOn: '2025-11-20',
        decidedOn: '2026-01-05',
        result: 'other',
      },
    ];
    for (const { n, ...c } of cases)
      expect(
        (await call('lsh-handler', 'POST', `/api/staff/applications/${n}/cases`, { body: '抚松县人民政府', ...c }))
          .status,
      ).toBe(201);
    // The application's page lists them, with the kinds and results its form offers.
    const listed = (await call('lsh-handler', 'GET', `/api/staff/applications/${cases[0]!.n}/cases`)).body;
    expect(listed.cases.length).toBeGreaterThan(0);
    expect(listed.groups).toMatchObject({ reconsideration: '行政复议' });
    expect(Object.keys(listed.results)).toEqual(['upheld', 'corrected', 'other', 'pending']);

    // The compiled report.
    at('2026-01-15T01:00:00Z');
    const { status, body } = await call('lsh-handler', 'GET', '/api/reports/lushuihe/2025');
    expect(status).toBe(200);
    const { report } = body;

    // The independent count: straight from the application records, by dates.
    const { listAgencyApplications } = await import('#store/applications.ts');
    const records = await listAgencyApplications('lushuihe');
    const column = (r: (typeof records)[number]) => (r.applicant.kind === 'person' ? 'natural' : r.applicant.orgType);
    const ended = (r: (typeof records)[number]) => r.handling?.endedOn;
    const expected: Record<string, Record<string, number>> = Object.fromEntries(
      table3Rows.map((r) => [
        r.key,
        { natural: 0, business: 0, research: 0, publicWelfare: 0, legalService: 0, otherOrg: 0, total: 0 },
      ]),
    );
    const count = (row: string, r: (typeof records)[number]) => {
      expected[row]![column(r)]! += 1;
      expected[row]!.total! += 1;
    };
    for (const r of records) {
      if (r.receiptDate.startsWith('2025')) count('received', r);
      if (r.receiptDate < '2025-01-01' && !(ended(r) && ended(r)! < '2025-01-01')) count('carriedIn', r);
      if (ended(r)?.startsWith('2025')) {
        count(r.handling!.reportRow!, r);
        count('handledTotal', r);
      }
      if (r.receiptDate <= '2025-12-31' && !(ended(r) && ended(r)! <= '2025-12-31')) count('carriedOut', r);
    }
    expect(report.table3).toEqual(expected);
    expect(records.length).toBeGreaterThanOrEqual(280);
    for (const row of outcomeRows) expect(expected[row]!.total, row).toBeGreaterThan(0);
    expect(expected.carriedIn!.total).toBe(15);
    expect(expected.carriedOut!.total).toBeGreaterThanOrEqual(20);
    expect(Object.values(expected.received!).every((v) => v > 0)).toBe(true);

    expect(report.table2.行政规范性文件).toEqual({ 本年制发件数: 3, 本年废止件数: 1, 现行有效件数: 3 });
    expect(report.table2.行政许可).toEqual({ 本年处理决定数量: null });
    expect(report.table4).toEqual({
      reconsideration: { upheld: 1, corrected: 1, other: 0, pending: 0, total: 2 },
      suitDirect: { upheld: 0, corrected: 0, other: 0, pending: 1, total: 1 },
      suitAfterReconsideration: { upheld: 0, corrected: 0, other: 0, pending: 1, total: 1 },
    });
    const fees = records.filter((r) => r.handling?.fee?.noticeOn.startsWith('2025'));
    expect(report.fees).toEqual({
      notices: fees.length,
      charged: fees.reduce((a, r) => a + r.handling!.fee!.calculation.total, 0),
      collected: fees
        .filter((r) => r.handling!.fee!.paidOn?.startsWith('2025'))
        .reduce((a, r) => a + r.handling!.fee!.calculation.total, 0),
    });
    expect(report.fees.collected).toBeGreaterThan(0);
    expect(report.fees.charged).toBeGreaterThan(report.fees.collected);

    // Only what staff must still enter is missing; once entered, every rule passes. 一 is judged as
    // the console shows it, the year's draft, whose headings are still to be written under.
    expect(body.checks.errors.map((e: { cell: string }) => e.cell)).toEqual([
      'table2:行政许可:本年处理决定数量',
      'table2:行政处罚:本年处理决定数量',
      'table2:行政强制:本年处理决定数量',
      'table2:行政事业性收费:本年收费金额（单位：万元）',
      'section:一',
      'section:一',
      'section:一',
      'section:五',
    ]);
    expect(report.sections.一).toBe(body.drafts.一);
    const overview = body.checks.errors.filter((e: { cell: string }) => e.cell === 'section:一');
    expect(overview.map((e: { message: string }) => e.message)).toEqual([
      '一、总体情况：（三）政府信息管理尚无内容，请在该标题后写明本年度的情况。',
      '一、总体情况：（四）政府信息公开平台建设尚无内容，请在该标题后写明本年度的情况。',
      '一、总体情况：（五）监督保障尚无内容，请在该标题后写明本年度的情况。',
    ]);
    // Before 31 January a town's report in 编制中 is not yet overdue.
    expect(body.overdue).toBe(false);
    const refused = await call('lsh-handler', 'POST', '/api/reports/lushuihe/2025/actions', {
      version: 0,
      action: { type: 'submit' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0]).toEqual({
      field: 'table2:行政许可:本年处理决定数量',
      message: '表二“行政许可”行“本年处理决定数量”：请填写数字，或标为不适用。',
    });

    const saved = await call('lsh-handler', 'PUT', '/api/reports/lushuihe/2025', entries(0));
    expect(saved.status).toBe(200);
    expect(saved.body.checks).toEqual({ errors: [], warnings: [] });
    expect(saved.body.report.table2.规章).toEqual({ 本年制发件数: null, 本年废止件数: null, 现行有效件数: null });
  });
});

/** What the town's staff enter: narratives, the figures from other systems with sources, 规章 not applicable. */
const entries = (version: number) => ({
  sections: {
    一: '2025年，露水河镇人民政府认真贯彻落实《条例》。\n全年主动公开政府信息。',
    五: '一是信息更新不够及时。\n二是将加强培训。',
    六: '无其他需要报告的事项。',
  },
  figures: {
    '行政许可:本年处理决定数量': { value: 126, source: '镇便民服务中心审批台账' },
    '行政处罚:本年处理决定数量': { value: 8, source: '镇综合行政执法队' },
    '行政强制:本年处理决定数量': { value: 0, source: '镇综合行政执法队' },
    '行政事业性收费:本年收费金额（单位：万元）': { value: 1.25, source: '镇财政所' },
  },
  notApplicable: ['table2:规章:本年制发件数', 'table2:规章:本年废止件数', 'table2:规章:现行有效件数'],
  version,
});

describe('submission, review and publication', () => {
  it('goes to the county, comes back with comments, goes again, and is published in the column', {
    timeout: 60_000,
  }, async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-01-16T01:00:00Z') });
    let report = (await call('lsh-handler', 'GET', '/api/reports/lushuihe/2025')).body;
    expect(report.can).toEqual({ edit: true, submit: true, review: false, archive: false, withdrawArchive: false });

    // Two members of staff saving the same version: one wins, the other is told.
    const [a, b] = await Promise.all([
      call('lsh-handler', 'PUT', '/api/reports/lushuihe/2025', entries(report.version)),
      call('lsh-reviewer', 'PUT', '/api/reports/lushuihe/2025', entries(report.version)),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    report = (await call('lsh-handler', 'GET', '/api/reports/lushuihe/2025')).body;

    const submitted = await call('lsh-handler', 'POST', '/api/reports/lushuihe/2025/actions', {
      version: report.version,
      action: { type: 'submit' },
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', can: { edit: false, submit: false, review: false } });
    expect(
      (await call('lsh-handler', 'PUT', '/api/reports/lushuihe/2025', entries(submitted.body.version))).status,
    ).toBe(409);
    // The town cannot approve its own report; the county can.
    expect(
      (
        await call('lsh-reviewer', 'POST', '/api/reports/lushuihe/2025/actions', {
          version: submitted.body.version,
          action: { type: 'approve' },
        })
      ).status,
    ).toBe(403);
    const seen = await call('fs-reviewer', 'GET', '/api/reports/lushuihe/2025');
    expect(seen.body.can).toEqual({ edit: false, submit: false, review: true, archive: false, withdrawArchive: false });

    const returned = await call('fs-reviewer', 'POST', '/api/reports/lushuihe/2025/actions', {
      version: submitted.body.version,
      action: { type: 'return', comments: '第五部分请写明上年度问题的整改情况。' },
    });
    expect(returned.body).toMatchObject({
      status: 'returned',
      review: { approved: false, comments: '第五部分请写明上年度问题的整改情况。' },
    });
    const fixed = entries(returned.body.version);
    fixed.sections.五 += '\n上年度问题已整改。';
    const resaved = await call('lsh-handler', 'PUT', '/api/reports/lushuihe/2025', fixed);
    const again = await call('lsh-handler', 'POST', '/api/reports/lushuihe/2025/actions', {
      version: resaved.body.version,
      action: { type: 'submit' },
    });
    expect(again.body.status).toBe('submitted');

    at('2026-01-20T01:00:00Z');
    const approved = await call('fs-reviewer', 'POST', '/api/reports/lushuihe/2025/actions', {
      version: again.body.version,
      action: { type: 'approve' },
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'published', site: { state: 'queued', targets: 3 } });
    await siteSettled();
    expect(approved.body.events.map((e: { type: string }) => e.type)).toEqual([
      'save',
      'save',
      'submit',
      'return',
      'save',
      'submit',
      'approve',
    ]);

    // The page: every heading and header cell of the national format, the 不适用 marks, the sections as written.
    const page = await (await fetch(`${platform.url}/lushuihe/reports/2025/`)).text();
    const heads: string[] = [];
    let text: string | undefined;
    new Parser({
      onopentag: (name) => {
        if (name === 'th' || name === 'h2') text = '';
      },
      ontext: (t) => {
        if (text !== undefined) text += t;
      },
      onclosetag: (name) => {
        if ((name === 'th' || name === 'h2') && text !== undefined) {
          heads.push(text.trim());
          text = undefined;
        }
      },
    }).end(page);
    for (const label of [
      ...reportFormat.sections,
      ...reportFormat.table3.rows.map((r) => r.label),
      ...reportFormat.table3.columns.map((c) => c.label),
      ...reportFormat.table4.columns.map((c) => c.label),
    ]) {
      expect(heads, label).toContain(label);
    }
    expect(heads.filter((h) => reportFormat.sections.includes(h))).toEqual(reportFormat.sections);
    expect(page).toContain('上年度问题已整改。');
    expect(page).toContain('<td class="na">—<span class="visually-hidden">不适用</span></td>');
    expect(page).toContain('镇便民服务中心审批台账');

    const json = await (await fetch(`${platform.url}/lushuihe/reports/2025/report.json`)).json();
    expect(json.table3).toEqual(approved.body.report.table3);
    expect(json.table2.规章.本年制发件数).toBeNull();
    const csv = await (await fetch(`${platform.url}/lushuihe/reports/2025/report.csv`)).text();
    expect(csv).toContain('"二","第二十条第（五）项","行政许可","本年处理决定数量","126","镇便民服务中心审批台账"');

    // The column lists every year: this one, and the 2017 report kept as an archive.
    const column = await (await fetch(`${platform.url}/lushuihe/reports/`)).text();
    expect(column.indexOf('露水河镇人民政府2025年政府信息公开工作年度报告')).toBeGreaterThan(0);
    expect(column.indexOf('露水河镇2017年政府信息公开工作年度报告')).toBeGreaterThan(
      column.indexOf('2025年政府信息公开工作年度报告'),
    );
    // The town's reports in a sitemap part of its own, named in the agencies' sitemap index.
    const sitemap = await (await fetch(`${platform.url}/sitemaps/reports/lushuihe.xml`)).text();
    expect(sitemap).toContain('/lushuihe/reports/2025/</loc><lastmod>2026-01-20</lastmod>');
    expect(sitemap).toContain('/lushuihe/reports/2017/</loc><lastmod>2018-03-16</lastmod>');
    expect(await (await fetch(`${platform.url}/sitemaps/agencies.xml`)).text()).toContain(
      '/sitemaps/reports/lushuihe.xml</loc>',
    );
    const archived = await (await fetch(`${platform.url}/lushuihe/reports/2017/`)).text();
    expect(archived).toContain('一、情况概述');
    expect(archived).not.toContain('点击数');

    // A published report keeps its figures: a case recorded afterwards changes the counters, not the publication.
    const later = await call('fs-handler', 'GET', '/api/reports/lushuihe/2025');
    expect(later.body.report.table3).toEqual(approved.body.report.table3);
  });
});

describe('the county', () => {
  it("sees every agency's status for the year and their tables added up", async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-02-02T01:00:00Z') });
    const { status, body } = await call('fs-handler', 'GET', '/api/reports/2025');
    expect(status).toBe(200);
    expect(
      body.agencies.map((a: { agencyId: string; status: string; overdue: boolean }) => [
        a.agencyId,
        a.status,
        a.overdue,
      ]),
    ).toEqual([
      ['fusong', 'draft', false],
      ['fusong-czj', 'draft', true],
      ['fusong-zrzyj', 'draft', true],
      ['lushuihe', 'published', false],
    ]);
    // Each agency's own report says so too: 编制中 past 31 January is overdue, a published one is not.
    expect((await call('czj-handler', 'GET', '/api/reports/fusong-czj/2025')).body).toMatchObject({
      statusLabel: '编制中',
      deadline: '2026-01-31',
      overdue: true,
    });
    expect((await call('fs-handler', 'GET', '/api/reports/fusong/2025')).body.overdue).toBe(false);
    const town = (await call('lsh-handler', 'GET', '/api/reports/lushuihe/2025')).body.report;
    expect(body.aggregate.table3.received.total).toBe(town.table3.received.total);
    expect(body.aggregate.table2.行政许可.本年处理决定数量).toBe(126);
    // A town sees no overview, and no other agency's report.
    expect((await call('lsh-handler', 'GET', '/api/reports/2025')).status).toBe(403);
    expect((await call('lsh-handler', 'GET', '/api/reports/fusong-czj/2025')).status).toBe(404);
    expect((await call('czj-handler', 'GET', '/api/reports/lushuihe/2025')).status).toBe(404);
    expect((await call('fs-handler', 'PUT', '/api/reports/lushuihe/2025', entries(1))).status).toBe(403);
  });

  it('reminds the agencies whose reports are outstanding, once, by e-mail where the office has an address', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-01-20T01:00:00Z') });
    const settings = (await call('czj-admin', 'GET', '/api/staff/agency/letters')).body;
    expect(
      (
        await call('czj-admin', 'PUT', '/api/staff/agency/letters', {
          ...settings,
          email: 'gongkai@czj.example.gov.cn',
        })
      ).status,
    ).toBe(200);
    const first = await sweep();
    expect(first.reports.reminded).toBe(2); // the two departments; the town has published, the county is due in March
    expect((await sweep()).reports.reminded).toBe(0);
    const outbox = (await call('czj-handler', 'GET', '/api/staff/outbox')).body;
    expect(outbox.mail).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          to: 'gongkai@czj.example.gov.cn',
          subject: '提醒：抚松县财政局2025年政府信息公开工作年度报告',
        }),
      ]),
    );
    const events = (await call('fs-handler', 'GET', '/api/reports/fusong-zrzyj/2025')).body.events;
    expect(events.at(-1)).toMatchObject({
      type: 'remind',
      actor: 'system',
      text: expect.stringContaining('应于2026年1月31日前报送'),
    });
  });
});

describe('the recount', () => {
  it('finds the counters equal to the records, and a tampered one named', async () => {
    const clean = await (
      await fetch(`${platform.url}/api/dev/recount`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ year: 2025 }),
      })
    ).json();
    expect(clean.differences).toBe(0);
    expect(clean.agencies.find((a: { id: string }) => a.id === 'lushuihe')).toMatchObject({
      publications: 5,
      cases: 4,
    });

    const { setStats, getStats } = await import('#store/stats.ts');
    await setStats('lushuihe', 2025, {
      doc_normativeDocuments_issued: ((await getStats('lushuihe', 2025)).doc_normativeDocuments_issued ?? 0) + 1,
    });
    const admin = await signIn(platform.url, 'fs-admin');
    const recountJob = async (body: Record<string, unknown>) => {
      const started = await call('fs-admin', 'POST', '/api/reports/recount', body);
      expect(started).toMatchObject({
        status: 202,
        body: { kind: 'recount', state: 'queued', href: `/api/staff/jobs/${started.body.id}` },
      });
      return (await jobOutcome(platform.url, admin, started.body.id)).result;
    };
    const county = await recountJob({ year: 2025 });
    expect(county.agencies.find((a: { id: string }) => a.id === 'lushuihe').differences).toEqual([
      { year: 2025, counter: 'doc_normativeDocuments_issued', stored: 4, counted: 3 },
    ]);
    expect((await call('lsh-admin', 'POST', '/api/reports/recount', {})).status).toBe(403);
    expect((await recountJob({ repair: true })).differences).toBe(1);
    expect((await recountJob({})).differences).toBe(0);
  });
});

describe('past reports imported as documents', () => {
  const archive = {
    title: '露水河镇人民政府2016年政府信息公开工作年度报告',
    text: '一、概述\n本年度……',
    publishedOn: '2017-03-20',
    source: '露水河镇人民政府原网站',
  };

  it('are imported by county administrators only, for years the platform has nothing of, and can be withdrawn', async () => {
    const town = await call('lsh-admin', 'POST', '/api/reports/lushuihe/2016/archive', archive);
    expect(town.status).toBe(403);
    expect(town.body.message).toBe('往年报告导入后即公开发布，只有县级管理员可以导入。');

    const thisYear = new Date().getUTCFullYear();
    const current = await call('fs-admin', 'POST', `/api/reports/lushuihe/${thisYear}/archive`, {
      ...archive,
      publishedOn: `${thisYear}-01-01`,
    });
    expect(current.status).toBe(400);
    // 2025 has this file's simulated year of records: its report is made on the platform.
    const counted = await call('fs-admin', 'POST', '/api/reports/lushuihe/2025/archive', {
      ...archive,
      publishedOn: '2026-01-20',
    });
    expect(counted.status).toBe(409);

    const imported = await call('fs-admin', 'POST', '/api/reports/lushuihe/2016/archive', archive);
    expect(imported.status).toBe(201);
    await siteSettled();
    expect((await fetch(`${platform.url}/lushuihe/reports/2016/`)).status).toBe(200);
    const view = await call('fs-admin', 'GET', '/api/reports/lushuihe/2016');
    expect(view.body.can).toMatchObject({ archive: false, withdrawArchive: true });
    expect((await call('lsh-admin', 'DELETE', '/api/reports/lushuihe/2016/archive')).status).toBe(403);

    const withdrawn = await call('fs-admin', 'DELETE', '/api/reports/lushuihe/2016/archive');
    expect(withdrawn).toMatchObject({ status: 200, body: { agencyId: 'lushuihe', year: 2016 } });
    await siteSettled();
    expect((await fetch(`${platform.url}/lushuihe/reports/2016/`)).status).toBe(404);
    const after = await call('fs-admin', 'GET', '/api/reports/lushuihe/2016');
    expect(after.body.can.archive).toBe(true);
    expect(after.body.events.map((e: { type: string }) => e.type)).toEqual(['archive', 'withdrawArchive']);
    expect((await call('fs-admin', 'DELETE', '/api/reports/lushuihe/2016/archive')).status).toBe(404);
  });
});

/**
 * Open cases carried over as a county's register has them: extensions with who asked and who
 * approved (four eyes kept), the 补正 period actually granted, no year whose report holds its
 * figures; and on a slow machine, a call that writes only what it answers for (the rows it did not
 * reach come back to send again; after a timeout's answer nothing more is written) and a query code
 * staff can issue again. DynamoDB is reached through a proxy that can hold every request.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { faultProxy } from '../support/fault-proxy.ts';
import { startTestPlatform } from '../support/platform.ts';
import { publisher } from '../support/publications.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let proxy: Awaited<ReturnType<typeof faultProxy>>;
let staff: ReturnType<typeof publisher>;
beforeAll(async () => {
  proxy = await faultProxy(inject('services').dynamodb);
  platform = await startTestPlatform({ calendar: 'official', dynamodbEndpoint: proxy.url });
  staff = publisher(platform.url);
});
afterAll(async () => {
  await platform?.stop();
  await proxy?.close();
});

const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.parse(today) - n * 86_400_000).toISOString().slice(0, 10);
let serial = 0;
const person = (overrides: Record<string, unknown> = {}) => ({
  oldNumber: `FS-YSQ-${++serial}`,
  receivedOn: daysAgo(6),
  applicantType: '公民',
  name: '王建国',
  idType: '居民身份证',
  idNumber: '220621198003071237',
  phone: '13904391234',
  title: '露水河镇农村公路养护资金使用情况',
  ...overrides,
});
const carry = (rows: unknown[], dryRun = false) =>
  staff.call('handler', 'POST', '/api/staff/imports/applications', { dryRun, rows });
const status = async (receiptNumber: string, code: string) =>
  (await fetch(`${platform.url}/api/applications/${receiptNumber}`, { headers: { 'x-query-code': code } })).status;

describe('a register’s history', () => {
  it('carries an extension asked for by one person and approved by another, and refuses one without', async () => {
    const extended = person({
      receivedOn: daysAgo(25),
      extensionOn: daysAgo(5),
      extensionDays: 15,
      extensionReason: '需要调取多年档案',
      extensionRequestedBy: '刘洋',
      extensionApprovedBy: '陈静',
    });
    const checked = await carry(
      [
        extended,
        { ...extended, oldNumber: 'FS-YSQ-NOAPPROVER', extensionApprovedBy: '' },
        { ...extended, oldNumber: 'FS-YSQ-SELF', extensionApprovedBy: '刘洋' },
      ],
      true,
    );
    expect(checked.body.errors.map((e: { row: number; field: string }) => `${e.row}:${e.field}`)).toEqual([
      '2:extensionApprovedBy',
      '3:extensionApprovedBy',
    ]);
    const real = await carry([extended]);
    expect(real.status).toBe(200);
    const [one] = real.body.imported;
    const detail = await staff.call('handler', 'GET', `/api/staff/applications/${one.receiptNumber}`);
    expect(detail.body.application.clock.extension).toMatchObject({ days: 15, approvedOn: daysAgo(5) });
    const timeline = JSON.stringify(detail.body);
    expect(timeline).toContain('刘洋');
    expect(timeline).toContain('经 陈静 批准');
  });

  it('keeps the 补正 period the old notice granted', async () => {
    const rows = [
      person({
        correctionRequestedOn: daysAgo(3),
        correctionItems: '请明确路段名称',
        correctionPeriodDays: '10个工作日',
      }),
      person({ correctionRequestedOn: daysAgo(3), correctionItems: '请明确路段名称', correctionPeriodDays: 40 }),
    ];
    const checked = await carry(rows, true);
    expect(checked.body.errors.map((e: { row: number; field: string }) => `${e.row}:${e.field}`)).toEqual([
      '2:correctionPeriodDays',
    ]);
    const real = await carry([rows[0]]);
    const detail = await staff.call('handler', 'GET', `/api/staff/applications/${real.body.imported[0].receiptNumber}`);
    expect(detail.body.application.handling.correction).toMatchObject({ requestedOn: daysAgo(3), periodDays: 10 });
  });

  it('refuses cases received in a year whose annual report is published', async () => {
    const county = publisher(platform.url, 'fs');
    const archived = await county.call('admin', 'POST', '/api/staff/imports/reports', {
      dryRun: false,
      reports: [
        {
          agencyId: 'lushuihe',
          year: 2025,
          title: '露水河镇2025年政府信息公开工作年度报告',
          text: '一、总体情况……',
          publishedOn: '2026-01-20',
          source: '原政府网站',
        },
      ],
    });
    expect(archived.status).toBe(200);
    const checked = await carry([person({ receivedOn: '2025-12-29' }), person()], true);
    expect(checked.body.valid).toBe(1);
    expect(checked.body.errors).toEqual([
      expect.objectContaining({ row: 1, field: 'receivedOn', message: expect.stringContaining('2025 年度报告已发布') }),
    ]);
  });
});

describe('on a slow machine', () => {
  it('answers within its limit with the rows it did not reach, each written case with its code', async () => {
    const rows = Array.from({ length: 30 }, () => person());
    proxy.delayMs = 150; // every table call: ≥ 2 a case, so 30 cases outlast half of the 15 s limit
    let first: Awaited<ReturnType<typeof carry>>;
    try {
      first = await carry(rows);
    } finally {
      proxy.delayMs = 0;
    }
    expect(first.status).toBe(200);
    expect(first.body.pending.length).toBeGreaterThan(0);
    expect(first.body.imported.length + first.body.pending.length).toBe(30);
    const rest = await carry(rows.filter((_, i) => first.body.pending.includes(i + 1)));
    expect(rest.body.pending).toEqual([]);
    const all = [...first.body.imported, ...rest.body.imported];
    expect(new Set(all.map((c: { oldNumber: string }) => c.oldNumber)).size).toBe(30);
    for (const c of all.slice(0, 3)) expect(await status(c.receiptNumber, c.queryCode)).toBe(200);
  });

  it('writes nothing after a timeout’s answer, and staff can issue a lost code again', async () => {
    const rows = [person(), person()];
    proxy.delayMs = 16_000; // longer than the function's 15 s: the answer comes first
    let timedOut: Awaited<ReturnType<typeof carry>>;
    try {
      timedOut = await carry(rows);
    } finally {
      proxy.delayMs = 0;
    }
    expect(timedOut.status).toBe(503);
    expect(timedOut.body.code).toBe('timed-out');
    // The operation's held calls come back after the answer; none of its writes may follow.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const again = await carry(rows);
    expect(again.body.skipped).toEqual([]);
    expect(again.body.imported).toHaveLength(2);

    // A code that never reached the applicant (or was lost): issued again, the old one stops working.
    const [lost] = again.body.imported;
    const sentAgain = await carry([rows[0]]);
    expect(sentAgain.body.skipped[0]).toMatchObject({ receiptNumber: lost.receiptNumber });
    const refused = await staff.call('handler', 'POST', `/api/staff/applications/${lost.receiptNumber}/query-code`, {
      reason: '',
    });
    expect(refused.status).toBe(400);
    const reissued = await staff.call('handler', 'POST', `/api/staff/applications/${lost.receiptNumber}/query-code`, {
      reason: '纸质申请，迁入时查询码未能告知申请人',
    });
    expect(reissued.status).toBe(200);
    expect(reissued.body.queryCode).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    expect(reissued.body.notice).toMatchObject({ applicant: '王建国', agency: '露水河镇人民政府' });
    expect(reissued.body.notice.text).toContain(lost.receiptNumber);
    expect(await status(lost.receiptNumber, lost.queryCode)).toBe(404);
    expect(await status(lost.receiptNumber, reissued.body.queryCode)).toBe(200);
    const detail = await staff.call('handler', 'GET', `/api/staff/applications/${lost.receiptNumber}`);
    expect(JSON.stringify(detail.body)).toContain('重新生成查询码（纸质申请，迁入时查询码未能告知申请人）');
    // Another agency's staff cannot reach it.
    const other = await publisher(platform.url, 'czj').call(
      'handler',
      'POST',
      `/api/staff/applications/${lost.receiptNumber}/query-code`,
      { reason: '试图重新生成' },
    );
    expect(other.status).toBe(404);
  }, 90_000);
});

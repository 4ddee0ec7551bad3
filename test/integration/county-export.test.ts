/**
 * A county's history as its systems export it (test/support/county-export.ts: material written from
 * county sites and the regulation, not from our importer): the old CMS's 2,000-row catalogue as a
 * GBK CSV with a title line and as an XLSX with a merged title and 日期 over 成文/发布, in mixed date
 * forms and the category names county sites use; and the office's register of 50 open cases. Read by
 * the console's own reader (web/import/sheet.js, run here in Node), checked and imported through the
 * API, and found on the site; the open cases' deadlines against those counted by hand.
 */
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callsOf, caseHeaderAliases, readSheet } from '../../web/import/sheet.js';
import {
  countyCatalogue,
  countyCatalogueCsvGbk,
  countyCatalogueXlsx,
  countyOpenCases,
  countyOpenCasesCsvGbk,
  countyOpenCasesXlsx,
} from '../support/county-export.ts';
import { jobOutcome } from '../support/jobs.ts';
import { signIn, siteSettled, startTestPlatform } from '../support/platform.ts';
import { publisher } from '../support/publications.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let county: ReturnType<typeof publisher>;
beforeAll(async () => {
  platform = await startTestPlatform({ calendar: 'official' });
  county = publisher(platform.url, 'fs');
});
afterAll(() => platform?.stop());

/** 条例20's items, as the material numbers them, to the platform's categories (a county makes no 规章). */
const slugOfItem = [
  '',
  'normative',
  'organisation',
  'planning',
  'statistics',
  'licensing',
  'enforcement',
  'finance',
  'fees',
  'procurement',
  'projects',
  'livelihood',
  'emergency',
  'supervision',
  'recruitment',
  'other',
];

type Row = Record<string, unknown> & { row: number };

/** A file of the type its name says, by its first bytes (a PDF, or an Office file's zip). */
function fileOf(fileName: string): [string, Uint8Array] {
  const office = {
    docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  } as Record<string, string>;
  const extension = fileName.split('.').pop()!;
  if (office[extension]) return [office[extension], zipSync({ '[Content_Types].xml': strToU8('<Types/>') })];
  return ['application/pdf', strToU8(`%PDF-1.4\n% ${fileName}\n`)];
}
interface Checked {
  errors: { row: number; field: string; message: string }[];
  categories: Map<string, string | null>;
  valid: number;
}

/** The console's dry run: its calls of 500 rows, every error and category value gathered. */
async function dryRun(rows: Row[]): Promise<Checked> {
  const out: Checked = { errors: [], categories: new Map(), valid: 0 };
  for (const call of callsOf(rows, 500)) {
    const { status, body } = await county.call('handler', 'POST', '/api/staff/imports/publications', {
      dryRun: true,
      rows: call,
    });
    expect(status).toBe(200);
    out.errors.push(...body.errors);
    out.valid += body.valid;
    for (const c of body.categories) out.categories.set(c.value, c.category);
  }
  return out;
}

describe('the old CMS’s catalogue export', () => {
  const { rows: truth, expectedErrors } = countyCatalogue(2000);
  let csvRows: Row[];
  let xlsxRows: Row[];
  /** The material's row (by 序号) of a sheet row: the CSV's data start on line 3, the workbook's on row 4. */
  const truthOf = (row: number, first: number) => truth[row - first]!;

  it('reads as the console reads it, the CSV in GBK and the workbook with its merged header', async () => {
    csvRows = (await readSheet('信息公开目录导出.csv', new Uint8Array(countyCatalogueCsvGbk(truth)))).rows as Row[];
    xlsxRows = (await readSheet('信息公开目录导出.xlsx', new Uint8Array(await countyCatalogueXlsx(truth))))
      .rows as Row[];
    expect(csvRows).toHaveLength(2000);
    expect(xlsxRows).toHaveLength(2000);
    expect(csvRows[0]!.row).toBe(3);
    expect(xlsxRows[0]!.row).toBe(4);
    expect(csvRows.map((r) => r.title)).toEqual(truth.map((t) => t.title));
    expect(xlsxRows.map((r) => r.category)).toEqual(truth.map((t) => t.countyCategory));
  });

  it('maps the county’s category names, the office choosing once for the names no rule settles', async () => {
    const first = await dryRun(csvRows);
    // Names with one statutory meaning are mapped as the material's officer maps them.
    const byValue = new Map<string, Set<number | null>>();
    for (const t of truth)
      byValue.set(t.countyCategory, (byValue.get(t.countyCategory) ?? new Set()).add(t.expectedCategory));
    for (const [value, items] of byValue) {
      const mapped = first.categories.get(value);
      if (items.size === 1 && !items.has(null) && mapped)
        expect([value, mapped]).toEqual([value, slugOfItem[[...items][0]!]]);
    }
    const unmapped = [...first.categories].filter(([, category]) => !category).map(([value]) => value);
    // Only the names whose meaning is a matter of judgement are left to the office.
    for (const value of unmapped)
      expect([value, byValue.get(value)!.has(null) || byValue.get(value)!.size > 1]).toEqual([value, true]);
    const refusedForCategory = new Set(first.errors.filter((e) => e.field === 'category').map((e) => e.row));
    expect(refusedForCategory.size).toBe(truth.filter((t) => unmapped.includes(t.countyCategory)).length);

    const { body: map } = await county.call('handler', 'GET', '/api/staff/imports/categories');
    const saved = await county.call('handler', 'PUT', '/api/staff/imports/categories', {
      version: map.version,
      choices: unmapped.map((value) => ({ value, category: 'other' })),
    });
    expect(saved.status).toBe(200);

    // Now only the rows the material planted errors in are refused: both rows of the repeated 索引号, the missing title.
    const expected = expectedErrors.map((e) => `${e.seq + 2}:${e.key}`).sort();
    const csv = await dryRun(csvRows);
    expect(csv.errors.map((e) => `${e.row}:${e.field}`).sort()).toEqual(expected);
    const xlsx = await dryRun(xlsxRows);
    expect(xlsx.errors.map((e) => `${e.row - 1}:${e.field}`).sort()).toEqual(expected);
    expect(csv.valid).toBe(2000 - new Set(expectedErrors.map((e) => e.seq)).size);
    expect(xlsx.valid).toBe(csv.valid);
  });

  it('imports every row, approved by another, and finds each on the site with its original dates', async () => {
    const bad = new Set(expectedErrors.map((e) => e.seq + 2));
    const valid = csvRows.filter((r) => !bad.has(r.row));
    let batch: { id: string; version: number } | undefined;
    // The console's calls, each row's attachments uploaded as the console uploads the files chosen with the sheet.
    const queue = callsOf(valid, 500);
    let uploaded = 0;
    while (queue.length) {
      const call = await Promise.all(
        queue.shift()!.map(async (row) => {
          if (Array.isArray(row.attachments)) return row;
          const names = String(row.attachments ?? '')
            .split(';')
            .filter(Boolean);
          if (!names.length) return row;
          const attachments = [];
          for (const fileName of names) {
            const [type, bytes] = fileOf(fileName);
            attachments.push({ fileName, uploadId: await county.upload(fileName, type, bytes) });
            uploaded += 1;
          }
          return { ...row, attachments };
        }),
      );
      const staged = await county.call('handler', 'POST', '/api/staff/imports/publications', {
        dryRun: false,
        rows: call,
        ...(batch && { batch: batch.id }),
      });
      expect([staged.status, staged.body.message, staged.body.errors]).toEqual([200, undefined, []]);
      batch = staged.body.batch;
      const pending = new Set(staged.body.pending);
      if (pending.size) queue.unshift(call.filter((r) => pending.has(r.row)));
    }
    expect(uploaded).toBeGreaterThan(100);
    expect(batch).toMatchObject({ rows: valid.length });
    const submitted = await county.call('handler', 'POST', `/api/staff/imports/publications/${batch!.id}/actions`, {
      version: batch!.version,
      action: { type: 'submit' },
    });
    const approved = await county.call('reviewer', 'POST', `/api/staff/imports/publications/${batch!.id}/actions`, {
      version: submitted.body.version,
      action: { type: 'approve', secrecyCheck: '经审查，均为原网站已公开的信息，不涉及国家秘密，同意导入。' },
    });
    expect(approved.status).toBe(200);
    // Budgets by work: a row's transaction and its pages take well under 300 ms each on a loaded machine.
    const job = await jobOutcome(
      platform.url,
      await signIn(platform.url, 'fs-admin'),
      approved.body.jobId,
      valid.length * 300,
    );
    expect(job).toMatchObject({ state: 'done', progress: { done: valid.length, total: valid.length } });
    const following = await county.call('handler', 'GET', `/api/staff/imports/publications/${batch!.id}`);
    expect(following.body.progress).toMatchObject({ done: valid.length, total: valid.length });
    expect(following.body.site).toEqual({ waiting: expect.any(Number), more: expect.any(Boolean) });
    await siteSettled(valid.length * 400);
    expect((await county.call('handler', 'GET', `/api/staff/imports/publications/${batch!.id}`)).body.site).toEqual({
      waiting: 0,
      more: false,
    });

    const items: { id: string; row: number; publishedOn: string; writtenOn: string }[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=100&cursor=${encodeURIComponent(cursor)}` : '?limit=100';
      const { body } = await county.call('handler', 'GET', `/api/staff/imports/publications/${batch!.id}${query}`);
      items.push(...body.rowsPage);
      cursor = body.next;
    } while (cursor);
    expect(items).toHaveLength(valid.length);
    const forms = new Set<string>();
    for (const item of items) {
      const t = truthOf(item.row, 3);
      forms.add(t.dateForm);
      expect([item.row, item.writtenOn, item.publishedOn]).toEqual([item.row, t.writtenOn, t.publishedOn]);
      const page = await fetch(`${platform.url}/fusong/items/${item.id}.html`);
      expect([item.row, page.status]).toEqual([item.row, 200]);
      const text = await page.text();
      expect(text).toContain(t.title.replaceAll('"', '&quot;'));
      expect(text).toContain(t.publishedOn);
    }
    expect(forms.size).toBe(5);
  }, 1_800_000);
});

describe('the office’s register of open cases', () => {
  const cases = countyOpenCases(50);

  it('reads, checks and registers all fifty with the deadlines counted by hand', async () => {
    const csv = await readSheet(
      '依申请公开登记台账.csv',
      new Uint8Array(countyOpenCasesCsvGbk(cases)),
      caseHeaderAliases,
    );
    expect(csv.unknown.filter((name) => !['审核人'].includes(name))).toEqual([]);
    const rows = csv.rows as Row[];
    expect(rows).toHaveLength(50);
    const checked = await county.call('handler', 'POST', '/api/staff/imports/applications', { dryRun: true, rows });
    expect(checked.body.errors).toEqual([]);
    expect(checked.body.valid).toBe(50);

    const registered: { row: number; receiptNumber: string; queryCode: string; replyDue: string | null }[] = [];
    let pending = rows;
    while (pending.length) {
      const { status, body } = await county.call('handler', 'POST', '/api/staff/imports/applications', {
        dryRun: false,
        rows: pending,
      });
      expect(status).toBe(200);
      registered.push(...body.imported);
      pending = pending.filter((r) => body.pending.includes(r.row));
    }
    expect(registered).toHaveLength(50);
    // The cases counted by hand (the register starts on its second row).
    const pinned = cases.flatMap((c, i) => (c.expectedDue ? [{ c, row: i + 2 }] : []));
    expect(pinned.length).toBe(10);
    for (const { c, row } of pinned) {
      const got = registered.find((r) => r.row === row)!;
      expect([c.originalNumber, got.replyDue]).toEqual([c.originalNumber, c.expectedDue]);
    }
    // Extensions keep who approved them, and the organisations their column.
    const extended = cases.findIndex((c) => c.extension);
    const detail = await county.call(
      'handler',
      'GET',
      `/api/staff/applications/${registered.find((r) => r.row === extended + 2)!.receiptNumber}`,
    );
    expect(JSON.stringify(detail.body)).toContain(`经 ${cases[extended]!.extension!.approvedBy} 批准`);
    const organisation = cases.findIndex((c) => c.applicantType === '法人');
    const org = await county.call(
      'handler',
      'GET',
      `/api/staff/applications/${registered.find((r) => r.row === organisation + 2)!.receiptNumber}`,
    );
    expect(org.body.application.applicant).toMatchObject({
      kind: 'organisation',
      creditCode: cases[organisation]!.idNumber,
    });

    // The same register as a workbook: read alike, each case already there.
    const xlsx = await readSheet(
      '依申请公开登记台账.xlsx',
      new Uint8Array(await countyOpenCasesXlsx(cases)),
      caseHeaderAliases,
    );
    const again = await county.call('handler', 'POST', '/api/staff/imports/applications', {
      dryRun: true,
      rows: xlsx.rows,
    });
    expect(again.body.errors).toEqual([]);
    expect(again.body.skipped).toHaveLength(50);
  }, 120_000);
});

/**
 * Checks the outside material of test/support/county-export.ts itself: what it claims about the
 * county's exports holds (counts, encodings, the workbook's merged headers, valid identity numbers,
 * the planted errors, lawful histories and hand-counted deadlines). Check digits and working days are
 * recomputed here independently of the generator.
 */
import chineseDays from 'chinese-days';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  catalogueCsvHeader,
  catalogueTitle,
  countyCatalogue,
  countyCatalogueCsvGbk,
  countyCatalogueXlsx,
  countyOpenCases,
  countyOpenCasesCsvGbk,
  countyOpenCasesXlsx,
  openCasesExportedOn,
  openCasesHeader,
  statutoryCategories,
} from '../support/county-export.ts';

const { isWorkday } = chineseDays;
const { rows, expectedErrors } = countyCatalogue();
const cases = countyOpenCases();

/** RFC 4180 as spreadsheets write it: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string) {
  const records: string[][] = [[]];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') field += text[i++];
    else if (c === '"') quoted = !quoted;
    else if (quoted || (c !== ',' && c !== '\r')) field += c;
    else {
      records.at(-1)!.push(field);
      field = '';
      if (c === '\r' && text[++i] === '\n' && i < text.length - 1) records.push([]);
    }
  }
  return records;
}
/** Opens a workbook as a county's staff would. */
async function openWorkbook(buffer: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return wb.worksheets[0]!;
}
/** The four ways counties write a date, read back to ISO. */
function readDate(text: string) {
  const m = /^(\d{4})(?:-|\/|年)?(\d{1,2})(?:-|\/|月)?(\d{1,2})日?$/.exec(text);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : text;
}
const isoOf = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : readDate(String(v ?? '')));
function validIdNumber(id: string) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...id.slice(0, 17)].reduce((s, c, i) => s + Number(c) * w[i]!, 0);
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  const date = new Date(`${birth}T00:00:00Z`);
  return /^\d{17}[\dX]$/.test(id) && '10X98765432'[sum % 11] === id[17] && date.toISOString().startsWith(birth);
}
function validCreditCode(code: string) {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = [...code.slice(0, 17)].reduce((s, c, i) => s + alphabet.indexOf(c) * w[i]!, 0);
  return /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code) && alphabet[(31 - (sum % 31)) % 31] === code[17];
}
/** Counts n working days after `from` one calendar day at a time. */
function nthWorkingDayAfter(from: string, n: number) {
  const d = new Date(`${from}T00:00:00Z`);
  while (n > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (isWorkday(d.toISOString().slice(0, 10))) n--;
  }
  return d.toISOString().slice(0, 10);
}

describe('the county catalogue', () => {
  it('has the rows asked for, the same every time', () => {
    expect(rows).toHaveLength(2000);
    expect(countyCatalogue(30).rows).toHaveLength(30);
    expect(countyCatalogue().rows).toEqual(rows);
  });

  it('dates every row between 2015 and 2025, published on or after it was written', () => {
    for (const row of rows) {
      expect(row.writtenOn >= '2015-01-01' && row.publishedOn <= '2025-12-31').toBe(true);
      expect(row.publishedOn >= row.writtenOn).toBe(true);
      if (row.repealedOn) expect(row.repealedOn >= row.publishedOn).toBe(true);
    }
  });

  it('files about a third of its rows under names that are not 条例20 categories', () => {
    const share = rows.filter((row) => !statutoryCategories.includes(row.countyCategory)).length / rows.length;
    expect(share).toBeGreaterThan(0.28);
    expect(share).toBeLessThan(0.39);
    expect(rows.some((row) => row.countyCategory === '规范性文件' && row.expectedCategory === 1)).toBe(true);
    expect(rows.some((row) => row.countyCategory === '工作动态' && row.expectedCategory === null)).toBe(true);
  });

  it('carries validity only on normative documents, and repeal dates only on repealed ones', () => {
    for (const row of rows) {
      if (row.validity) expect(row.expectedCategory).toBe(1);
      expect(Boolean(row.repealedOn)).toBe(row.validity === '废止');
    }
  });

  it('plants one 索引号 shared by two rows, one of them without a title, and no other error', () => {
    const numbers = rows.filter((row) => row.indexNumber).map((row) => row.indexNumber);
    const repeated = numbers.filter((n, i) => numbers.indexOf(n) !== i);
    expect(repeated).toHaveLength(1);
    const pair = rows.filter((row) => row.indexNumber === repeated[0]);
    expect(pair.map((row) => row.seq)).toEqual(expectedErrors.filter((e) => e.key === 'indexNumber').map((e) => e.seq));
    expect(rows.filter((row) => !row.title).map((row) => row.seq)).toEqual([pair[1]!.seq]);
    expect(expectedErrors).toContainEqual(expect.objectContaining({ seq: pair[1]!.seq, key: 'title' }));
    for (const n of numbers) expect(n).toMatch(/^[0-9A-Z]{18}\/20(1[5-9]|2[0-5])-\d{5}$/);
    expect(validCreditCode(numbers[0]!.slice(0, 18))).toBe(true);
    const titles = rows.map((row) => row.title).filter(Boolean);
    expect(new Set(titles).size).toBe(titles.length);
    const files = rows.flatMap((row) => row.attachments);
    expect(files.length).toBeGreaterThan(100);
    expect(new Set(files).size).toBe(files.length); // one folder of attachments, matched by file name
  });

  it('exports a GBK CSV with a title line, the header, CRLF ends and mixed date forms that read back', () => {
    const buffer = countyCatalogueCsvGbk(rows);
    expect(buffer.includes(Buffer.from('信息名称'))).toBe(false); // not UTF-8
    const text = iconv.decode(buffer, 'gbk');
    expect(text.startsWith(`${catalogueTitle}\r\n${catalogueCsvHeader.join(',')}\r\n`)).toBe(true);
    expect(text.replaceAll('\r\n', '').includes('\r')).toBe(false);
    const records = parseCsv(text).slice(2);
    expect(records).toHaveLength(rows.length);
    for (const [i, record] of records.entries()) {
      const row = rows[i]!;
      expect(record.slice(0, 6)).toEqual([
        `${row.seq}`,
        row.indexNumber,
        row.title,
        row.countyCategory,
        row.topic,
        row.documentNumber,
      ]);
      expect(record.slice(6, 10).map(readDate)).toEqual([row.writtenOn, row.publishedOn, row.validity, row.repealedOn]);
      expect(record.slice(10)).toEqual([row.summary, row.body, row.attachments.join(';')]);
    }
    const dates = records.map((record) => record[7]!);
    for (const form of [/^\d{4}-\d\d-\d\d$/, /^\d{4}\/\d{1,2}\/\d{1,2}$/, /^\d{4}年\d{1,2}月\d{1,2}日$/, /^\d{8}$/]) {
      expect(dates.filter((d) => form.test(d)).length).toBeGreaterThan(100);
    }
  });

  it('exports a workbook with a merged title, 日期 merged over 成文 and 发布, and date cells among text dates', async () => {
    const sample = rows.slice(0, 300);
    const ws = await openWorkbook(await countyCatalogueXlsx(sample));
    const merges = (ws.model as { merges: string[] }).merges;
    expect(merges).toEqual(expect.arrayContaining(['A1:M1', 'G2:H2', 'A2:A3', 'C2:C3', 'M2:M3']));
    expect(ws.getCell('A1').value).toBe(catalogueTitle);
    expect([ws.getCell('G2').value, ws.getCell('G3').value, ws.getCell('H3').value]).toEqual(['日期', '成文', '发布']);
    expect(ws.getCell('A2').value).toBe('序号');
    expect(ws.rowCount).toBe(3 + sample.length);
    const published = sample.map((_, i) => ws.getRow(4 + i).getCell(8).value);
    expect(published.filter((v) => v instanceof Date).length).toBeGreaterThan(20);
    expect(published.filter((v) => typeof v === 'string' && v.includes('年')).length).toBeGreaterThan(10);
    expect(published.map(isoOf)).toEqual(sample.map((row) => row.publishedOn));
    expect(ws.getCell('A4').value).toBe(1);
  });
});

describe('the open cases of the register', () => {
  it('has fifty cases received in 2026, some on a Saturday or Sunday, numbered in receipt order', () => {
    expect(cases).toHaveLength(50);
    expect(cases.every((c) => c.receivedOn.startsWith('2026-') && c.receivedOn <= openCasesExportedOn)).toBe(true);
    const weekend = cases.filter((c) => [0, 6].includes(new Date(`${c.receivedOn}T00:00:00Z`).getUTCDay()));
    expect(weekend.length).toBeGreaterThan(3);
    expect(weekend.every((c) => c.channel === '网上申请')).toBe(true);
    expect(new Set(cases.map((c) => c.originalNumber)).size).toBe(50);
  });

  it('gives every applicant an identity number with a valid check character', () => {
    for (const c of cases) {
      const valid = c.applicantType === '自然人' ? validIdNumber(c.idNumber) : validCreditCode(c.idNumber);
      expect(valid, `${c.originalNumber} ${c.idNumber}`).toBe(true);
    }
    expect(cases.some((c) => c.applicantType === '法人')).toBe(true);
    expect(cases.filter((c) => !c.email).length).toBeGreaterThan(5);
  });

  it('records lawful steps: 补正 within 7 working days, 征求意见 within 15, 延期 approved by another person', () => {
    for (const c of cases) {
      const received = isWorkday(c.receivedOn) ? c.receivedOn : nthWorkingDayAfter(c.receivedOn, 1);
      if (c.correction) {
        expect([7, 10, 15]).toContain(c.correction.periodDays);
        expect(c.correction.notifiedOn <= nthWorkingDayAfter(received, 7)).toBe(true);
        const { receivedOn } = c.correction;
        if (receivedOn)
          expect(receivedOn <= nthWorkingDayAfter(c.correction.notifiedOn, c.correction.periodDays)).toBe(true);
      }
      const { endedOn, startedOn } = c.consultation ?? {};
      if (startedOn && endedOn) expect(endedOn <= nthWorkingDayAfter(startedOn, 15)).toBe(true);
      if (c.extension) expect([c.handler, ''].includes(c.extension.approvedBy)).toBe(false);
      for (const d of [c.correction?.notifiedOn, c.correction?.receivedOn, startedOn, endedOn, c.extension?.on]) {
        if (d) expect(d >= c.receivedOn && d <= openCasesExportedOn).toBe(true);
      }
    }
    expect(cases.filter((c) => c.extension)).toHaveLength(10);
    expect(cases.filter((c) => c.correction && !c.correction.receivedOn).length).toBeGreaterThan(3);
  });

  it('counts working days as the regulation’s worked example does', () => {
    expect(addWorkingDays('2026-09-21', 20)).toBe('2026-10-26');
    expect(addWorkingDays('2026-09-21', 7)).toBe('2026-10-08');
  });

  it('hand-counted deadlines agree with a day-by-day count on the 2026 calendar', () => {
    const pinned = cases.filter((c) => c.expectedDue);
    expect(pinned).toHaveLength(10);
    for (const c of pinned) {
      let start = c.correction?.receivedOn ?? c.receivedOn;
      if (!isWorkday(start)) start = nthWorkingDayAfter(start, 1);
      let left = 20;
      const s = c.consultation;
      if (s?.endedOn) {
        for (let d = start; d < s.startedOn; d = nthWorkingDayAfter(d, 1)) left--;
        start = s.endedOn;
      }
      const due = nthWorkingDayAfter(start, left + (c.extension ? 20 : 0));
      expect(due, c.originalNumber).toBe(c.expectedDue);
      expect(due > openCasesExportedOn && due <= '2026-12-31').toBe(true);
    }
  });

  it('exports the register as GBK CSV and as a workbook with date cells and a merged title', async () => {
    const text = iconv.decode(countyOpenCasesCsvGbk(cases), 'gbk');
    const [header, ...records] = parseCsv(text);
    expect(header).toEqual(openCasesHeader);
    expect(records.map((r) => [r[0], readDate(r[1]!), r[7]])).toEqual(
      cases.map((c) => [c.originalNumber, c.receivedOn, c.idNumber]),
    );
    const ws = await openWorkbook(await countyOpenCasesXlsx(cases));
    expect((ws.model as { merges: string[] }).merges).toContain('A1:X1');
    expect(ws.getRow(2).values).toEqual([undefined, ...openCasesHeader]);
    expect(cases.map((_, i) => isoOf(ws.getRow(3 + i).getCell(2).value))).toEqual(cases.map((c) => c.receivedOn));
    expect(ws.getRow(3).getCell(2).value).toBeInstanceOf(Date);
    expect(cases.some((_, i) => typeof ws.getRow(3 + i).getCell(10).value === 'number')).toBe(true);
  });
});

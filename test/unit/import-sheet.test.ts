/**
 * The console's reader of an office's spreadsheet (bundled for the browser, run here in Node): a
 * GBK CSV as Excel saves it, an XLSX whose header has a merged title row and a merged group over
 * two date columns, and a zip of attachments; then the rows through the import's own checks.
 */
import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { checkCatalogueRows } from '#core/catalogue-import.ts';
import { parseDate } from '#core/dates.ts';
import { decodeText, filesOfZip, readSheet, rowsFromGrid } from '../../web/import/sheet.js';

const context = { agencyId: 'lushuihe', agencyKind: 'town' as const, today: '2026-12-06' };

describe('reading the old catalogue', () => {
  it('reads a CSV saved in GBK, with its rows numbered as the sheet numbers them', async () => {
    const csv = [
      '名称,信息类别,主题分类,文号,成文日期,发布日期,索引号,内容概述',
      '露水河镇2017年安全生产工作要点,其他应当主动公开的信息,市场监管、安全生产监管,露政发〔2017〕5号,2017年3月6日,2017/3/8,013869317/2017-00005,印发工作要点。',
      ',,,,,,,',
      '"露水河镇关于""十三五""规划的说明",规划信息,综合政务,,2017-04-01,2017-04-05,,规划说明，含逗号',
    ].join('\r\n');
    const bytes = new Uint8Array(iconv.encode(csv, 'gbk'));
    expect(decodeText(bytes)).toBe(csv);
    const { rows, columns } = await readSheet('目录.csv', bytes);
    expect(Object.keys(columns)).toHaveLength(8);
    expect(rows.map((r) => r.row)).toEqual([2, 4]);
    expect(rows[1]).toMatchObject({ title: '露水河镇关于"十三五"规划的说明', summary: '规划说明，含逗号' });
    const checked = checkCatalogueRows(rows, context);
    expect(checked.errors).toEqual([]);
    expect(checked.rows.map((r) => [r.row, r.content.writtenOn, r.publishedOn])).toEqual([
      [2, '2017-03-06', '2017-03-08'],
      [4, '2017-04-01', '2017-04-05'],
    ]);
  });

  it('reads an XLSX with a merged title row and a merged group header over the dates', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('目录');
    sheet.addRow(['露水河镇政府信息公开目录（2017年）']);
    sheet.mergeCells('A1:F1');
    sheet.addRow(['名称', '信息类别', '主题分类', '日期', '', '附件']);
    sheet.mergeCells('D2:E2');
    sheet.addRow(['', '', '', '成文', '发布', '']);
    sheet.addRow([
      '露水河镇2017年财政预算',
      '财政预算决算',
      '财政、金融、审计',
      new Date(Date.UTC(2017, 1, 20)),
      42794,
      '预算表.pdf；说明.docx',
    ]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const { rows, columns } = await readSheet('目录.xlsx', bytes);
    expect(columns).toMatchObject({ title: '名称', writtenOn: '成文', publishedOn: '发布', attachments: '附件' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ row: 4, writtenOn: '2017-02-20', publishedOn: 42794 });
    const checked = checkCatalogueRows(rows, context);
    expect(checked.errors.map((e) => e.message)).toEqual(['第 4 行 内容概述：内容概述和正文至少填写一项']);
    expect(parseDate(42794)).toBe('2017-02-28');
  });

  it('finds no rows in a sheet without a header it knows, and refuses other formats', async () => {
    expect(
      rowsFromGrid([
        ['甲', '乙'],
        ['1', '2'],
      ]).rows,
    ).toEqual([]);
    await expect(readSheet('目录.xls', new Uint8Array([0xd0, 0xcf]))).rejects.toThrow('只能导入 CSV');
  });

  it('unpacks a zip of attachments by their file names, folders left out', () => {
    const zip = zipSync({ '附件/预算表.pdf': new TextEncoder().encode('%PDF-1.4'), '附件/': new Uint8Array() });
    expect(filesOfZip(zip).map((f) => f.name)).toEqual(['预算表.pdf']);
  });
});

describe('every kind of error a row can have', () => {
  it('names each by row and field', () => {
    const { errors, rows } = checkCatalogueRows(
      [
        {},
        {
          title: 'x'.repeat(201),
          category: 'agriculture',
          topic: '其他',
          writtenOn: '2017-1-1',
          publishedOn: '2016-12-31',
          summary: 's',
        },
        {
          title: 't',
          category: '规章',
          writtenOn: '1900-01-01',
          publishedOn: '2027-01-01',
          validity: '已废止',
          summary: 's',
        },
        {
          title: 't',
          category: 'finance',
          writtenOn: '2017-01-01',
          publishedOn: '2017-01-02',
          summary: 's',
          attachments: ['a.pdf', 'a.pdf'],
        },
      ],
      { ...context, agencyKind: 'department' },
    );
    expect(rows).toEqual([]);
    expect(errors.map((e) => `${e.row}:${e.field}`)).toEqual([
      '1:title',
      '1:category',
      '1:writtenOn',
      '1:publishedOn',
      '1:summary',
      '2:title',
      '2:category',
      '2:publishedOn',
      '3:writtenOn',
      '3:publishedOn',
      '3:repealedOn',
      '4:attachments',
    ]);
    expect(errors.find((e) => e.row === 2 && e.field === 'category')?.message).toContain('仅适用于乡镇人民政府');
  });
});

/**
 * The import's templates (历史信息导入): made from the importers' own column definitions, headed by
 * exactly the columns each importer takes, and a template filled in with the examples its 填写说明
 * gives goes through the console's reader and the importer's checks without an error.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { organisationTypes } from '#core/application.ts';
import { WorkingCalendar } from '#core/calendar.ts';
import { caseColumns, checkCaseRows } from '#core/case-import.ts';
import { catalogueColumns, checkCatalogueRows } from '#core/catalogue-import.ts';
import {
  caseHeaderAliases,
  decodeText,
  headerAliases,
  importColumns,
  readSheet,
  templateFile,
} from '../../web/import/sheet.js';

const today = '2026-12-07';
const kinds = {
  publications: {
    columns: catalogueColumns,
    names: headerAliases,
    check: (rows: Record<string, unknown>[]) =>
      checkCatalogueRows(rows, { agencyId: 'lushuihe', agencyKind: 'town', today }).errors,
  },
  applications: {
    columns: caseColumns,
    names: caseHeaderAliases,
    check: (rows: Record<string, unknown>[]) =>
      checkCaseRows(rows, { calendar: new WorkingCalendar(), today, actor: { username: 'lsh-handler' } }).errors,
  },
} as const;

/** The examples of the 填写说明, in the header's order: one row. */
const exampleRow = (kind: keyof typeof kinds) => importColumns[kind].map((c) => c.example);

/** A CSV template with the example row typed under its header, as Excel would save it (UTF-8, each field quoted). */
function filledCsv(template: Uint8Array, row: string[]) {
  const line = row.map((value) => `"${value.replaceAll('"', '""')}"`).join(',');
  return new TextEncoder().encode(`${decodeText(template)}${line}\r\n`);
}

/** An XLSX template with the example row typed into its first sheet. */
async function filledXlsx(template: Uint8Array, row: string[]) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(template as never);
  workbook.worksheets[0]!.addRow(row);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe('the import templates', () => {
  for (const kind of ['publications', 'applications'] as const)
    for (const format of ['csv', 'xlsx'] as const) {
      it(`give exactly the ${kind} importer's columns, and the ${format.toUpperCase()} filled with the examples imports without an error`, async () => {
        const { columns, names, check } = kinds[kind];
        const template = await templateFile(kind, format);

        const header = await readSheet(`模板.${format}`, template, names);
        const expected = Object.fromEntries(Object.entries(columns));
        expect(header.rows).toEqual([]);
        expect(header.unknown).toEqual([]);

        const row = exampleRow(kind);
        const filled = format === 'csv' ? filledCsv(template, row) : await filledXlsx(template, row);
        const read = await readSheet(`模板.${format}`, filled, names);
        expect(read.columns).toEqual(expected);
        expect(read.unknown).toEqual([]);
        expect(read.rows).toHaveLength(1);
        expect(check(read.rows)).toEqual([]);
      });
    }

  it('list in the XLSX template what to write in every column, beside its example', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await templateFile('publications', 'xlsx')) as never);
    const guide = workbook.getWorksheet('填写说明')!;
    const listed = guide.getColumn(1).values.slice(2);
    expect(listed).toEqual(Object.values(catalogueColumns));
    expect(guide.getRow(2).values).toEqual([undefined, '名称', expect.stringContaining('必填'), expect.any(String)]);
  });

  it("name every organisation type in 法人类别's requirement", () => {
    const rule = importColumns.applications.find((c) => c.field === 'orgType')!.rule;
    for (const label of Object.values(organisationTypes)) expect(rule).toContain(label);
  });
});

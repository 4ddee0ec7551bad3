// @ts-check
// Reading an office's spreadsheet for an import, in the browser (bundled into assets/vendor/ and
// loaded by the console only when staff open the import): CSV in UTF-8 or GBK through Papa Parse,
// XLSX through ExcelJS (merged header cells as their master's value), a zip of attachments through
// fflate. The rows go to the API as they are read; the API checks them.
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import Papa from 'papaparse';
import { caseColumns, catalogueColumns } from '../../functions/core/import-columns.ts';
import { caseGuide, catalogueGuide } from '../../functions/core/import-guides.ts';

/**
 * Each column's names: its own first (the importer's, which the template's header gives), then the
 * names offices use for it.
 * @param {Record<string, string>} labels
 * @param {Record<string, string[]>} others
 * @returns {Record<string, string[]>}
 */
const named = (labels, others) =>
  Object.fromEntries(Object.entries(labels).map(([field, label]) => [field, [label, ...(others[field] ?? [])]]));

/** Header names of the catalogue's columns, by the API's field names. */
export const headerAliases = named(catalogueColumns, {
  title: ['标题', '信息名称', '文件名称', '信息标题'],
  category: ['类别', '公开类别', '分类', '所属分类', '所属栏目', '栏目', '栏目名称', '信息分类', '公开目录'],
  topic: ['主题'],
  documentNumber: ['发文字号', '发文文号'],
  writtenOn: ['成文时间', '印发日期'],
  publishedOn: ['发布时间', '公开日期', '公开时间'],
  validity: ['效力状态', '时效性'],
  repealedOn: ['失效日期'],
  summary: ['摘要', '内容摘要'],
  body: ['内容', '全文'],
  attachments: ['附件名称', '附件文件名'],
});

/** Header names of the carried-over cases' columns, by the API's field names. */
export const caseHeaderAliases = named(caseColumns, {
  oldNumber: ['原受理编号', '编号'],
  receivedOn: ['收到日期', '受理日期', '申请日期'],
  applicantType: ['申请人类别'],
  orgType: ['法人或其他组织类别', '单位类型'],
  name: ['申请人', '姓名', '申请人姓名', '申请人姓名/名称', '申请人名称'],
  idNumber: ['身份证号码'],
  phone: ['电话'],
  email: ['邮箱'],
  address: ['地址', '联系地址'],
  delivery: ['获取信息方式', '信息提供方式', '提供方式'],
  channel: ['提交方式', '申请途径'],
  title: ['所需信息', '申请内容', '申请公开的信息', '所需政府信息'],
  description: ['描述'],
  correctionItems: ['补正事项'],
  correctionPeriodDays: ['补正期限', '补正期限(工作日)'],
  consultationSentOn: ['征求意见开始日期', '征求意见发出日期'],
  consultationRepliedOn: ['征求意见结束日期', '意见反馈日期'],
  extensionRequestedBy: ['经办人'],
  extensionApprovedBy: ['批准人', '审批人'],
});

const clean = (/** @type {unknown} */ value) =>
  String(value ?? '')
    .normalize('NFKC')
    .replace(/\s+/g, '');

/** @type {Record<string, string[]>} */
let aliases = headerAliases;
/** @param {string} text */
const fieldOf = (text) => Object.entries(aliases).find(([, names]) => names.some((n) => clean(n) === clean(text)))?.[0];

/**
 * Rows of cells to the API's rows: the header row is the first (of the first ten) naming at least
 * three known columns; a header cell under a merged group (日期 over 成文/发布) is matched as
 * child + parent (成文 + 日期) too. Each row keeps its number in the sheet; empty rows are left out.
 * @param {unknown[][]} grid
 * @param {Record<string, string[]>} [names] the columns' names (the catalogue's by default)
 * @returns {{ rows: Record<string, unknown>[], columns: Record<string, string>, unknown: string[] }}
 */
export function rowsFromGrid(grid, names = headerAliases) {
  aliases = names;
  let headerAt = -1;
  /** @type {(string | undefined)[]} */
  let fields = [];
  for (let r = 0; r < Math.min(grid.length, 10) && headerAt < 0; r++) {
    const above = r > 0 ? (grid[r - 1] ?? []) : [];
    const cells = grid[r] ?? [];
    const found = cells.map((cell, c) => {
      const text = String(cell ?? '');
      return (
        fieldOf(text) ?? (above[c] ? (fieldOf(text + String(above[c])) ?? fieldOf(String(above[c]) + text)) : undefined)
      );
    });
    if (new Set(found.filter(Boolean)).size >= 3) {
      headerAt = r;
      fields = found;
    }
  }
  // A second header row under merged groups (成文 and 发布 under 日期): its columns complete the first.
  const below = grid[headerAt + 1] ?? [];
  const parent = grid[headerAt] ?? [];
  const completed = fields.map((field, c) => {
    const child = String(below[c] ?? '');
    if (!child.trim() || (field && parent[c] !== parent[c - 1] && parent[c] !== parent[c + 1])) return field;
    return (
      fieldOf(child + String(parent[c] ?? '')) ?? fieldOf(String(parent[c] ?? '') + child) ?? fieldOf(child) ?? field
    );
  });
  let header = parent;
  if (headerAt >= 0 && completed.some((field, c) => field !== fields[c])) {
    fields = completed;
    header = parent.map((p, c) => (String(below[c] ?? '').trim() ? below[c] : p));
    headerAt += 1;
  }
  if (headerAt < 0) return { rows: [], columns: {}, unknown: [] };
  /** @type {Record<string, string>} */
  const columns = {};
  const unknownColumns = [];
  for (const [c, field] of fields.entries()) {
    if (field && !(field in columns)) columns[field] = String(header[c]);
    else if (!field && String(header[c] ?? '').trim()) unknownColumns.push(String(header[c]));
  }
  const rows = [];
  for (let r = headerAt + 1; r < grid.length; r++) {
    const cells = grid[r] ?? [];
    if (!cells.some((cell) => String(cell ?? '').trim())) continue;
    /** @type {Record<string, unknown>} */
    const row = { row: r + 1 };
    for (const [c, field] of fields.entries()) if (field && row[field] === undefined) row[field] = cells[c] ?? '';
    rows.push(row);
  }
  return { rows, columns, unknown: unknownColumns };
}

/** Text of a CSV file: UTF-8 (with or without its mark), else GB18030 (GBK), as offices' Excel saves it. @param {Uint8Array} bytes */
export function decodeText(bytes) {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** A date cell as YYYY-MM-DD (ExcelJS gives dates as UTC midnight). @param {unknown} value */
const cellValue = (value) => {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (value && typeof value === 'object') {
    const v = /** @type {any} */ (value);
    if (v.richText) return v.richText.map((/** @type {{ text: string }} */ t) => t.text).join('');
    if (v.text !== undefined) return String(v.text);
    if (v.result !== undefined) return cellValue(v.result);
  }
  return value ?? '';
};

/**
 * A spreadsheet's rows, by its name's extension: .csv or .xlsx (the first worksheet).
 * @param {string} name @param {Uint8Array} bytes @param {Record<string, string[]>} [names]
 */
export async function readSheet(name, bytes, names = headerAliases) {
  if (/\.csv$/i.test(name)) {
    const parsed = Papa.parse(decodeText(bytes), { skipEmptyLines: false });
    return rowsFromGrid(/** @type {unknown[][]} */ (parsed.data), names);
  }
  if (/\.xlsx$/i.test(name)) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(/** @type {any} */ (bytes));
    const sheet = workbook.worksheets[0];
    /** @type {unknown[][]} */
    const grid = [];
    sheet?.eachRow({ includeEmpty: true }, (row, n) => {
      const cells = [];
      for (let c = 1; c <= sheet.columnCount; c++) {
        const cell = row.getCell(c);
        // A merged cell reads as its master's value (a group header over several columns).
        cells.push(cellValue(cell.isMerged ? cell.master.value : cell.value));
      }
      grid[n - 1] = cells;
    });
    for (let i = 0; i < grid.length; i++) grid[i] ??= [];
    return rowsFromGrid(grid, names);
  }
  throw new Error('只能导入 CSV（UTF-8 或 GBK 编码）或 XLSX 格式的电子表格');
}

/** The files of a zip of attachments, by their names (folders left out). @param {Uint8Array} bytes */
export function filesOfZip(bytes) {
  const entries = unzipSync(bytes);
  return Object.entries(entries)
    .filter(([path]) => !path.endsWith('/'))
    .map(([path, data]) => ({ name: path.split('/').pop() ?? path, data }));
}

/**
 * The rows in calls of at most `size`, rows that give the same 索引号 in the same call (next to the
 * first of them), so the check, which compares the rows of a call, sees every repeat in the sheet.
 * @param {Record<string, unknown>[]} rows
 * @param {number} size
 */
export function callsOf(rows, size) {
  /** @type {Map<string, Record<string, unknown>[]>} */
  const groups = new Map();
  /** @type {Record<string, unknown>[][]} */
  const ordered = [];
  for (const row of rows) {
    const key = clean(row.indexNumber);
    const group = key ? groups.get(key) : undefined;
    if (group) group.push(row);
    else {
      const fresh = [row];
      if (key) groups.set(key, fresh);
      ordered.push(fresh);
    }
  }
  /** @type {Record<string, unknown>[][]} */
  const calls = [];
  let call = /** @type {Record<string, unknown>[]} */ ([]);
  for (const group of ordered) {
    if (call.length && call.length + group.length > size) {
      calls.push(call);
      call = [];
    }
    call.push(...group);
  }
  if (call.length) calls.push(call);
  return calls;
}

/**
 * @typedef {{ field: string, label: string, rule: string, example: string }} ImportColumn
 * @param {Record<string, string>} labels
 * @param {Record<string, { rule: string, example: string }>} guide
 * @returns {ImportColumn[]}
 */
const columnList = (labels, guide) =>
  Object.entries(labels).map(([field, label]) => ({ field, label, ...(guide[field] ?? { rule: '', example: '' }) }));

/** The columns each import takes, in the importer's order, with what to write in each: the console's list and the templates. */
export const importColumns = {
  publications: columnList(catalogueColumns, catalogueGuide),
  applications: columnList(caseColumns, caseGuide),
};

/** What a template is called when saved. */
export const templateNames = { publications: '主动公开信息目录导入模板', applications: '在办申请导入模板' };

/**
 * A template to fill in: an empty sheet headed by the columns' names (its cells text, so an ID number
 * or a date stays as typed); an XLSX has a second sheet, 填写说明, with each column's requirement and
 * an example. CSV in UTF-8 with its mark, so Excel opens it in Chinese.
 * @param {keyof typeof importColumns} kind
 * @param {'csv' | 'xlsx'} format
 * @returns {Promise<Uint8Array>}
 */
export async function templateFile(kind, format) {
  const columns = importColumns[kind];
  const header = columns.map((c) => c.label);
  if (format === 'csv') return new TextEncoder().encode(`\uFEFF${Papa.unparse([header])}\r\n`);
  const workbook = new ExcelJS.Workbook();
  const data = workbook.addWorksheet(kind === 'publications' ? '信息目录' : '在办申请', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  data.addRow(header).font = { bold: true };
  header.forEach((name, i) => {
    const column = data.getColumn(i + 1);
    column.width = Math.max(12, name.length * 2 + 4);
    column.numFmt = '@';
  });
  const guide = workbook.addWorksheet('填写说明');
  guide.addRow(['列名', '填写要求', '示例']).font = { bold: true };
  for (const c of columns) guide.addRow([c.label, c.rule, c.example]);
  guide.getColumn(1).width = 20;
  guide.getColumn(2).width = 90;
  guide.getColumn(3).width = 40;
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

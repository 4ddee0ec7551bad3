// @ts-check
// Reading an office's spreadsheet for an import, in the browser (bundled into assets/vendor/ and
// loaded by the console only when staff open the import): CSV in UTF-8 or GBK through Papa Parse,
// XLSX through ExcelJS (merged header cells as their master's value), a zip of attachments through
// fflate. The rows go to the API as they are read; the API checks them.
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import Papa from 'papaparse';

/** Header names offices use for each column, by the API's field names. */
export const headerAliases = {
  title: ['名称', '标题', '信息名称', '文件名称', '信息标题'],
  category: [
    '信息类别',
    '类别',
    '公开类别',
    '分类',
    '所属分类',
    '所属栏目',
    '栏目',
    '栏目名称',
    '信息分类',
    '公开目录',
  ],
  topic: ['主题分类', '主题'],
  documentNumber: ['文号', '发文字号', '发文文号'],
  writtenOn: ['成文日期', '成文时间', '印发日期'],
  publishedOn: ['发布日期', '发布时间', '公开日期', '公开时间'],
  indexNumber: ['索引号'],
  validity: ['有效性', '效力状态', '时效性'],
  repealedOn: ['废止日期', '失效日期'],
  summary: ['内容概述', '摘要', '内容摘要'],
  body: ['正文', '内容', '全文'],
  attachments: ['附件', '附件名称', '附件文件名'],
};

/** The columns of carried-over cases (the API's names), by the names offices use. */
export const caseHeaderAliases = {
  oldNumber: ['原编号', '原受理编号', '编号'],
  receivedOn: ['收到申请日期', '收到日期', '受理日期', '申请日期'],
  applicantType: ['申请人类型', '申请人类别'],
  orgType: ['法人类别', '法人或其他组织类别', '单位类型'],
  name: ['姓名或名称', '申请人', '姓名', '申请人姓名', '申请人姓名/名称', '申请人名称'],
  idType: ['证件类型'],
  idNumber: ['证件号码', '身份证号码'],
  creditCode: ['统一社会信用代码'],
  legalRepresentative: ['法定代表人'],
  contactName: ['联系人'],
  phone: ['联系电话', '电话'],
  email: ['电子邮箱', '邮箱'],
  address: ['通讯地址', '地址', '联系地址'],
  delivery: ['获取方式', '获取信息方式', '信息提供方式', '提供方式'],
  channel: ['申请方式', '提交方式', '申请途径'],
  title: ['所需信息名称', '所需信息', '申请内容', '申请公开的信息', '所需政府信息'],
  description: ['所需信息描述', '描述'],
  correctionRequestedOn: ['补正告知日期'],
  correctionItems: ['补正内容', '补正事项'],
  correctionPeriodDays: ['补正期限（工作日）', '补正期限', '补正期限(工作日)'],
  correctionReceivedOn: ['收到补正日期'],
  consultationSentOn: ['征求意见日期', '征求意见开始日期', '征求意见发出日期'],
  consultationParty: ['征求意见对象'],
  consultationRepliedOn: ['收到意见日期', '征求意见结束日期', '意见反馈日期'],
  extensionOn: ['延期日期'],
  extensionDays: ['延期工作日数'],
  extensionReason: ['延期理由'],
  extensionRequestedBy: ['延期申请人', '经办人'],
  extensionApprovedBy: ['延期批准人', '批准人', '审批人'],
};

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

/**
 * 个人信息检查's scanner: the personal numbers in text segments — 居民身份证号码 (GB 11643), mobile
 * numbers, bank card numbers — read as a reviewer reads a notice. Pure and linear in the text.
 *
 * - The characters are folded first (full-width digits and hyphens, en-dashes, soft hyphens and
 *   zero-width characters, ideographic spaces, a +86 country code), keeping each one's place in the
 *   original for excerpts and cells.
 * - A number is a chain of digit groups: groups joined by one kind of separator (space, hyphen, dot,
 *   slash: 2206 2119 8003 1500 14, 2 2 0 6 …), a line break inside it (a narrow column, a <br>), or
 *   table cells (the 18 boxes of a 申请表, 6 + 12 digits in two spreadsheet cells).
 * - The label beside it decides in both directions, as a reviewer decides: the words before it or
 *   its column's header. 准考证号, 注册号, 单位账户 … clear what only looks personal; 身份证号, 手机,
 *   卡号 … raise what fails a check digit (a mistyped number is still a person's).
 * - A number Excel kept in scientific notation (2.20621E+17, 15 significant digits) under such a
 *   label, or still shaped like an ID, is a finding marked as damaged.
 * - Excerpts mask every long run of digits, found or not.
 */
import { Parser } from 'htmlparser2';
import { isCreditCode, isResidentIdNumber } from './identity.ts';
import type { PrivacyFinding, PrivacyWhere, TextSegment } from './privacy.ts';

export type NumberKind = 'idNumber' | 'mobile' | 'bankCard';

/** A personal number found: where in the folded text, its digits, and whether the file kept it whole. */
interface Hit {
  kind: NumberKind;
  start: number;
  end: number;
  digits: string;
  /** Stored as a number in scientific notation: the digits after the 15th are lost. */
  damaged?: boolean;
}

// 行政区划代码: the provinces' first two digits (including 71 台湾, 81 香港, 82 澳门).
const provinces = new Set(
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82'.split(' '),
);

const validDate = (year: number, month: number, day: number) => {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

/** An 18-character number a person could hold: a province, a birth date from 1900 to now, the check character. */
export function isPlausibleIdNumber(value: string, thisYear = new Date().getUTCFullYear()): boolean {
  if (!provinces.has(value.slice(0, 2)) || !isResidentIdNumber(value)) return false;
  const year = Number(value.slice(6, 10));
  return year >= 1900 && year <= thisYear;
}

/** A 15-digit number of the first generation (before 1999): a province and a birth date 19YYMMDD. */
export function isOldIdNumber(value: string): boolean {
  if (!/^\d{15}$/.test(value) || !provinces.has(value.slice(0, 2))) return false;
  return validDate(1900 + Number(value.slice(6, 8)), Number(value.slice(8, 10)), Number(value.slice(10, 12)));
}

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** A region, then a year, month and day: an identity number, even if its check character fails. */
const idShaped = (digits: string) =>
  digits.length === 18 &&
  provinces.has(digits.slice(0, 2)) &&
  /^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/.test(digits.slice(6, 14));
const isMobile = (digits: string) => /^1[3-9]\d{9}$/.test(digits);
/** Card numbers of the schemes issued in China (UnionPay 62, Visa 4, Mastercard 5, JCB/Amex 3), 16 to 19 digits. */
const cardShaped = (digits: string) => /^[3-6]\d{15,18}$/.test(digits) && !idShaped(digits);

// ---- the label beside a number ----

/** What a label says a number is; `other` is a number that is not a person's (准考证号, 注册号, 单位账户 …). */
type Label = 'id' | 'phone' | 'bank' | 'other';

/**
 * Label words, as notices, forms and spreadsheets write them (and their pinyin, which PDFs made without
 * a Chinese font and some systems' column names use). The match ending nearest the number decides;
 * at the same end, the longer.
 */
const labelWords: [Label, RegExp][] = [
  [
    'other',
    /准考证|考生号|考号|报名序号|报名号|序号|注册号|执照号|信用代码|机构代码|纳税人识别号|税号|对公|单位账[户号]|单位帐[户号]|基本[账帐]户|专户|汇缴|结算户|索引号|文号|编号|单元号|宗地|邮编|邮政编码|订单号|流水号|票据号|发票号|zhunkaozheng|kaohao|baomingxuhao|xuhao|zhucehao|bianhao/gi,
  ],
  ['id', /身份证|身份号码|公民身份|证件号|居民身份|sfzh?|idcard|id_?no|shenfenzheng|zjhm/gi],
  ['phone', /手机|电话|联系方式|tel|mobile|phone|shouji|dianhua/gi],
  ['bank', /银行卡|卡号|账号|帐号|账户|帐户|存折|社保卡|kahao|zhanghao|zhanghu|account/gi],
];

/** All the label words in one pattern, a group for each kind, in the order of `labelWords`. */
const anyLabel = new RegExp(labelWords.map(([, words]) => `(${words.source})`).join('|'), 'gi');

function labelOf(words: string): Label | undefined {
  let best: { label: Label; end: number; length: number } | undefined;
  for (let at = 0; at < words.length; at++) {
    // Every match, overlapping ones too (报名序号 and 序号 end alike; the longer decides).
    anyLabel.lastIndex = at;
    const m = anyLabel.exec(words);
    if (!m) break;
    at = m.index;
    const label = labelWords[m.slice(1).findIndex(Boolean)]![0];
    const end = m.index + m[0].length;
    if (!best || end > best.end || (end === best.end && m[0].length > best.length))
      best = { label, end, length: m[0].length };
  }
  return best?.label;
}

/** Where a clause ends (a cell, a line, a sentence's punctuation, another number). */
const clauseEnd = /[\n\t\u2028，,。；;、|&?\d]/;

/**
 * The words just before a number (公民身份号码：, 联系电话, ?sfz=), or, when the number opens its cell,
 * the cell to its left (the 申请表's 公民身份号码 beside its boxes).
 */
function wordsBefore(text: string, start: number): string {
  let at = start;
  while (at > 0 && /[ :：=＝#"'(（[【]/.test(text[at - 1]!)) at -= 1;
  let from = at;
  while (from > 0 && at - from < 24 && !clauseEnd.test(text[from - 1]!)) from -= 1;
  if (from === at && text[at - 1] === '\t') {
    at -= 1;
    from = at;
    while (from > 0 && at - from < 24 && !/[\n\t]/.test(text[from - 1]!)) from -= 1;
  }
  return text.slice(from, at);
}

/**
 * The tables in a segment (lines of tab-separated cells): for each line, its header line's cells and
 * the column its first cell is in. A table's first line of words without a long number is its header
 * (a later one only if it has no digit at all); a row broken over two lines (a line break inside a
 * cell) continues its columns on the next line.
 */
interface TableLine {
  start: number;
  header?: string[];
  base: number;
}
function tableLines(text: string): TableLine[] {
  const lines: TableLine[] = [];
  const rows = text.split('\n');
  let header: string[] | undefined;
  let rowCells = 0;
  let start = 0;
  for (const [n, line] of rows.entries()) {
    const tabs = line.split('\t').length - 1;
    if (!tabs) {
      // A line without cells ends the table, unless a row broken in its last cell goes on below it.
      if (!rows[n + 1]?.includes('\t')) header = undefined;
      lines.push({ start, base: Math.max(0, rowCells - 1), ...(header && { header }) });
    } else if (/\p{L}/u.test(line) && (header ? !/\d/.test(line) : !/\d{5}/.test(line.replace(/[ \-./*]/g, '')))) {
      header = line.split('\t').map((c) => c.trim());
      rowCells = header.length;
      lines.push({ start, base: 0 });
    } else {
      const continues = header !== undefined && rowCells < header.length;
      const base = continues ? rowCells - 1 : 0;
      rowCells = continues ? rowCells + tabs : tabs + 1;
      lines.push({ start, base, ...(header && { header }) });
    }
    start += line.length + 1;
  }
  return lines;
}

/** The header of the column a position is in, if it stands in a table with one. */
function columnHeader(text: string, lines: TableLine[], at: number): string | undefined {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines[mid]!.start <= at) lo = mid;
    else hi = mid - 1;
  }
  const line = lines[lo]!;
  if (!line.header) return undefined;
  let column = line.base;
  for (let i = line.start; i < at; i++) if (text[i] === '\t') column += 1;
  return line.header[column];
}

// ---- folding the characters ----

/** The folded text and, where characters were dropped, each one's place in the original (else the same). */
interface Folded {
  text: string;
  at?: number[];
}
/** What may need folding: full-width forms, dashes, spaces of other widths, invisible characters, line ends. */
const foldable =
  /[\uFF0B\uFF0D-\uFF0F\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\u2010-\u2014\u2212\uFE63\u3000\u00A0\u2002-\u200A\u202F\u00AD\u200B-\u200D\u2060\uFEFF\r\u2029]/;
const invisible = (code: number) =>
  code === 0xad || (code >= 0x200b && code <= 0x200d) || code === 0x2060 || code === 0xfeff;
function foldChar(code: number): string {
  // Full-width digits, letters and the signs numbers are grouped with (０-９, Ｘ, ＋, ．, ／).
  if ((code >= 0xff10 && code <= 0xff19) || (code >= 0xff21 && code <= 0xff3a) || (code >= 0xff41 && code <= 0xff5a))
    return String.fromCharCode(code - 0xfee0);
  if (code === 0xff0b || code === 0xff0e || code === 0xff0f) return String.fromCharCode(code - 0xfee0);
  if ((code >= 0x2010 && code <= 0x2014) || code === 0x2212 || code === 0xfe63 || code === 0xff0d) return '-';
  if (code === 0x3000 || code === 0xa0 || (code >= 0x2002 && code <= 0x200a) || code === 0x202f) return ' ';
  if (code === 0x2029) return '\n';
  return String.fromCharCode(code);
}
export function fold(raw: string): Folded {
  let text = raw;
  let at: number[] | undefined;
  if (foldable.test(raw)) {
    const out: string[] = [];
    const places: number[] = [];
    let dropped = false;
    for (let i = 0; i < raw.length; i++) {
      const code = raw.charCodeAt(i);
      if (invisible(code) || (code === 13 && raw.charCodeAt(i + 1) === 10)) {
        dropped = true;
        continue;
      }
      out.push(code === 13 ? '\n' : foldChar(code));
      places.push(i);
    }
    places.push(raw.length);
    text = out.join('');
    if (dropped) at = places;
  }
  // A country code before a mobile (+86, +86 , 0086, (+86)) is not part of the number.
  if (text.includes('86'))
    text = text.replace(/(?:\(\+?86\)|\+86|(?<![\d ./-])0086)[ -]?(?=1[3-9]\d)/g, (m) => '#'.repeat(m.length));
  return { text, ...(at && { at }) };
}

// ---- digit groups and their chains ----

interface Group {
  start: number;
  end: number;
  digits: string;
  /** An ASCII letter touches it (a 不动产单元号's JC12345F…, a credit code's MA0Y…). */
  glued: boolean;
}
type Separator = { kind: 'tight'; char: string } | { kind: 'break' } | { kind: 'cell' } | undefined;

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isLetter = (c: string | undefined) => c !== undefined && /[A-Za-z]/.test(c);

/** Scientific notation as Excel writes a long number (2.20621E+17): its place, mantissa digits and length. */
const scientific = /(?<![\d.])(\d)\.(\d+)[Ee]\+?(\d{1,2})(?![\d.])/g;

function groupsOf(text: string, skip: (i: number) => number): Group[] {
  const groups: Group[] = [];
  const next = /[0-9Xx]/g;
  for (let m = next.exec(text); m; m = next.exec(text)) {
    const i = skip(m.index);
    if (i !== m.index) {
      next.lastIndex = i;
      continue;
    }
    if (isDigit(text[i])) {
      let j = i;
      while (isDigit(text[j])) j += 1;
      if ((text[j] === 'X' || text[j] === 'x') && !/[0-9A-Za-z]/.test(text[j + 1] ?? '')) j += 1;
      groups.push({
        start: i,
        end: j,
        digits: text.slice(i, j).toUpperCase(),
        glued: isLetter(text[i - 1]) || isLetter(text[j]),
      });
      next.lastIndex = j;
    } else if (isDigit(text[i - 2]) && /[ \-./\t]/.test(text[i - 1]!) && !/[0-9A-Za-z]/.test(text[i + 1] ?? '')) {
      // The check character written as a group of its own (… 4 5 X).
      groups.push({ start: i, end: i + 1, digits: 'X', glued: false });
    }
  }
  return groups;
}

function separatorOf(between: string): Separator {
  if (between.length > 5) return undefined;
  if (/^ {1,2}$/.test(between)) return { kind: 'tight', char: ' ' };
  if (between.length === 1 && '-./'.includes(between)) return { kind: 'tight', char: between };
  if (/^ *[\n\u2028] *$/.test(between)) return { kind: 'break' };
  if (/^ *\t *$/.test(between)) return { kind: 'cell' };
  return undefined;
}

/** Sums of money and decimals are not personal data: 13812345678元, ￥6222…, 0.138… */
function isAmount(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 2), start);
  const after = text.slice(end, end + 5);
  return /[¥￥$.] ?$/.test(before) || /^ ?(\.\d|[元万亿%‰]|,\d{3}|yuan|RMB|CNY)/i.test(after) || /\d,$/.test(before);
}

/**
 * What a number is, given its digits, the label beside it and how it was written. Strong forms stand
 * on their check alone; a number joined over a line break or cells must also pass its check or carry
 * its label; a label naming a number that is not a person's clears all but a full valid ID.
 */
function classify(digits: string, labelAt: () => Label | undefined, joined: boolean): NumberKind | undefined {
  const n = digits.length;
  if (n === 18 && isPlausibleIdNumber(digits)) return 'idNumber';
  // What it would be, and the label it needs for that (none: any label but one that clears it).
  let kind: NumberKind | undefined;
  let needs: Label | undefined;
  if (n === 18 && idShaped(digits)) [kind, needs] = ['idNumber', 'id'];
  else if (digits.includes('X')) return undefined;
  else if (n === 15 && isOldIdNumber(digits)) [kind, needs] = ['idNumber', joined ? 'id' : undefined];
  else if (n === 11 && isMobile(digits)) [kind, needs] = ['mobile', joined ? 'phone' : undefined];
  else if (n >= 16 && n <= 19 && cardShaped(digits))
    [kind, needs] = ['bankCard', passesLuhn(digits) && !(n === 18 && isCreditCode(digits)) ? undefined : 'bank'];
  if (!kind) return undefined;
  const label = labelAt();
  return label === 'other' || (needs && label !== needs) ? undefined : kind;
}

interface Candidate extends Hit {
  from: number;
  to: number;
}

/** The numbers in one folded text. */
function hitsIn(text: string): Hit[] {
  // Scientific notation is read whole, first; its digits are not groups of their own.
  const sci: { start: number; end: number; mantissa: string; length: number }[] = [];
  for (const m of text.matchAll(scientific)) {
    const length = Number(m[3]) + 1;
    if (length >= 11 && length <= 19)
      sci.push({ start: m.index, end: m.index + m[0].length, mantissa: m[1]! + m[2]!, length });
  }
  let nextSci = 0;
  const skip = (i: number) => {
    while (nextSci < sci.length && sci[nextSci]!.end <= i) nextSci += 1;
    const s = sci[nextSci];
    return s && s.start <= i ? s.end : i;
  };
  const groups = groupsOf(text, skip);
  let lines: TableLine[] | undefined;
  const labelCache = new Map<number, Label | undefined>();
  const labelAt = (start: number) => {
    if (!labelCache.has(start)) {
      let label = labelOf(wordsBefore(text, start));
      if (!label && text.includes('\t')) {
        lines ??= tableLines(text);
        const header = columnHeader(text, lines, start);
        if (header) label = labelOf(header);
      }
      labelCache.set(start, label);
    }
    return labelCache.get(start);
  };

  const hits: Hit[] = [];
  for (const s of sci) {
    const label = labelAt(s.start);
    const digits = s.mantissa.padEnd(s.length, '0').slice(0, s.length);
    const whole = s.mantissa.length >= s.length;
    let kind: NumberKind | undefined;
    if (whole) kind = classify(digits, () => label, false);
    else if (s.length === 18 && (label === 'id' || (s.mantissa.length >= 15 && idShaped(digits)))) kind = 'idNumber';
    else if (s.length >= 16 && (label === 'bank' || (s.mantissa.length >= 15 && /^62/.test(digits)))) kind = 'bankCard';
    if (kind && label !== 'other')
      hits.push({ kind, start: s.start, end: s.end, digits, ...(!whole && { damaged: true }) });
  }

  // Chains: groups joined by a separator; each chain is read for its best non-overlapping numbers.
  let first = 0;
  for (let k = 1; k <= groups.length; k++) {
    const sep = k < groups.length ? separatorOf(text.slice(groups[k - 1]!.end, groups[k]!.start)) : undefined;
    if (sep) continue;
    hits.push(...chainHits(text, groups.slice(first, k), labelAt));
    first = k;
  }
  return hits.sort((a, b) => a.start - b.start);
}

function chainHits(text: string, chain: Group[], labelAt: (start: number) => Label | undefined): Hit[] {
  if (chain.length === 1 && (chain[0]!.digits.length < 11 || chain[0]!.digits.length > 19)) return [];
  const seps: Separator[] = chain.map((g, k) => (k ? separatorOf(text.slice(chain[k - 1]!.end, g.start)) : undefined));
  const candidates: Candidate[] = [];
  const valid = (from: number, to: number) => {
    const digits = chain
      .slice(from, to + 1)
      .map((g) => g.digits)
      .join('');
    return classify(digits, () => undefined, false) !== undefined;
  };
  for (let i = 0; i < chain.length; i++) {
    let digits = '';
    let tight: string | undefined;
    let breakAt = -1;
    let cells = false;
    let tightSeps = 0;
    for (let j = i; j < chain.length; j++) {
      const sep = seps[j];
      if (j > i) {
        if (digits.endsWith('X')) break;
        if (sep?.kind === 'tight') {
          if (cells || (tight && tight !== sep.char)) break;
          tight = sep.char;
          tightSeps += 1;
        } else if (sep?.kind === 'break') {
          if (cells || breakAt >= 0) break;
          breakAt = j;
        } else {
          if (tight || breakAt >= 0) break;
          cells = true;
        }
      }
      digits += chain[j]!.digits;
      if (digits.length > 19) break;
      if (![11, 15, 16, 17, 18, 19].includes(digits.length)) continue;
      const span = chain.slice(i, j + 1);
      if (span[0]!.glued || span.at(-1)!.glued) {
        if (digits.length === 18 && isPlausibleIdNumber(digits)) {
          candidates.push({ kind: 'idNumber', start: span[0]!.start, end: span.at(-1)!.end, digits, from: i, to: j });
        }
        continue;
      }
      // One dot is a decimal (1.3812345678), not a grouping.
      if (tight === '.' && tightSeps < 2) continue;
      // A grouping goes on beyond the span (2205 1234 5678 9012 3456, or one digit after another): not a number of its own.
      if (tight) {
        const left = i > 0 && seps[i]?.kind === 'tight' && (seps[i] as { char: string }).char === tight;
        const right =
          j + 1 < chain.length && seps[j + 1]?.kind === 'tight' && (seps[j + 1] as { char: string }).char === tight;
        if (left && chain[i - 1]!.digits.length === chain[i]!.digits.length) continue;
        if (right && chain[j + 1]!.digits.length === chain[j]!.digits.length) continue;
      }
      // Joined over a line break or over cells: only where neither part is a number by itself.
      if (breakAt >= 0 && (valid(i, breakAt - 1) || valid(breakAt, j))) continue;
      if (cells) {
        const boxes = span.every((g) => g.digits.length === 1);
        const box = (k: number) => k >= 0 && k < chain.length && chain[k]!.digits.length === 1;
        const wholeBoxes =
          boxes && !(seps[i]?.kind === 'cell' && box(i - 1)) && !(seps[j + 1]?.kind === 'cell' && box(j + 1));
        const parts = !boxes && span.length <= 3 && (digits.length === 18 || digits.length === 15);
        if (!wholeBoxes && !parts) continue;
        if (parts && span.some((_, k) => valid(i + k, i + k))) continue;
      }
      const start = span[0]!.start;
      const end = span.at(-1)!.end;
      if (isAmount(text, start, end)) continue;
      const kind = classify(digits, () => labelAt(start), breakAt >= 0 || cells);
      if (kind) candidates.push({ kind, start, end, digits, from: i, to: j });
    }
  }
  // The longest first; a group belongs to one number.
  candidates.sort((a, b) => b.digits.length - a.digits.length || a.from - b.from);
  const taken = new Uint8Array(chain.length);
  const hits: Hit[] = [];
  for (const c of candidates) {
    if (taken.subarray(c.from, c.to + 1).some((t) => t)) continue;
    taken.fill(1, c.from, c.to + 1);
    hits.push({ kind: c.kind, start: c.start, end: c.end, digits: c.digits });
  }
  return hits;
}

// ---- what the reviewer sees ----

const mask = (hit: Hit) => {
  const { digits } = hit;
  if (hit.kind === 'mobile') return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (hit.kind === 'bankCard') return `${digits.slice(0, 4)} **** **** ${digits.slice(-4)}`;
  return `${digits.slice(0, 4)}${'*'.repeat(digits.length - 8)}${digits.slice(-4)}`;
};

/**
 * Every run of seven or more digits (grouped or not, an X at its end, in scientific notation) with
 * all but its ends masked, dates apart: a number the scan did not take for personal never shows whole.
 */
export function maskDigitRuns(text: string): string {
  return text.replace(/\d(?:[ \-./]?[\dXx])*(?:[Ee]\+?\d{1,2})?/g, (run) => {
    const n = run.replace(/[^\dXx]/g, '').length;
    if (n < 7 || /^(19|20)\d\d([-./])(0?[1-9]|1[0-2])\2(0?[1-9]|[12]\d|3[01])$/.test(run)) return run;
    const keep = Math.min(4, Math.floor(n / 4));
    let seen = 0;
    return run.replace(/[\dXx]/g, (c) => {
      seen += 1;
      return seen <= keep || seen > n - keep ? c : '*';
    });
  });
}

// 百家姓: the commonest surnames (with the compound ones), for the name written beside a number.
const surnames = new Set([
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝萧',
]);
const compoundSurnames = [
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '令狐',
  '长孙',
  '宇文',
];
// The labels written between a name and its number: 身份证号码：, 联系电话, 卡号 …
const labels =
  /(?:[\s:：,，、;；()（）[\]【】#]|公民身份号码|身份证号码|身份证号|身份证|证件号码|号码|联系电话|联系方式|手机号码|手机号|手机|电话|银行卡号|银行账号|卡号|账号|开户行)+$/;

function nameBefore(text: string, start: number): string | undefined {
  let before = text.slice(Math.max(0, start - 24), start);
  for (let last = ''; last !== before; ) {
    last = before;
    before = before.replace(labels, '');
  }
  const run = /[\u4e00-\u9fa5·]{2,}$/.exec(before)?.[0];
  if (!run) return undefined;
  for (const length of [3, 2, 4]) {
    const name = run.slice(-length);
    if (name.length !== length) continue;
    if (compoundSurnames.some((s) => name.startsWith(s)) ? length >= 3 : surnames.has(name[0]!)) return name;
  }
  return undefined;
}

/**
 * The text around a hit on one line (a table's cells set apart by |), the numbers found masked as
 * their kind, every other long run of digits masked too.
 */
function excerptOf(text: string, n: number, hits: Hit[]): string {
  const hit = hits[n]!;
  const from = Math.max(0, hit.start - 16);
  const to = Math.min(text.length, hit.end + 16);
  let first = n;
  while (first > 0 && hits[first - 1]!.end > from) first -= 1;
  let last = n;
  while (last + 1 < hits.length && hits[last + 1]!.start < to) last += 1;
  let out = '';
  let at = from;
  const rest = (until: number) => maskDigitRuns(text.slice(at, until).replace(/#+/g, '+86'));
  for (const h of hits.slice(first, last + 1)) {
    out += rest(Math.max(at, h.start));
    out += mask(h);
    at = h.end;
  }
  out += rest(to);
  const line = out
    .replace(/[ \n\u2028]*\t[ \n\u2028]*/g, ' | ')
    .replace(/\s+/g, ' ')
    .trim();
  return `${from > 0 ? '…' : ''}${line}${to < text.length ? '…' : ''}`;
}

const damagedReason = 'Excel 以数字（科学计数法）保存，只保留了前 15 位有效数字，号码已不完整；该列仍为个人信息';

/** The cell a place in a segment's text is in (cells in order of their start). */
function cellAt(cells: readonly { ref: string; start: number }[], at: number): string | undefined {
  let lo = 0;
  let hi = cells.length - 1;
  if (hi < 0 || cells[0]!.start > at) return undefined;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (cells[mid]!.start <= at) lo = mid;
    else hi = mid - 1;
  }
  return cells[lo]!.ref;
}

/** A place with the digits in a file's name masked (a name may itself hold a number). */
export const maskedWhere = (where: PrivacyWhere): PrivacyWhere =>
  where.fileName ? { ...where, fileName: maskDigitRuns(where.fileName) } : where;

/** The personal data in each segment, in order, numbered from 1. */
/**
 * `except`: numbers that are not a finding wherever and however written (the applicant's own, in the
 * files given to them), compared as the scanner reads them; still masked in every excerpt.
 */
export function scanSegments(segments: TextSegment[], options: { except?: readonly string[] } = {}): PrivacyFinding[] {
  const findings: PrivacyFinding[] = [];
  const except = new Set((options.except ?? []).map((n) => n.toUpperCase().replace(/[^0-9X]/g, '')));
  for (const { where, text: raw, cells } of segments) {
    const { text, at } = fold(raw);
    const hits = hitsIn(text);
    let previous: { end: number; name?: string } | undefined;
    for (const [n, hit] of hits.entries()) {
      if (except.has(hit.digits.toUpperCase())) continue;
      // A name before the first of a person's numbers (张三，身份证号码…，电话…) names the next ones too.
      const name =
        nameBefore(text, hit.start) ??
        (previous && hit.start - previous.end < 40 && !/[。\n]/.test(text.slice(previous.end, hit.start))
          ? previous.name
          : undefined);
      previous = { end: hit.end, ...(name && { name }) };
      const cell = cells && cellAt(cells, at ? at[hit.start]! : hit.start);
      findings.push({
        id: String(findings.length + 1),
        kind: hit.kind,
        where: maskedWhere(cell ? { ...where, cell } : where),
        excerpt: excerptOf(text, n, hits),
        ...(name && { name }),
        ...(hit.damaged && { reason: damagedReason }),
      });
    }
  }
  return findings;
}

/** The numbers themselves, for tests and the corpus: each hit's kind, digits and segment. */
export const numbersIn = (segments: readonly TextSegment[]) =>
  segments.flatMap((segment) =>
    hitsIn(fold(segment.text).text).map(({ kind, digits, damaged }) => ({
      kind,
      digits,
      where: segment.where,
      ...(damaged && { damaged }),
    })),
  );

/** The numbers in one text (kind and digits). */
export const personalNumbersIn = (text: string) =>
  hitsIn(fold(text).text).map(({ kind, digits }) => ({ kind, digits }));

// ---- a publication's own text ----

const blocks = new Set([
  'p',
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'ul',
  'ol',
  'blockquote',
  'table',
  'section',
  'article',
  'header',
  'footer',
  'pre',
]);

/**
 * A body's HTML as a reviewer reads it: its text with tables kept as rows and cells (so a column's
 * header labels its numbers, and a number over cells is seen), line breaks kept, and each attribute
 * value that holds a digit (a link's address, a data- attribute, an image's name) as a text of its own.
 */
export function htmlSegments(html: string, where: PrivacyWhere): TextSegment[] {
  let text = '';
  const attributes: TextSegment[] = [];
  let cell = 0;
  /** A line's end (within a cell, a break inside it); a block's edge adds none where a line has just ended. */
  const breakLine = (always = true) => {
    const end = cell ? '\u2028' : '\n';
    if (always || !/[\n\u2028\t] *$/.test(text)) text += end;
  };
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        for (const [attribute, value] of Object.entries(attribs))
          if (/\d/.test(value)) attributes.push({ where, text: `${attribute}="${value}"` });
        if (name === 'td' || name === 'th') cell += 1;
        else if (name === 'br') breakLine();
        else if (blocks.has(name)) breakLine(false);
      },
      ontext(value) {
        // Spaces and line ends in the source are one space, as a browser shows them; a tab stays a
        // cell's end (a table pasted as text keeps its columns that way).
        text += value.replace(/[ \n\r\f]+/g, ' ');
      },
      onclosetag(name) {
        if (name === 'td' || name === 'th') {
          cell = Math.max(0, cell - 1);
          text += '\t';
        } else if (name === 'tr') text += '\n';
        else if (blocks.has(name)) breakLine(false);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  return [{ where, text }, ...attributes].filter((s) => s.text.trim());
}

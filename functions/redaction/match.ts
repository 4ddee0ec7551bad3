/**
 * Finding a mark in a text: words (white space and the width of characters ignored, so a name broken
 * over a line or written in full-width letters is found), a pattern (a regular expression), or the
 * personal numbers the privacy scanner finds (wherever their digits stand, grouped or not). Shared by
 * the PDF, Word and Excel readers, which map the ranges back to rectangles or runs.
 */
import type { MarkInput } from '#core/redaction.ts';
import { numbersIn } from '#core/privacy-scan.ts';

/** A mark that cannot be located as given; the message names it for the staff member. */
export class RedactionInputError extends Error {
  override name = 'RedactionInputError';
}

/** A range of a text [start, end) and the text it covers. */
export interface Range {
  start: number;
  end: number;
  text: string;
}

/** One character as compared: full-width forms folded, letters in lower case. */
const foldChar = (c: string) => {
  const folded = c.normalize('NFKC');
  const one = folded.length === 1 ? folded : c;
  const lower = one.toLowerCase();
  return lower.length === 1 ? lower : one;
};
const isSpace = (c: string) => /\s/.test(c) || c === '\u0000' || c === '\ufffe' || c === '\u00ad';

/** A needle's compared form: folded, white space removed. */
export const compact = (text: string) =>
  text
    .split('')
    .filter((c) => !isSpace(c))
    .map(foldChar)
    .join('');

/** Every place of `needle` in `text`, white space and width ignored. */
export function findWords(text: string, needle: string): Range[] {
  const want = compact(needle);
  if (!want) return [];
  const chars: string[] = [];
  const at: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (isSpace(c)) continue;
    chars.push(foldChar(c));
    at.push(i);
  }
  const hay = chars.join('');
  const ranges: Range[] = [];
  // The folded forms are one character per original character (foldChar keeps length 1).
  for (let k = hay.indexOf(want); k >= 0; k = hay.indexOf(want, k + want.length)) {
    const start = at[k]!;
    const end = at[k + want.length - 1]! + 1;
    ranges.push({ start, end, text: text.slice(start, end) });
  }
  return ranges;
}

/** The compiled pattern of a mark, or a Chinese error naming it. */
export function patternOf(pattern: string, markNumber: number): RegExp {
  try {
    const re = new RegExp(pattern, 'gu');
    if (re.test('')) throw new RedactionInputError(`第 ${markNumber} 项标记：表达式会匹配空文字，请修改`);
    return re;
  } catch (error) {
    if (error instanceof RedactionInputError) throw error;
    throw new RedactionInputError(`第 ${markNumber} 项标记：表达式无效（${(error as Error).message}），请修改`);
  }
}

export function findPattern(text: string, re: RegExp): Range[] {
  const ranges: Range[] = [];
  re.lastIndex = 0;
  for (const m of text.matchAll(re)) if (m[0]) ranges.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
  return ranges;
}

/** A digit as the scanner reads it (full-width folded), X for the check character, else undefined. */
const digitOf = (c: string) => {
  const code = c.charCodeAt(0);
  if (code >= 0xff10 && code <= 0xff19) return String.fromCharCode(code - 0xfee0);
  if (c >= '0' && c <= '9') return c;
  if (c === 'X' || c === 'x' || c === 'Ｘ' || c === 'ｘ') return 'X';
  return undefined;
};
/** What may stand between a number's digit groups. */
const separator = /^[\s\-./\u2010-\u2014\u2212\uff0d\uff0e\uff0f\u3000\u00a0\u200b-\u200d\u00ad\ufeff\ufffe#+()]*$/;

/** Every place the digits of a number stand in a text, grouped or not. */
export function findDigits(text: string, digits: string): Range[] {
  const want = digits.toUpperCase();
  const chars: string[] = [];
  const at: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const d = digitOf(text[i]!);
    if (d) {
      chars.push(d);
      at.push(i);
    }
  }
  const hay = chars.join('');
  const ranges: Range[] = [];
  for (let k = hay.indexOf(want); k >= 0; k = hay.indexOf(want, k + 1)) {
    let joined = true;
    for (let j = k + 1; j < k + want.length && joined; j++) joined = separator.test(text.slice(at[j - 1]! + 1, at[j]));
    if (!joined) continue;
    const start = at[k]!;
    const end = at[k + want.length - 1]! + 1;
    ranges.push({ start, end, text: text.slice(start, end) });
    k += want.length - 1;
  }
  return ranges;
}

/** The personal numbers the scanner finds in texts, less the applicant's own (`except`). */
export function personalNumbers(texts: readonly string[], except: readonly string[] = []): string[] {
  const own = new Set(except.map((n) => n.toUpperCase().replace(/[^0-9X]/g, '')));
  const found = new Set<string>();
  for (const { digits } of numbersIn(texts.map((text) => ({ where: { field: 'attachment' as const }, text }))))
    if (!own.has(digits.toUpperCase())) found.add(digits.toUpperCase());
  return [...found];
}

/** Where a text, pattern or findings mark stands in a text; `numbers`: the findings for the whole file. */
export function findMark(text: string, input: MarkInput, markNumber: number, numbers: readonly string[]): Range[] {
  switch (input.kind) {
    case 'text':
      return findWords(text, input.text);
    case 'pattern':
      return findPattern(text, patternOf(input.pattern, markNumber));
    case 'findings':
      return numbers.flatMap((digits) => findDigits(text, digits)).sort((a, b) => a.start - b.start);
    default:
      return [];
  }
}

/** A mark input checked before it is looked for: its text given, its pattern valid. */
export function checkInput(input: MarkInput, markNumber: number) {
  if (input.kind === 'text' && !compact(input.text))
    throw new RedactionInputError(`第 ${markNumber} 项标记：请填写要删除的文字`);
  if (input.kind === 'pattern') patternOf(input.pattern, markNumber);
}

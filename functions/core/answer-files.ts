/**
 * 个人信息检查 of the files given to an applicant with an answer (依申请公开): what they hold of third
 * parties' personal data (条例15, 条例37: withheld or redacted unless the person agrees), not the
 * applicant's own identity number and phone, which the applicant may of course be given. Pure: the
 * privacy function reads the files and scans the segments this leaves.
 */
import type { TextSegment } from './privacy.ts';

const fullWidth = (c: string) => String.fromCharCode(c.charCodeAt(0) + 0xfee0);

/** A number as people write it: each character in ASCII or full width, groups split by a space or hyphen. */
const writtenAs = (number: string) =>
  new RegExp(
    `(?<![0-9０-９])${[...number.toUpperCase()]
      .map((c) => (c === 'X' ? '[XxＸｘ]' : `[${c}${fullWidth(c)}]`))
      .join('[ \\u3000\\-－]?')}(?![0-9０-９])`,
    'g',
  );

/**
 * The segments with the applicant's own numbers blanked (each character a `*`, so offsets and cell
 * positions hold), however they are written; what is left to find is someone else's.
 */
export function withoutOwnNumbers(segments: readonly TextSegment[], own: readonly string[]): TextSegment[] {
  const patterns = own
    .map((n) => n.replace(/[\s-]/g, ''))
    .filter((n) => /^\d{6,}[\dXx]?$/.test(n))
    .map(writtenAs);
  return segments.map((segment) => ({
    ...segment,
    text: patterns.reduce((text, pattern) => text.replace(pattern, (found) => '*'.repeat(found.length)), segment.text),
  }));
}

/** CSV cells a spreadsheet program opens as data, never as a formula (OWASP's CSV injection rule). */
import { describe, expect, it } from 'vitest';
import { csvCell } from '#core/pages/html.ts';

describe('csvCell', () => {
  it.each([
    ['=HYPERLINK("http://evil.example")', '"\'=HYPERLINK(""http://evil.example"")"'],
    ['+1+cmd', '"\'+1+cmd"'],
    ['-2+3', '"\'-2+3"'],
    ['@SUM(A1)', '"\'@SUM(A1)"'],
    ['\t=1+1', '"\'\t=1+1"'],
    ['\r=1+1', '"\'\r=1+1"'],
    ['\n=1+1', '"\'\n=1+1"'],
    ['＝1+1', '"\'＝1+1"'],
  ])('neutralises %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('leaves ordinary text and numbers as they are, quoted', () => {
    expect(csvCell('露水河镇 2026 年预算')).toBe('"露水河镇 2026 年预算"');
    expect(csvCell('a=b')).toBe('"a=b"');
    expect(csvCell(-5)).toBe('"-5"');
    expect(csvCell(undefined)).toBe('""');
  });
});

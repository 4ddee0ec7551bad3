import { describe, expect, it } from 'vitest';
import { withoutOwnNumbers } from '#core/answer-files.ts';
import { scanSegments } from '#core/privacy.ts';

const where = { field: 'attachment' as const, fileName: '协议.pdf' };
const own = ['22062119800101001X', '13904395678'];

describe("the applicant's own numbers in files given to them", () => {
  it('are left out of the check however they are written, and a third party beside them is still found', () => {
    const text =
      '申请人身份证 220621 1980 0101 001x，电话 139-0439-5678、１３９０４３９５６７８；邻户王桂芝 电话 13804391234';
    const [segment] = withoutOwnNumbers([{ where, text }], own);
    expect(segment!.text).toHaveLength(text.length);
    expect(segment!.text).not.toMatch(/1390439|220621/);
    expect(scanSegments([segment!]).map((f) => f.kind)).toEqual(['mobile']);
  });

  it('keeps a workbook row’s cell positions, and blanks nothing of a longer number that contains one', () => {
    const text = '13904395678 6222021304395678123';
    const [segment] = withoutOwnNumbers([{ where, text, cells: [{ ref: 'B2', start: 12 }] }], own);
    expect(segment!.cells).toEqual([{ ref: 'B2', start: 12 }]);
    expect(segment!.text).toBe('*********** 6222021304395678123');
  });
});

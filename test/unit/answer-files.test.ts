import { describe, expect, it } from 'vitest';
import { scanSegments } from '#core/privacy.ts';

const where = { field: 'attachment' as const, fileName: '协议.pdf' };
const own = ['22062119800101001X', '13904395678'];

describe("the applicant's own numbers in files given to them", () => {
  it('are left out of the check however they are written, and a third party beside them is still found', () => {
    const text =
      '申请人身份证 220621 1980 0101 001x，电话 139-0439-5678、１３９０４３９５６７８；邻户王桂芝 电话 13804391234';
    const findings = scanSegments([{ where, text }], { except: own });
    expect(findings.map((f) => f.kind)).toEqual(['mobile']);
    // Masked in the excerpt all the same: the applicant's own numbers are not shown whole either.
    expect(findings[0]!.excerpt).not.toMatch(/1390439|220621/);
  });

  it('are left out in every form the scanner reads: dots, a soft hyphen, a line break, a box a digit', () => {
    for (const written of [
      '220621.1980.0101.001X',
      '2206\u00AD2119\u00AD8001\u00AD01001X',
      '22062119800\n101001X',
      '2 2 0 6 2 1 1 9 8 0 0 1 0 1 0 0 1 X',
      '＋86 139 0439 5678',
      '+8613904395678',
    ]) {
      const text = `申请人的号码：${written}；邻户王桂芝 电话 13804391234`;
      expect(
        scanSegments([{ where, text }], { except: own }).map((f) => f.kind),
        written,
      ).toEqual(['mobile']);
    }
  });
});

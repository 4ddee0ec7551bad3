import { deflateSync } from 'node:zlib';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it, vi } from 'vitest';
import { composeLetter, type LetterFacts } from '#core/letters.ts';
import type { CaseState } from '#core/workflow.ts';
import { letterPdf, letterPdfName } from '#lib/letter-pdf.ts';

const state: CaseState = {
  status: 'answered',
  clock: { receiptDate: '2026-09-21' },
  outcome: { outcome: 'withheld.process', basis: '条例第十六条第二款', answeredOn: '2026-10-30' },
};
const facts: LetterFacts = {
  agencyName: '抚松县财政局',
  settings: {
    prefix: '抚财公',
    reconsiderationBody: '抚松县人民政府',
    court: '抚松县人民法院',
    payment: '到局办公室缴纳',
    office: '抚松县财政局办公室',
    address: '抚松县抚松镇府前街5号',
    phone: '0439-6200000',
  },
  receiptNumber: 'FSCZ-2026-00012',
  title: '2025 年度县级预算执行情况',
  applicantName: '王小明',
  state,
  due: null,
  issuedOn: '2026-10-30',
  number: '抚财公复〔2026〕3号',
};
const letter = composeLetter('reply', facts);
const text = async (bytes: Uint8Array) => {
  const { text } = await extractText(new Uint8Array(bytes), { mergePages: true });
  return (text as string).replace(/\s+/g, '');
};

/** A one-pixel red PNG (an agency's seal stands in). */
function png(): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (data: Buffer) => {
    let c = 0xffffffff;
    for (const byte of data) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from([0, 200, 0, 0, 255]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('a letter as PDF', () => {
  it('reads back with its 发文字号, the remedy clause naming the 复议机关, the 落款 and the date', async () => {
    const read = await text(await letterPdf(letter));

    expect(read).toContain('抚财公复〔2026〕3号');
    expect(read).toContain('政府信息公开申请答复书');
    expect(read).toContain('六十日内向抚松县人民政府申请行政复议');
    expect(read).toContain('六个月内向抚松县人民法院提起行政诉讼');
    expect(read).toContain('抚松县财政局2026年10月30日');
  }, 30_000);

  it('embeds its font, subset to the characters used, so it prints the same everywhere', async () => {
    const raw = Buffer.from(await letterPdf(letter)).toString('latin1');

    const fonts = raw.match(/\/Type \/Font\b/g) ?? [];
    expect(fonts.length).toBeGreaterThan(0);
    expect(raw).toMatch(/\/FontFile[23]? \d+ 0 R/);
    expect(raw).toMatch(/\/BaseFont \/NotoSansHans-Regular/);
    // Every font descriptor carries its font file: no font is left to the printer's.
    expect(raw.match(/\/FontDescriptor \d+ 0 R/g)?.length).toBe(raw.match(/\/FontFile[23]? \d+ 0 R/g)?.length);
    // Subset: the whole font is 8 MB.
    expect(raw.length).toBeLessThan(400_000);
  }, 30_000);

  it('carries font programs a reader parses without error (every character prints, none blank)', async () => {
    // pdf.js reports a damaged glyph program (a subroutine out of range, a short curve) as a warning.
    const warnings: string[] = [];
    const spies = (['log', 'warn'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void warnings.push(args.join(' '))),
    );
    try {
      const pdfjs = await getDocumentProxy(new Uint8Array(await letterPdf(letter)));
      const page = await pdfjs.getPage(1);
      await page.getOperatorList();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(warnings.filter((w) => /Warning|font/i.test(w))).toEqual([]);
  }, 30_000);

  it('places the agency’s seal over the date where it has one, A4 pages', async () => {
    const plain = Buffer.from(await letterPdf(letter)).toString('latin1');
    const sealed = Buffer.from(await letterPdf(letter, { seal: png() })).toString('latin1');

    expect(plain).not.toContain('/Subtype /Image');
    expect(sealed).toContain('/Subtype /Image');
    expect(sealed).toMatch(/\/MediaBox \[ 0 0 595\.27\d* 841\.88\d* \]/);
  }, 30_000);

  it('gives the same bytes for the same letter', async () => {
    expect(Buffer.from(await letterPdf(letter)).equals(Buffer.from(await letterPdf(letter)))).toBe(true);
  }, 30_000);

  it('names the file by number and title', () => {
    expect(letterPdfName(letter)).toBe('抚财公复〔2026〕3号政府信息公开申请答复书.pdf');
  });
});

/**
 * 个人信息检查's scanner and file reader: the numbers it must find however they are written, the
 * look-alikes it must leave alone, what it shows the reviewer (masked excerpt, the name beside, the
 * place), and the corpus figures the issue asks for (recall ≥ 99%, false positives ≤ 2%).
 */
import { describe, expect, it } from 'vitest';
import {
  acknowledgeFindings,
  isOldIdNumber,
  isPlausibleIdNumber,
  passesLuhn,
  personalNumbersIn,
  reviewKey,
  scanSegments,
  textReview,
  whereText,
  withFileFindings,
} from '#core/privacy.ts';
import { fileText } from '../../functions/privacy/read-files.ts';
import { corpusFigures, privacyFiles, privacyTexts } from '../support/privacy-corpus.ts';

const kinds = (text: string) => personalNumbersIn(text).map((h) => h.kind);

describe('what counts as personal data', () => {
  it('finds an 18-digit 身份证号码 only with its check character, a province and a real birth date', () => {
    expect(isPlausibleIdNumber('11010519491231002X')).toBe(true);
    expect(isPlausibleIdNumber('110105194912310021')).toBe(false); // check character
    expect(isPlausibleIdNumber('990105194912310029')).toBe(false); // no such province
    expect(kinds('身份证号码：11010519491231002X。')).toEqual(['idNumber']);
    expect(kinds('身份证号码：11010519491231002x')).toEqual(['idNumber']);
    expect(kinds('身份证号码：110105 19491231 002X')).toEqual(['idNumber']);
    expect(kinds('身份证号码：１１０１０５１９４９１２３１００２Ｘ')).toEqual(['idNumber']);
  });

  it('finds the 15-digit numbers issued before 1999', () => {
    expect(isOldIdNumber('110105491231002')).toBe(true);
    expect(isOldIdNumber('110105491331002')).toBe(false);
    expect(kinds('原身份证号 110105491231002')).toEqual(['idNumber']);
  });

  it('finds mobile numbers run together, grouped, or after +86', () => {
    expect(kinds('手机 13812345678')).toEqual(['mobile']);
    expect(kinds('手机 138 1234 5678')).toEqual(['mobile']);
    expect(kinds('手机 138-1234-5678')).toEqual(['mobile']);
    expect(kinds('+86 13812345678')).toEqual(['mobile']);
  });

  it('finds bank card numbers that pass Luhn, grouped in fours or not', () => {
    expect(passesLuhn('6222021234567890128')).toBe(true);
    expect(kinds('卡号 6222021234567890128')).toEqual(['bankCard']);
    expect(kinds('卡号 6222 0212 3456 7890 128')).toEqual(['bankCard']);
    expect(kinds('6222021234567890127')).toEqual([]);
  });

  it('leaves alone what only looks like it: 文号, 索引号, sums, dates, landlines, credit codes, wrong check digits', () => {
    for (const text of [
      '抚政办发〔2017〕38号',
      '索引号：013869317/2026-00013',
      '预算 13812345678元',
      '合计 138,123,456.78 元',
      '￥6222021234567890128',
      '2026年11月20日（20261120）',
      '电话 0439-6222345',
      '统一社会信用代码 91220621MA0Y2K3X8L',
      '110105194912310021',
      '110105195002310025', // 31 February
      '概率 0.13812345678',
    ])
      expect(personalNumbersIn(text), text).toEqual([]);
  });
});

describe('what the reviewer sees', () => {
  it('masks every number in the excerpt, names the person beside it, and the place', () => {
    const [finding] = scanSegments([
      { where: { field: 'body' }, text: '经评议，张秀英，身份证号码：11010519491231002X，联系电话：13812345678。' },
    ]);
    expect(finding).toMatchObject({ id: '1', kind: 'idNumber', name: '张秀英' });
    expect(finding!.excerpt).toContain('1101**********002X');
    expect(finding!.excerpt).toContain('138****5678');
    expect(finding!.excerpt).not.toMatch(/\d{7,}/);
    expect(whereText({ field: 'attachment', fileName: '名单.xlsx', sheet: 'Sheet1', cell: 'C5' })).toBe(
      '附件「名单.xlsx」 工作表 Sheet1!C5',
    );
    expect(whereText({ field: 'attachment', fileName: '公示.pdf', page: 2 })).toBe('附件「公示.pdf」 第 2 页');
  });

  it('keys a review to the content it read and the rules it used, and numbers the files’ findings after the text’s', () => {
    const content = {
      title: '公示',
      summary: '手机 13812345678',
      bodyHtml: '<p>无</p>',
      attachments: [{ id: 'a', fileName: 'x.png', contentType: 'image/png' }],
    };
    const review = textReview(content, 'submit', '2026-12-01');
    expect(review).toMatchObject({ state: 'scanning', key: reviewKey(content), findings: [{ id: '1' }] });
    expect(reviewKey({ ...content, summary: '无' })).not.toBe(review.key);
    const done = withFileFindings(
      review,
      [{ id: '', kind: 'unchecked', where: { field: 'attachment' }, excerpt: '' }],
      'now',
    );
    expect(done.state).toBe('done');
    expect(done.findings.map((f) => f.id)).toEqual(['1', '2']);
  });

  it('takes an acknowledgement only with a reason, once, for a finding that exists', () => {
    const findings = scanSegments([{ where: { field: 'body' }, text: '手机 13812345678' }]);
    const by = { username: 'lsh-reviewer', name: '刘洋' };
    expect(() => acknowledgeFindings(findings, [{ id: '1', reason: ' ' }], by, 'now')).toThrow('理由');
    expect(() => acknowledgeFindings(findings, [{ id: '9', reason: '公示' }], by, 'now')).toThrow('没有编号为 9');
    const done = acknowledgeFindings(findings, [{ id: '1', reason: '公示' }], by, 'now');
    expect(done[0]!.acknowledged).toEqual({ by: 'lsh-reviewer', byName: '刘洋', at: 'now', reason: '公示' });
    expect(() => acknowledgeFindings(done, [{ id: '1', reason: '公示' }], by, 'now')).toThrow('已经确认过');
  });
});

describe('the corpus (at least 200 texts and 40 files)', () => {
  it('finds at least 99% of the planted numbers in texts, with at most 2% of the look-alikes taken for them', () => {
    const texts = privacyTexts(240);
    const { planted, found, decoys, falsePositives } = corpusFigures(texts);
    expect(texts.length).toBeGreaterThanOrEqual(200);
    expect(found / planted).toBeGreaterThanOrEqual(0.99);
    expect(falsePositives / decoys).toBeLessThanOrEqual(0.02);
  });

  it('reads PDF, Word and Excel files as their writers made them, and says which it cannot read', async () => {
    const files = await privacyFiles();
    expect(files.length).toBeGreaterThanOrEqual(40);
    let planted = 0;
    let found = 0;
    let falsePositives = 0;
    let decoys = 0;
    for (const file of files) {
      const text = await fileText(file.bytes, file.contentType, { field: 'attachment', fileName: file.fileName });
      if ('unchecked' in text) {
        expect(file.unreadable, file.fileName).toBe(true);
        continue;
      }
      const hits = scanSegments(text.segments).flatMap((f) => personalNumbersIn(f.excerpt.replace(/\*/g, '')));
      const numbers = personalNumbersIn(text.segments.map((s) => s.text).join('\n'));
      planted += file.planted.length;
      decoys += file.decoys;
      found += file.planted.filter((p) => numbers.some((h) => h.digits === p.digits)).length;
      falsePositives += numbers.filter((h) => !file.planted.some((p) => p.digits === h.digits)).length;
      expect(hits).toEqual([]); // excerpts never carry a whole number
    }
    expect(found / planted).toBeGreaterThanOrEqual(0.99);
    expect(falsePositives / decoys).toBeLessThanOrEqual(0.02);
  }, 60_000); // the scanned PDF and the picture go through OCR, whose engine loads with the first of them

  it('reports a damaged file, an old binary format and a ZIP that is not a document as to be checked by eye', async () => {
    const where = { field: 'attachment' as const };
    expect(
      await fileText(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 1, 2]), 'application/pdf', where),
    ).toMatchObject({
      unchecked: expect.stringContaining('无法读取'),
    });
    expect(await fileText(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]), 'application/msword', where)).toMatchObject({
      unchecked: expect.stringContaining('.doc/.xls'),
    });
    const { zipSync } = await import('fflate');
    const notWord = zipSync({ 'readme.txt': new TextEncoder().encode('13812345678') });
    expect(
      await fileText(notWord, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', where),
    ).toMatchObject({ unchecked: expect.stringContaining('不是有效的 Word 文档') });
  });

  it('reads a CSV saved in GBK as offices save it', async () => {
    const gbk = new Uint8Array([0xd5, 0xc5, 0xc8, 0xfd, 0x2c]); // 张三,
    const bytes = new Uint8Array([...gbk, ...new TextEncoder().encode('13812345678\n')]);
    const text = await fileText(bytes, 'text/csv', { field: 'attachment' });
    expect(scanSegments('segments' in text ? text.segments : [])).toMatchObject([{ kind: 'mobile', name: '张三' }]);
  });
});

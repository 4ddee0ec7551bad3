/**
 * Checks the outside material of test/support/outside-privacy-corpus.ts itself: the counts, that
 * every form a real notice uses is there, that planted numbers are valid (GB 11643 check digits,
 * Luhn for cards) unless deliberately mistyped, that each stands where its ground truth says, that
 * decoys are what their labels say, and that the DOCX, XLSX and PDF files open and hold their
 * numbers. Check digits are recomputed here independently of the generator.
 */
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { extractText } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { type OutsideFile, outsideFiles, outsideTexts, type Planted } from '../support/outside-privacy-corpus.ts';

const texts = outsideTexts();
const files = await outsideFiles();
const allTruth: Planted[] = [...texts.flatMap((t) => t.truth), ...files.flatMap((f) => f.truth)];
const allDecoys = [...texts.flatMap((t) => t.decoys), ...files.flatMap((f) => f.decoys)];

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idCheckHolds = (id: string) =>
  '10X98765432'[[...id.slice(0, 17)].reduce((s, c, i) => s + Number(c) * idWeights[i]!, 0) % 11] === id[17];
const isDate = (y: number, m: number, d: number) => {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
};
const luhnHolds = (card: string) =>
  [...card].reverse().reduce((s, c, i) => s + (i % 2 ? (2 * +c > 9 ? 2 * +c - 9 : 2 * +c) : +c), 0) % 10 === 0;
/** GB/T 17710 MOD 11,10, as 工商注册号 use it. */
function mod1110Holds(s: string) {
  let p = 10;
  for (const c of s.slice(0, -1)) p = (((p + Number(c)) % 10 || 10) * 2) % 11;
  return (p + Number(s.at(-1))) % 10 === 1;
}
const creditAlphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const creditHolds = (code: string) =>
  [...code].reduce((s, c, i) => s + creditAlphabet.indexOf(c) * (i < 17 ? 3 ** i % 31 : 1), 0) % 31 === 0;
/** What a reader takes from the characters: full-width folded, a leading +86 dropped, only digits and X kept. */
const digitsOf = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/^\+86/, '')
    .replace(/[^0-9Xx]/g, '')
    .toUpperCase();
const formsOf = (list: Planted[], type: Planted['type']) =>
  new Set(list.filter((p) => p.type === type).map((p) => p.form));
const textTruth = texts.flatMap((t) => t.truth);

describe('outside privacy material: texts', () => {
  it('plants at least 300 personal numbers and 150 decoys across texts and files', () => {
    expect(allTruth.length).toBeGreaterThanOrEqual(300);
    expect(allDecoys.length).toBeGreaterThanOrEqual(150);
    expect(files.flatMap((f) => f.truth).length).toBeGreaterThanOrEqual(100);
  });

  it('gives every kind of notice in both plain text and HTML', () => {
    const kinds = ['dibao', 'zhengshou', 'chufa', 'luyong', 'budongchan', 'baoming', 'gongshang', 'feishui'];
    for (const kind of kinds)
      expect(new Set(texts.filter((t) => t.kind === kind).map((t) => t.carrier)), kind).toEqual(
        new Set(['text', 'html']),
      );
  });

  it('writes identity numbers, mobiles and cards in every form real notices use', () => {
    const idForms =
      'plain old-15 mistyped groups groups-4 dots slashes en-dash fullwidth-hyphen soft-hyphen zero-width spaced fullwidth lower-x line-break href attribute filename';
    expect([...formsOf(textTruth, 'id')].sort()).toEqual(idForms.split(' ').sort());
    const mobileForms = 'plain intl intl-spaced dashed groups fullwidth spaced zero-width line-break href dots';
    expect([...formsOf(textTruth, 'mobile')].sort()).toEqual(mobileForms.split(' ').sort());
    expect(formsOf(textTruth, 'bank').size).toBeGreaterThanOrEqual(6);
    const fileForms = new Set(files.flatMap((f) => f.truth.map((p) => p.form)));
    for (const form of ['number-cell', 'split-cells', 'one-digit-per-cell', 'cell-line-break', 'wrapped'] as const)
      expect(fileForms.has(form), form).toBe(true);
  });

  it('carries a valid GB 11643 check digit and birth date on every planted ID unless it is marked mistyped', () => {
    const ids = allTruth.filter((p) => p.type === 'id');
    for (const p of ids) {
      const born = p.value.length === 18 ? p.value.slice(6, 14) : `19${p.value.slice(6, 12)}`;
      expect(isDate(+born.slice(0, 4), +born.slice(4, 6), +born.slice(6)), p.value).toBe(true);
      if (p.value.length === 15) expect(p.value).toMatch(/^\d{15}$/);
      else expect(idCheckHolds(p.value), p.value).toBe(!p.mistyped);
    }
    expect(ids.filter((p) => p.mistyped).length).toBeGreaterThanOrEqual(10);
    expect(ids.filter((p) => p.value.length === 15).length).toBeGreaterThanOrEqual(10);
    expect(ids.filter((p) => p.value.endsWith('X') && p.form === 'fullwidth').length).toBeGreaterThan(0);
  });

  it('plants mobiles of 11 digits beginning 13–19 and cards that pass the Luhn check', () => {
    for (const p of allTruth.filter((t) => t.type === 'mobile')) expect(p.value).toMatch(/^1[3-9]\d{9}$/);
    for (const p of allTruth.filter((t) => t.type === 'bank')) {
      expect(p.value).toMatch(/^62\d{14,17}$/);
      expect(luhnHolds(p.value), p.value).toBe(true);
      expect(luhnHolds(p.value.slice(0, -1) + ((Number(p.value.at(-1)) + 1) % 10))).toBe(false);
    }
  });

  it('puts each planted number at its offset, reading as its value', () => {
    for (const t of texts)
      for (const p of t.truth) {
        expect(t.text.slice(p.start, p.start! + p.written!.length), t.id).toBe(p.written);
        expect(digitsOf(p.written!), `${t.id} ${p.form}`).toBe(p.value);
      }
  });

  it('hides numbers behind the characters that defeat a naive search', () => {
    const written = (form: string) => textTruth.filter((p) => p.form === form).map((p) => p.written!);
    expect(written('soft-hyphen').every((w) => w.includes('\u00AD'))).toBe(true);
    expect(written('zero-width').every((w) => w.includes('\u200B'))).toBe(true);
    expect(written('fullwidth-hyphen').every((w) => w.includes('－'))).toBe(true);
    expect(written('en-dash').every((w) => w.includes('–'))).toBe(true);
    expect(written('fullwidth').some((w) => w.endsWith('Ｘ'))).toBe(true);
    expect(written('fullwidth').every((w) => /^[０-９Ｘ]+$/.test(w))).toBe(true);
    expect(written('lower-x').every((w) => /^\d{17}x$/.test(w))).toBe(true);
    const breaks = texts.flatMap((t) =>
      t.truth.filter((p) => p.form === 'line-break').map((p) => [t.carrier, p.written!]),
    );
    expect(breaks.some(([c, w]) => c === 'html' && w!.includes('<br>'))).toBe(true);
    expect(breaks.some(([c, w]) => c === 'text' && w!.includes('\n'))).toBe(true);
    expect(written('intl').every((w) => /^\+861\d{10}$/.test(w))).toBe(true);
    expect(written('intl-spaced').every((w) => /^\+86 1\d\d \d{4} \d{4}$/.test(w))).toBe(true);
    expect(written('dashed').some((w) => /^1\d\d-\d{4}-\d{4}$/.test(w))).toBe(true);
    expect(written('groups-4').every((w) => /^\d{4} \d{4} \d{4} \d{4} [\dX]{2}$/.test(w))).toBe(true);
  });

  it('puts IDs inside link addresses, attributes and attachment names of HTML notices', () => {
    const textBefore = (form: string) =>
      texts.flatMap((t) => t.truth.filter((p) => p.form === form).map((p) => t.text.slice(0, p.start)));
    expect(textBefore('href').length).toBeGreaterThan(0);
    expect(textBefore('href').every((s) => /<a href="[^"]*(sfz=|tel:)$/.test(s))).toBe(true);
    expect(textBefore('attribute').length).toBeGreaterThan(0);
    expect(textBefore('attribute').every((s) => /data-sfz="$/.test(s))).toBe(true);
    const names = texts.flatMap((t) =>
      t.truth
        .filter((p) => p.form === 'filename')
        .map((p) => t.text.slice(p.start! - 4, p.start! + p.written!.length + 4)),
    );
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((s) => /[\u4e00-\u9fff][\dX]{18}\.pdf/.test(s))).toBe(true);
  });

  it('places decoys at their offsets, apart from every planted number', () => {
    for (const t of texts) {
      const planted = t.truth.map((p) => [p.start!, p.start! + p.written!.length] as const);
      for (const d of t.decoys) {
        expect(t.text.slice(d.start, d.start! + d.written!.length)).toBe(d.written);
        expect(
          planted.some(([a, b]) => d.start! < b && a < d.start! + d.written!.length),
          d.value,
        ).toBe(false);
      }
    }
    const personal = new Set(allTruth.map((p) => p.value));
    expect(allDecoys.filter((d) => personal.has(d.value))).toEqual([]);
  });

  it('labels decoys that look like personal numbers as a reviewer would', () => {
    const by = (why: string) => allDecoys.filter((d) => d.why === why);
    for (const d of [...by('准考证号'), ...by('报名序号')]) expect(d.value).toMatch(/^1[3-9]\d{9}$/);
    for (const d of by('工商注册号')) {
      expect(d.value).toMatch(/^\d{15}$/);
      expect(mod1110Holds(d.value), d.value).toBe(true);
      expect(mod1110Holds(d.value.slice(0, -1) + ((Number(d.value.at(-1)) + 1) % 10))).toBe(false);
    }
    for (const d of by('统一社会信用代码')) {
      expect(creditHolds(d.value), d.value).toBe(true);
      expect(creditHolds(`${d.value.slice(0, 16)}${d.value[16] === '0' ? '1' : '0'}${d.value[17]}`)).toBe(false);
    }
    for (const d of by('对公账户（收款账户）')) {
      expect(d.value).toMatch(/^\d{20}$/);
      if (d.written) expect(d.written).toMatch(/^\d{4}( \d{4}){4}$/);
    }
    for (const d of by('办公电话')) expect(d.value).toMatch(/^0439-\d{7}$/);
    for (const why of [
      '准考证号',
      '报名序号',
      '工商注册号',
      '统一社会信用代码',
      '对公账户（收款账户）',
      '文号',
      '索引号',
      '日期',
      '金额',
      '办公电话',
    ])
      expect(by(why).length, why).toBeGreaterThan(0);
  });

  it('is the same material on every run', async () => {
    expect(outsideTexts()).toEqual(texts);
    expect(await outsideFiles()).toEqual(files);
  });
});

const file = (ext: string) => files.filter((f) => f.name.endsWith(ext));
/** Every element closed in order: enough to tell a package part Word would refuse. */
function balanced(xml: string) {
  const open: string[] = [];
  for (const [, close, name, selfClosing] of xml.matchAll(/<(\/?)([\w:]+)[^>]*?(\/?)>/g)) {
    if (close) {
      if (open.pop() !== name) return false;
    } else if (!selfClosing) open.push(name!);
  }
  return open.length === 0;
}
/** The cells of a Word table row by row, text with <w:br/> as a newline. */
function docxRows(f: OutsideFile) {
  const parts = unzipSync(f.bytes);
  expect(Object.keys(parts).sort()).toEqual(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']);
  for (const [name, bytes] of Object.entries(parts)) expect(balanced(strFromU8(bytes)), name).toBe(true);
  const xml = strFromU8(parts['word/document.xml']!);
  expect(xml).toContain('<w:document');
  const unxml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return [...xml.matchAll(/<w:tr>(.*?)<\/w:tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<w:tc>(.*?)<\/w:tc>/g)].map((cell) =>
      unxml(cell[1]!.replace(/<w:br\/>/g, '\n').replace(/<[^>]+>/g, '')),
    ),
  );
}

describe('outside privacy material: files', () => {
  it('writes Word tables that open and hold every planted number in a cell', () => {
    for (const f of file('.docx')) {
      const rows = docxRows(f);
      const cells = rows.flat().map(digitsOf);
      const boxes = rows.filter((r) => r.length === 19).map((r) => r.slice(1).join(''));
      for (const p of f.truth) {
        if (p.form === 'one-digit-per-cell') expect(boxes, f.name).toContain(p.value);
        else expect(cells, `${f.name} ${p.where}`).toContain(p.value);
      }
    }
  });

  it('breaks IDs inside Word cells and spreads others one digit per box', () => {
    const all = file('.docx').flatMap((f) => docxRows(f).flat());
    const broken = file('.docx').flatMap((f) => f.truth.filter((p) => p.form === 'cell-line-break'));
    expect(broken.length).toBeGreaterThan(0);
    for (const p of broken) expect(all).toContain(`${p.value.slice(0, 6)}\n${p.value.slice(6)}`);
    const boxRows = file('.docx').flatMap((f) => docxRows(f).filter((r) => r.length === 19));
    expect(boxRows.length).toBeGreaterThan(0);
    for (const r of boxRows) expect(r.slice(1).every((c) => /^[\dX]$/.test(c))).toBe(true);
  });

  it('keeps only 15 significant digits of IDs typed into Excel as numbers, and splits others over two cells', async () => {
    for (const f of file('.xlsx')) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(f.bytes as unknown as ArrayBuffer);
      const cell = (ref: string) => {
        const [sheet, address] = ref.split('!');
        return wb.getWorksheet(sheet!)!.getCell(address!).value;
      };
      for (const p of f.truth) {
        if (p.form === 'split-cells') {
          const [from, to] = p.where!.split(':');
          expect(`${cell(from!)}${cell(`${from!.split('!')[0]}!${to}`)}`).toBe(p.value);
        } else if (p.damaged) {
          const v = cell(p.where!);
          expect(typeof v).toBe('number');
          expect(
            (v as number)
              .toPrecision(15)
              .replace('.', '')
              .replace(/e\+\d+$/, ''),
          ).toBe(p.value.slice(0, 15));
          expect((v as number).toExponential(5).toUpperCase()).toBe(p.shown);
          expect(String(BigInt(v as number))).not.toBe(p.value);
        } else expect(String(cell(p.where!))).toBe(p.value);
      }
      expect(f.truth.filter((p) => p.damaged).length).toBeGreaterThan(0);
      expect(f.truth.filter((p) => p.type === 'mobile' && p.form === 'number-cell').length).toBeGreaterThan(0);
    }
  });

  it('wraps IDs over two lines of a narrow PDF column, holds full-width digits in its text, and reads every planted number back', async () => {
    for (const f of file('.pdf')) {
      const { text } = await extractText(new Uint8Array(f.bytes), { mergePages: true });
      const joined = text.normalize('NFKC').replace(/\s+/g, '');
      for (const p of f.truth) expect(joined, p.where).toContain(p.value);
      const fullwidth = f.truth.filter((p) => p.form === 'fullwidth');
      expect(fullwidth.length).toBeGreaterThan(0);
      const toFullwidth = (s: string) => s.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
      for (const p of fullwidth) expect(text, p.where).toContain(toFullwidth(p.value));
      const lines = text.split('\n').map((l) => l.replace(/\s+/g, ''));
      const wrapped = f.truth.filter((p) => p.form === 'wrapped');
      expect(wrapped.length).toBeGreaterThan(0);
      for (const p of wrapped)
        expect(
          lines.some((l) => l.includes(p.value)),
          p.value,
        ).toBe(false);
    }
  });
});

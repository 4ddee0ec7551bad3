/**
 * A letter as a PDF laid out as an official document (《党政机关公文格式》GB/T 9704, simplified): A4,
 * the 版心 156 × 225 mm at 37 mm from the top and 28 mm from the left; the title, the 发文字号, the
 * recipient, the body in 16 pt (三号) with two characters' indent, 22 lines a page; the 落款 (the
 * agency's name and the date) at the right, the agency's 电子印章 over the date where it has one;
 * the contacts below; page numbers at the foot. The font (Noto Sans SC, OFL) is embedded, subset to
 * the characters used, so the letter prints the same everywhere.
 */
import * as fontkit from 'fontkit';
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import { formatDate } from '#core/dates.ts';
import type { Letter } from '#core/letters.ts';

const fontFile = 'NotoSansHans-Regular.otf';

/** Beside the bundle in a deployed function (copied there at bundling), else from the package. */
function fontPath(): string {
  const beside = fileURLToPath(new URL(`./fonts/${fontFile}`, import.meta.url));
  if (existsSync(beside)) return beside;
  const entry = createRequire(import.meta.url).resolve('@embedpdf/fonts-sc');
  return join(dirname(entry), '..', 'fonts', fontFile);
}

/**
 * fontkit 2 as pdf-lib's font engine. pdf-lib's own fork (@pdf-lib/fontkit 1.1) subsets CID-keyed
 * CFF fonts such as Noto Sans SC wrongly (subroutines out of range: most characters print blank);
 * fontkit 2 subsets them correctly but encodes a subset at once, where pdf-lib reads a stream.
 */
const engine = {
  create(bytes: Uint8Array) {
    const font = fontkit.create(Buffer.from(bytes));
    const createSubset = font.createSubset.bind(font);
    font.createSubset = () => {
      const subset = createSubset();
      return Object.assign(subset, {
        encodeStream() {
          const stream = new EventEmitter();
          setImmediate(() => {
            stream.emit('data', subset.encode());
            stream.emit('end');
          });
          return stream;
        },
      });
    };
    return font;
  },
};

let fontBytes: Uint8Array | undefined;
const font = () => {
  fontBytes ??= readFileSync(fontPath());
  return fontBytes;
};

const mm = (value: number) => (value * 72) / 25.4;
const page = { width: mm(210), height: mm(297) };
const margin = { top: mm(37), left: mm(28), right: mm(26), bottom: mm(35) };
const textWidth = page.width - margin.left - margin.right;
const body = { size: 16, line: mm(225) / 22 };
const title = { size: 22, line: mm(14) };
const ink = rgb(0, 0, 0);
/** Punctuation that may not open a line (避头点): it stays at the end of the line before. */
const noLineStart = new Set('，。、；：？！）》」』〕”’…—'.split(''));

/** Lines of `text` no wider than `width`, broken between characters (as Chinese text breaks). */
function wrap(text: string, fontFace: PDFFont, size: number, width: number, indent = 0): string[] {
  const lines: string[] = [];
  let line = '';
  let room = width - indent;
  for (const char of text) {
    const next = line + char;
    if (fontFace.widthOfTextAtSize(next, size) > room && line && !noLineStart.has(char)) {
      lines.push(line);
      line = char;
      room = width;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

interface Options {
  /** The agency's 电子印章 (PNG), placed over the date. */
  seal?: Uint8Array;
}

/** The letter as PDF bytes. */
export async function letterPdf(letter: Letter, options: Options = {}): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(engine as unknown as Parameters<typeof pdf.registerFontkit>[0]);
  pdf.setTitle(`${letter.title}（${letter.number}）`);
  pdf.setAuthor(letter.agencyName);
  pdf.setSubject(letter.title);
  pdf.setCreator('gongkai');
  pdf.setLanguage('zh-CN');
  // Fixed dates: the same letter gives the same bytes (and the same hash in a case file).
  const issued = new Date(`${letter.issuedOn}T00:00:00+08:00`);
  pdf.setCreationDate(issued);
  pdf.setModificationDate(issued);
  const face = await pdf.embedFont(font(), { subset: true });
  const indent = face.widthOfTextAtSize('　　', body.size);

  const pages: PDFPage[] = [];
  let current!: PDFPage;
  let y = 0;
  const newPage = () => {
    current = pdf.addPage([page.width, page.height]);
    pages.push(current);
    y = page.height - margin.top;
  };
  const room = (height: number) => {
    if (y - height < margin.bottom) newPage();
  };
  const draw = (text: string, x: number, size: number) =>
    current.drawText(text, { x, y: y - size, size, font: face, color: ink });
  const centred = (text: string, size: number, line: number) => {
    for (const part of wrap(text, face, size, textWidth)) {
      room(line);
      draw(part, margin.left + (textWidth - face.widthOfTextAtSize(part, size)) / 2, size);
      y -= line;
    }
  };
  const paragraph = (text: string, firstIndent = indent) => {
    wrap(text, face, body.size, textWidth, firstIndent).forEach((part, i) => {
      room(body.line);
      draw(part, margin.left + (i === 0 ? firstIndent : 0), body.size);
      y -= body.line;
    });
  };
  const right = (text: string, fromRight: number) => {
    room(body.line);
    draw(text, page.width - margin.right - fromRight - face.widthOfTextAtSize(text, body.size), body.size);
    y -= body.line;
  };

  newPage();
  centred(letter.title, title.size, title.line);
  y -= body.line / 2;
  centred(letter.number, body.size, body.line);
  y -= body.line;
  paragraph(letter.recipient, 0);
  const at = letter.listAfter ?? 1;
  for (const p of letter.paragraphs.slice(0, at)) paragraph(p);
  for (const [i, item] of (letter.list ?? []).entries()) paragraph(`${i + 1}. ${item}`);
  for (const p of letter.paragraphs.slice(at)) paragraph(p);

  // 落款: the agency and the date at the right, four characters in from the edge; the seal over the date.
  y -= body.line * 2;
  room(body.line * 4);
  const date = formatDate(letter.issuedOn, false);
  const inset = face.widthOfTextAtSize('　　　　', body.size);
  const dateWidth = face.widthOfTextAtSize(date, body.size);
  const agencyWidth = face.widthOfTextAtSize(letter.agencyName, body.size);
  const block = Math.max(dateWidth, agencyWidth);
  right(letter.agencyName, inset + (block - agencyWidth) / 2);
  const dateY = y;
  right(date, inset + (block - dateWidth) / 2);
  if (options.seal) {
    const seal = await pdf.embedPng(options.seal);
    const size = mm(42);
    const centreX = page.width - margin.right - inset - block / 2;
    current.drawImage(seal, {
      x: centreX - size / 2,
      y: dateY - body.size / 2 - size / 2,
      width: size,
      height: size * (seal.height / seal.width),
      opacity: 0.9,
    });
  }
  if (letter.closing.length) {
    y -= body.line;
    for (const line of letter.closing)
      for (const part of wrap(line, face, 14, textWidth)) {
        room(body.line);
        draw(part, margin.left, 14);
        y -= body.line * 0.8;
      }
  }

  // 页码: — 1 —, 14 pt (四号), at the foot.
  pages.forEach((p, i) => {
    const text = `— ${i + 1} —`;
    p.drawText(text, {
      x: (page.width - face.widthOfTextAtSize(text, 14)) / 2,
      y: mm(20),
      size: 14,
      font: face,
      color: ink,
    });
  });
  // Without object streams the fonts' dictionaries stay readable, as archival copies are better kept.
  return pdf.save({ useObjectStreams: false });
}

/** A safe file name for a letter's PDF: its number and title (下载时的文件名). */
export const letterPdfName = (letter: Pick<Letter, 'number' | 'title'>) =>
  `${letter.number}${letter.title}.pdf`.replace(/[\\/:*?"<>|\s]/g, '');

/**
 * The text of an attachment, as segments the privacy scan reads: a PDF's text layer page by page
 * (unpdf, PDF.js built for servers), a Word document's paragraphs and table rows, a workbook's rows
 * with their cells (both are ZIP archives of XML: fflate unzips, htmlparser2 reads the XML), a CSV's
 * lines (UTF-8 or GBK). What has no text to read (an image, a scanned PDF, the old binary .doc and
 * .xls) comes back as the reason it must be checked by eye.
 */
import { type UnzipFileInfo, unzipSync } from 'fflate';
import { Parser } from 'htmlparser2';
import type { PrivacyWhere, TextSegment } from '#core/privacy.ts';
import { pngOf, readImage } from './ocr.ts';

/**
 * A file's text as segments (and, where OCR could not read some of its digits with confidence, why
 * a person must still look; the addresses its links point to, where they are not written out: a PDF's
 * link annotations, a Word document's or workbook's hyperlinks), or the reason it could not be read
 * at all.
 */
export type FileText = { segments: TextSegment[]; uncertain?: string; links?: string[] } | { unchecked: string };

/** An archive whose parts would unpack past this is not read (a ZIP bomb is reported, not expanded). */
const maxUnpacked = 64 * 1024 * 1024;

const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function fileText(bytes: Uint8Array, contentType: string, where: PrivacyWhere): Promise<FileText> {
  try {
    switch (contentType) {
      case 'application/pdf':
        return await pdfText(bytes, where);
      case docx:
        return wordText(bytes, where);
      case xlsx:
        return workbookText(bytes, where);
      case 'text/csv':
        return csvText(bytes, where);
      case 'image/jpeg':
      case 'image/png':
        return await imageText(bytes, where);
      default:
        return { unchecked: '旧版 Word/Excel 格式（.doc/.xls）无法自动读取，请人工核对或另存为 .docx/.xlsx' };
    }
  } catch (error) {
    if (error instanceof UnreadableFile) return { unchecked: error.message };
    return { unchecked: '文件无法读取（可能已损坏或加密），请人工核对' };
  }
}

class UnreadableFile extends Error {}

async function pdfText(bytes: Uint8Array, where: PrivacyWhere): Promise<FileText> {
  // PDF.js is 1.6 MB: loaded when a PDF is met, not at the function's cold start.
  const { extractImages, getDocumentProxy } = await import('unpdf');
  const document = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  try {
    const segments: TextSegment[] = [];
    const uncertain: number[] = [];
    let scanned = 0;
    let unread: number | undefined;
    const links: string[] = [];
    for (let n = 1; n <= document.numPages; n++) {
      const page = await document.getPage(n);
      for (const annotation of (await page.getAnnotations()) as { subtype?: string; url?: string }[])
        if (annotation.subtype === 'Link' && annotation.url) links.push(annotation.url);
      const { items } = await page.getTextContent();
      const text = layoutText(
        (items.filter((i) => 'str' in i) as PdfItem[]).map((i) => ({
          text: i.str,
          x: i.transform[4]!,
          y: i.transform[5]!,
          width: i.width,
          height: i.height || Math.abs(i.transform[3]!) || 10,
        })),
      );
      if (text.trim()) {
        segments.push({ where: { ...where, page: n }, text });
        continue;
      }
      // A page without a text layer (a scan): its pictures read by OCR, as many as the budget allows.
      for (const image of await extractImages(document, n)) {
        if (++scanned > ocrPagesPerFile) {
          unread ??= n;
          break;
        }
        const read = await ocrText(pngOf(image));
        if (read.uncertain) uncertain.push(n);
        if (read.text.trim()) segments.push({ where: { ...where, page: n }, text: read.text });
      }
    }
    if (!segments.length)
      return { unchecked: 'PDF 没有文字层（可能是扫描件），文字识别也未读出文字，无法自动检查，请人工核对' };
    const notes = [
      ...(uncertain.length ? [`扫描页（第 ${[...new Set(uncertain)].join('、')} 页）中有数字无法可靠识别`] : []),
      ...(unread ? [`扫描件第 ${unread} 页起页数过多，未做文字识别`] : []),
    ];
    return {
      segments,
      ...(notes.length && { uncertain: `${notes.join('；')}，请人工核对` }),
      ...(links.length && { links }),
    };
  } finally {
    await document.loadingTask.destroy();
  }
}

interface PdfItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

/** A piece of text on a page: where its baseline starts (y upwards), how wide and high. */
interface Piece {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}
const digitsOnly = /^[\d０-９XxＸ]+$/;

/**
 * A page's text as a reviewer sees its layout (a PDF's text items, or the words OCR read): lines from
 * top to bottom, the pieces of a line set apart by more than half their height as table cells (tabs),
 * and a number that wraps in a narrow column (the rest of it on the next line, at the same left edge)
 * joined to its first part by a line break within its cell.
 */
function layoutText(pieces: Piece[]): string {
  const lines: { y: number; height: number; pieces: Piece[] }[] = [];
  for (const piece of pieces.filter((p) => p.text.trim()).sort((a, b) => b.y - a.y)) {
    const line = lines.at(-1);
    if (line && Math.abs(line.y - piece.y) <= Math.max(2, piece.height * 0.4)) line.pieces.push(piece);
    else lines.push({ y: piece.y, height: piece.height, pieces: [piece] });
  }
  for (const line of lines) line.pieces.sort((a, b) => a.x - b.x);
  const cells = lines.map((line) => line.pieces.map((piece) => ({ piece, text: piece.text.trim() })));
  for (let l = 1; l < lines.length; l++) {
    if (lines[l - 1]!.y - lines[l]!.y > lines[l]!.height * 1.6) continue;
    for (const below of [...cells[l]!]) {
      const above = cells[l - 1]!.find(
        (c) => Math.abs(c.piece.x - below.piece.x) <= Math.max(1, below.piece.height / 2),
      );
      if (!above || !digitsOnly.test(above.text) || !digitsOnly.test(below.text)) continue;
      above.text += `\u2028${below.text}`;
      cells[l]!.splice(cells[l]!.indexOf(below), 1);
    }
  }
  return cells
    .filter((line) => line.length)
    .map((line) =>
      line
        .map((c, i) => {
          if (!i) return c.text;
          const previous = line[i - 1]!.piece;
          const gap = c.piece.x - (previous.x + previous.width);
          return `${gap > c.piece.height * 0.6 ? '\t' : gap > c.piece.height * 0.1 ? ' ' : ''}${c.text}`;
        })
        .join(''),
    )
    .join('\n');
}

/**
 * Pictures OCR reads in one file: a scanned page takes seconds (an A4 page at 200 dpi about 5 s,
 * more on a busy machine), so a long scan stays within the function's 15 minutes and the rest is left
 * to a person.
 */
const ocrPagesPerFile = 40;

/** Words OCR reads with less confidence than this, if they hold six digits or more (part of a number a person has), are left to a person. */
const confident = 60;

/** An image's words by OCR, laid out as a page; whether some digits were read without confidence. */
async function ocrText(bytes: Uint8Array): Promise<{ text: string; uncertain: boolean }> {
  const words = await readImage(bytes);
  return {
    text: layoutText(words.map((w) => ({ ...w, x: w.left, y: -(w.top + w.height) }))),
    uncertain: words.some((w) => /(?:\d\D?){6}/.test(w.text) && w.confidence < confident),
  };
}

/** A picture (PNG, JPEG): its words by OCR; one without any readable word, or with digits OCR is unsure of, is for a person to check. */
async function imageText(bytes: Uint8Array, where: PrivacyWhere): Promise<FileText> {
  const read = await ocrText(bytes);
  if (!read.text.trim()) return { unchecked: '图片中未能识别出文字（可能是照片或手写），请人工核对' };
  return {
    segments: [{ where, text: read.text }],
    ...(read.uncertain && { uncertain: '图片中有数字无法可靠识别，请人工核对' }),
  };
}

function unzip(bytes: Uint8Array, wanted: (name: string) => boolean): Record<string, string> {
  let unpacked = 0;
  const files = unzipSync(bytes, {
    filter: (file: UnzipFileInfo) => {
      if (!wanted(file.name)) return false;
      unpacked += file.originalSize;
      if (unpacked > maxUnpacked) throw new UnreadableFile('文件解压后过大，无法自动检查，请人工核对');
      return true;
    },
  });
  const decoder = new TextDecoder();
  return Object.fromEntries(Object.entries(files).map(([name, data]) => [name, decoder.decode(data)]));
}

/** Walks XML with element names as written (w:p, c, si …). */
function readXml(
  xml: string,
  on: {
    open?: (name: string, attrs: Record<string, string>) => void;
    text?: (text: string) => void;
    close?: (name: string) => void;
  },
) {
  const parser = new Parser(
    { onopentag: on.open, ontext: on.text, onclosetag: on.close },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
}

/**
 * Paragraphs outside tables, each a segment; each table one segment of rows (lines) and cells (tabs),
 * a line break or paragraph inside a cell kept as a break within it, each cell's place named
 * (表格 2 第 3 行第 4 列), so a column's header labels its numbers and a number over boxes is seen.
 */
function wordText(bytes: Uint8Array, where: PrivacyWhere): FileText {
  const parts = unzip(bytes, (name) =>
    /^word\/(_rels\/)?(document|header\d*|footer\d*|footnotes|endnotes)\.xml(\.rels)?$/.test(name),
  );
  if (!parts['word/document.xml']) throw new UnreadableFile('不是有效的 Word 文档，无法自动检查，请人工核对');
  const segments: TextSegment[] = [];
  let tableNumber = 0;
  for (const name of [
    'word/document.xml',
    ...Object.keys(parts)
      .filter((n) => n !== 'word/document.xml' && !n.endsWith('.rels'))
      .sort(),
  ]) {
    let depth = 0;
    let inText = false;
    let block = '';
    let cells: { ref: string; start: number }[] = [];
    let row = 0;
    let column = 0;
    let cellText = '';
    const flush = () => {
      if (block.trim())
        segments.push({
          where: { ...where, paragraph: segments.length + 1 },
          text: block,
          ...(cells.length && { cells }),
        });
      block = '';
      cells = [];
    };
    readXml(parts[name]!, {
      open: (tag) => {
        if (tag === 'w:tbl') {
          if (!depth) {
            flush();
            tableNumber += 1;
            row = 0;
          }
          depth += 1;
        } else if (tag === 'w:tr' && depth === 1) {
          row += 1;
          column = 0;
        } else if (tag === 'w:tc' && depth === 1) {
          column += 1;
          cellText = '';
          cells.push({ ref: `表格 ${tableNumber} 第 ${row} 行第 ${column} 列`, start: block.length });
        } else if (tag === 'w:t') inText = true;
        else if (tag === 'w:tab') block += ' ';
        else if (tag === 'w:br') block += depth ? '\u2028' : '\n';
      },
      text: (text) => {
        if (!inText) return;
        block += text;
        cellText += text;
      },
      close: (tag) => {
        if (tag === 'w:t') inText = false;
        else if (tag === 'w:tc' && depth === 1) block = `${block.replace(/\u2028$/, '')}\t`;
        else if (tag === 'w:tr' && depth === 1) block += '\n';
        else if (tag === 'w:p') {
          if (!depth) flush();
          else if (cellText && !block.endsWith('\t')) block += '\u2028';
        } else if (tag === 'w:tbl') {
          depth -= 1;
          if (!depth) flush();
        }
      },
    });
    flush();
  }
  return { segments, ...hyperlinks(parts) };
}

/** The addresses of an Office file's hyperlinks: its parts' relationships to targets outside the file. */
function hyperlinks(parts: Record<string, string>): { links?: string[] } {
  const links: string[] = [];
  for (const [name, xml] of Object.entries(parts))
    if (name.endsWith('.rels'))
      readXml(xml, {
        open: (tag, attrs) => {
          if (tag === 'Relationship' && attrs.TargetMode === 'External' && attrs.Type?.endsWith('/hyperlink'))
            links.push(attrs.Target ?? '');
        },
      });
  return links.length ? { links } : {};
}

/** Every sheet's rows, each a segment with its cells' references (Sheet1!C5). */
function workbookText(bytes: Uint8Array, where: PrivacyWhere): FileText {
  const parts = unzip(bytes, (name) =>
    /^xl\/(workbook\.xml|_rels\/workbook\.xml\.rels|sharedStrings\.xml|worksheets\/(_rels\/)?[^/]+\.xml(\.rels)?)$/.test(
      name,
    ),
  );
  if (!parts['xl/workbook.xml']) throw new UnreadableFile('不是有效的 Excel 工作簿，无法自动检查，请人工核对');
  const shared: string[] = [];
  let current: string | undefined;
  let inText = false;
  readXml(parts['xl/sharedStrings.xml'] ?? '', {
    open: (tag) => {
      if (tag === 'si') current = '';
      else if (tag === 't') inText = true;
    },
    text: (text) => {
      if (inText && current !== undefined) current += text;
    },
    close: (tag) => {
      if (tag === 't') inText = false;
      else if (tag === 'si') {
        shared.push(current ?? '');
        current = undefined;
      }
    },
  });
  const targets = new Map<string, string>();
  readXml(parts['xl/_rels/workbook.xml.rels'] ?? '', {
    open: (tag, attrs) => {
      if (tag === 'Relationship' && attrs.Id && attrs.Target)
        targets.set(attrs.Id, `xl/${attrs.Target.replace(/^\/?xl\//, '')}`);
    },
  });
  const sheets: { name: string; part: string }[] = [];
  readXml(parts['xl/workbook.xml'], {
    open: (tag, attrs) => {
      const part = targets.get(attrs['r:id'] ?? '');
      if (tag === 'sheet' && attrs.name && part && parts[part]) sheets.push({ name: attrs.name, part });
    },
  });
  const segments: TextSegment[] = [];
  for (const sheet of sheets) {
    let text = '';
    let column = 0;
    const cells: { ref: string; start: number }[] = [];
    let cell: { ref: string; type: string; value: string } | undefined;
    let reading = false;
    readXml(parts[sheet.part]!, {
      open: (tag, attrs) => {
        if (tag === 'row') column = 0;
        else if (tag === 'c') cell = { ref: attrs.r ?? '', type: attrs.t ?? 'n', value: '' };
        else if (cell && (tag === 'v' || tag === 't')) reading = true;
      },
      text: (value) => {
        if (reading && cell) cell.value += value;
      },
      close: (tag) => {
        if (tag === 'v' || tag === 't') reading = false;
        else if (tag === 'c' && cell) {
          const value = cellValue(cell.type === 's' ? (shared[Number(cell.value)] ?? '') : cell.value, cell.type);
          if (value.trim()) {
            // Each cell in its column (empty ones too), so a column's header labels what is under it.
            const at = columnIndex(cell.ref) ?? column;
            text += '\t'.repeat(Math.max(0, at - column));
            column = at;
            cells.push({ ref: cell.ref, start: text.length });
          }
          text += `${value}\t`;
          column += 1;
          cell = undefined;
        } else if (tag === 'row') text += '\n';
      },
    });
    if (text.trim()) segments.push({ where: { ...where, sheet: sheet.name }, text, cells });
  }
  return { segments, ...hyperlinks(parts) };
}

/** A cell's column from its reference (C5 is 2). */
function columnIndex(ref: string): number | undefined {
  const letters = /^[A-Z]+/.exec(ref)?.[0];
  if (!letters) return undefined;
  return [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1;
}

/**
 * A cell's text on one line of the sheet's text. A number typed with more than 15 digits (an ID or a
 * card number typed as a number) is held by Excel to 15 significant digits and shown as 2.20621E+17:
 * it is written in that notation, so the scan knows its last digits are lost.
 */
function cellValue(value: string, type: string): string {
  const number = Number(value);
  if ((type === 'n' || type === '') && value.trim() && Number.isFinite(number) && Math.abs(number) >= 1e15)
    return number
      .toPrecision(15)
      .replace(/\.?0+e/, 'e')
      .toUpperCase();
  return value.replace(/\t/g, ' ').replace(/\r?\n/g, '\u2028');
}

/** A CSV's lines; offices save them in GBK as often as in UTF-8. */
function csvText(bytes: Uint8Array, where: PrivacyWhere): FileText {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('gbk').decode(bytes);
  }
  // One text of lines and cells, so a column's header labels what is under it; each line's place named.
  const lines = text.split(/\r?\n/);
  const cells: { ref: string; start: number }[] = [];
  let joined = '';
  for (const [i, line] of lines.entries()) {
    cells.push({ ref: `第 ${i + 1} 行`, start: joined.length });
    joined += `${line.replaceAll(',', '\t')}\n`;
  }
  return { segments: joined.trim() ? [{ where, text: joined, cells }] : [] };
}

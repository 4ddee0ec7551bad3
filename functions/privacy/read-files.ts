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

export type FileText = { segments: TextSegment[] } | { unchecked: string };

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
        return { unchecked: '图片中的文字无法自动识别，请人工核对' };
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
  const { extractText, getDocumentProxy } = await import('unpdf');
  const document = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  try {
    const { text } = await extractText(document, { mergePages: false });
    if (!text.some((page) => page.trim()))
      return { unchecked: 'PDF 没有文字层（可能是扫描件），无法自动检查，请人工核对' };
    return { segments: text.map((page, i) => ({ where: { ...where, page: i + 1 }, text: page })) };
  } finally {
    await document.loadingTask.destroy();
  }
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

/** Paragraphs outside tables, and each table row with its cells joined by tabs (a name and its number side by side). */
function wordText(bytes: Uint8Array, where: PrivacyWhere): FileText {
  const parts = unzip(bytes, (name) => /^word\/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$/.test(name));
  if (!parts['word/document.xml']) throw new UnreadableFile('不是有效的 Word 文档，无法自动检查，请人工核对');
  const segments: TextSegment[] = [];
  for (const name of [
    'word/document.xml',
    ...Object.keys(parts)
      .filter((n) => n !== 'word/document.xml')
      .sort(),
  ]) {
    let tables = 0;
    let inText = false;
    let block = '';
    const flush = () => {
      if (block.trim()) segments.push({ where: { ...where, paragraph: segments.length + 1 }, text: block });
      block = '';
    };
    readXml(parts[name]!, {
      open: (tag) => {
        if (tag === 'w:tbl') {
          flush();
          tables += 1;
        } else if (tag === 'w:t') inText = true;
        else if (tag === 'w:tab' || tag === 'w:br') block += ' ';
      },
      text: (text) => {
        if (inText) block += text;
      },
      close: (tag) => {
        if (tag === 'w:t') inText = false;
        else if (tag === 'w:tc') block += '\t';
        else if (tag === 'w:tr' || tag === 'w:tbl') flush();
        else if (tag === 'w:p') tables ? (block += ' ') : flush();
        if (tag === 'w:tbl') tables -= 1;
      },
    });
    flush();
  }
  return { segments };
}

/** Every sheet's rows, each a segment with its cells' references (Sheet1!C5). */
function workbookText(bytes: Uint8Array, where: PrivacyWhere): FileText {
  const parts = unzip(bytes, (name) =>
    /^xl\/(workbook\.xml|_rels\/workbook\.xml\.rels|sharedStrings\.xml|worksheets\/[^/]+\.xml)$/.test(name),
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
    let row = { text: '', cells: [] as { ref: string; start: number }[] };
    let cell: { ref: string; type: string; value: string } | undefined;
    let reading = false;
    readXml(parts[sheet.part]!, {
      open: (tag, attrs) => {
        if (tag === 'row') row = { text: '', cells: [] };
        else if (tag === 'c') cell = { ref: attrs.r ?? '', type: attrs.t ?? 'n', value: '' };
        else if (cell && (tag === 'v' || tag === 't')) reading = true;
      },
      text: (text) => {
        if (reading && cell) cell.value += text;
      },
      close: (tag) => {
        if (tag === 'v' || tag === 't') reading = false;
        else if (tag === 'c' && cell) {
          const value = cell.type === 's' ? (shared[Number(cell.value)] ?? '') : cell.value;
          if (value.trim()) {
            row.cells.push({ ref: cell.ref, start: row.text.length });
            row.text += `${value}\t`;
          }
          cell = undefined;
        } else if (tag === 'row' && row.text.trim())
          segments.push({ where: { ...where, sheet: sheet.name }, text: row.text, cells: row.cells });
      },
    });
  }
  return { segments };
}

/** A CSV's lines; offices save them in GBK as often as in UTF-8. */
function csvText(bytes: Uint8Array, where: PrivacyWhere): FileText {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('gbk').decode(bytes);
  }
  return {
    segments: text
      .split(/\r?\n/)
      .map((line, i) => ({ where: { ...where, paragraph: i + 1 }, text: line.replaceAll(',', '\t') }))
      .filter((s) => s.text.trim()),
  };
}

/**
 * The second reading of a redacted file, every time: the output is reopened by engines other than
 * the one that wrote it and each guarantee of issue 43 is checked — for a PDF by pdf.js (unpdf) and a
 * scan of every decompressed byte, the privacy scanner, the text outside the marks against the
 * original's, the file's structure (one revision, nothing unreachable, no annotation, form, outline,
 * metadata, attachment or script), and the pixels of images under the marks. Each check names the
 * marks it failed for; its detail is for the staff member, in Chinese.
 */
import { unzlibSync, inflateSync } from 'fflate';
import {
  decodePDFRawStream,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFArray,
  PDFString,
  PDFHexString,
} from 'pdf-lib';
import type { LocatedMark, VerificationCheck } from '#core/redaction.ts';
import { personalNumbersIn } from '#core/privacy-scan.ts';
import { decodeImage, jpegSegments, pixelRect, pngChunks } from './image.ts';
import { compact } from './match.ts';
import { intersects, objectBounds, pageImages, pixelsUnder, FPDF_PAGEOBJ_PATH } from './pdf.ts';
import { type Box, heap, openPdf, pageFrame, userBox } from './pdfium.ts';
import { producer } from './clean.ts';

export type Check = VerificationCheck;

const pass = (name: string, detail: string): Check => ({ name, passed: true, detail });
const fail = (name: string, detail: string, markIds: string[]): Check => ({
  name,
  passed: false,
  detail,
  markIds: [...new Set(markIds)],
});

/** The marks that withhold words (text, pattern, findings) with their strings. */
const withStrings = (marks: readonly LocatedMark[]) => marks.filter((m) => m.strings.length);

/** The personal numbers a mark withholds: those the scanner reads in its strings. */
export const markNumbers = (mark: LocatedMark) =>
  new Set(
    mark.strings.flatMap((s) => [
      ...personalNumbersIn(s).map((n) => n.digits),
      ...(mark.input.kind === 'findings' ? [s.replace(/[^0-9Xx]/g, '').toUpperCase()] : []),
    ]),
  );

// ---- bytes ----

/** The forms a string takes in a file's bytes: UTF-8, UTF-16BE, and both as hex strings. */
export function byteForms(text: string): string[] {
  const utf8 = Buffer.from(text, 'utf8');
  const utf16 = Buffer.from(text, 'utf16le').swap16();
  const forms = [utf8.toString('latin1'), utf16.toString('latin1')];
  for (const b of [utf8, utf16]) forms.push(b.toString('hex'), b.toString('hex').toUpperCase());
  return [...new Set(forms)];
}

/** Long enough that finding it in bytes by chance is unlikely (four bytes of text, or two CJK characters). */
const scannable = (text: string) => Buffer.byteLength(text, 'utf8') >= 4;

/** Whether any of the strings (long enough to scan) stands in the texts in any of its byte forms. */
export const bytesHold = (texts: readonly string[], strings: readonly string[]) =>
  strings.some((s) => scannable(s) && byteForms(s).some((f) => texts.some((t) => t.includes(f))));

/** Every stream of a PDF, inflated where it is compressed (read from the bytes, not through a parser). */
export function pdfByteTexts(bytes: Uint8Array): string[] {
  const raw = Buffer.from(bytes).toString('latin1');
  const texts = [raw];
  const start = /stream\r?\n/g;
  for (let m = start.exec(raw); m; m = start.exec(raw)) {
    const from = m.index + m[0].length;
    const end = raw.indexOf('endstream', from);
    if (end < 0) break;
    const data = bytes.subarray(from, end);
    for (const inflate of [unzlibSync, inflateSync])
      try {
        texts.push(Buffer.from(inflate(data)).toString('latin1'));
        break;
      } catch {}
    start.lastIndex = end + 'endstream'.length;
  }
  return texts;
}

/** Check: no marked string in any of the texts (raw or decompressed), in any of its forms. */
export function bytesCheck(texts: readonly string[], marks: readonly LocatedMark[], what: string): Check {
  const failed: string[] = [];
  let skipped = 0;
  for (const mark of withStrings(marks))
    for (const s of mark.strings) {
      if (!scannable(s)) {
        skipped += 1;
        continue;
      }
      const forms = byteForms(s);
      if (texts.some((t) => forms.some((f) => t.includes(f)))) failed.push(mark.id);
    }
  const note = skipped ? `（${skipped} 处过短的文字不逐字节检查，由文字提取检查）` : '';
  return failed.length
    ? fail('bytes', `${what}解压后的字节中仍有标记的文字（第 ${failed.map(n).join('、')} 项标记）`, failed)
    : pass('bytes', `${what}解压后的全部字节中没有任何标记的文字${note}`);
}

const n = (id: string) => id.replace(/^m/, '');

// ---- pdf.js ----

interface PdfjsItem {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** The unit direction the text advances in, and the one up from its baseline (user space). */
  dir: [number, number];
  up: [number, number];
  /** In optional content of a document that hides some of its layers (which the engine leaves out). */
  layered?: true;
}

/** A point of an item: `along` its baseline from its origin, `above` it. */
const itemPoint = (i: PdfjsItem, along: number, above: number): [number, number] => [
  i.x + i.dir[0] * along + i.up[0] * above,
  i.y + i.dir[1] * along + i.up[1] * above,
];
interface PdfjsPage {
  items: PdfjsItem[];
  /** User space to the shown page (points from the top-left corner, rotation applied). */
  shown: (x: number, y: number) => [number, number];
  annotations: string;
}

/** A PDF read by pdf.js: each page's text items and its annotations' text. */
export async function readWithPdfjs(bytes: Uint8Array): Promise<PdfjsPage[]> {
  const { getDocumentProxy } = await import('unpdf');
  const document = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  try {
    // A layer the document hides: its text is no one's to see, and the engine leaves it out.
    const layers = (await document.getOptionalContentConfig()) as unknown as Iterable<[string, { visible: boolean }]>;
    const hidesLayers = [...layers].some(([, group]) => !group.visible);
    const pages: PdfjsPage[] = [];
    for (let i = 1; i <= document.numPages; i++) {
      const page = await document.getPage(i);
      const viewport = page.getViewport({ scale: 1 });
      const { items } = await page.getTextContent({ includeMarkedContent: hidesLayers });
      const annotations = await page.getAnnotations();
      const read: PdfjsItem[] = [];
      const layered: boolean[] = [];
      for (const item of items as {
        str?: string;
        transform?: number[];
        width?: number;
        height?: number;
        type?: string;
        tag?: string;
      }[]) {
        if (item.type === 'beginMarkedContentProps' || item.type === 'beginMarkedContent')
          layered.push(item.tag === 'OC' || layered.at(-1) === true);
        else if (item.type === 'endMarkedContent') layered.pop();
        if (item.str === undefined || !item.transform) continue;
        const [a = 1, b = 0, c = 0, d = 1, x = 0, y = 0] = item.transform;
        const size = Math.hypot(a, b) || 1;
        const dir: [number, number] = [a / size, b / size];
        const upSize = Math.hypot(c, d);
        const up: [number, number] = upSize ? [c / upSize, d / upSize] : [-dir[1], dir[0]];
        read.push({
          str: item.str,
          x,
          y,
          width: item.width ?? 0,
          height: item.height || upSize || 10,
          dir,
          up,
          ...(layered.at(-1) && { layered: true }),
        });
      }
      pages.push({
        items: read,
        shown: (x, y) => viewport.convertToViewportPoint(x, y) as [number, number],
        annotations: JSON.stringify(annotations),
      });
    }
    return pages;
  } finally {
    await document.loadingTask.destroy();
  }
}

/** A page's text lines as pdf.js reads them, each with its shown box (lines of any direction). */
function pdfjsLines(page: PdfjsPage) {
  const lines: { key: string; across: number; height: number; items: PdfjsItem[] }[] = [];
  const across = (i: PdfjsItem) => -i.dir[1] * i.x + i.dir[0] * i.y;
  const along = (i: PdfjsItem) => i.dir[0] * i.x + i.dir[1] * i.y;
  for (const item of page.items.filter((i) => i.str.trim())) {
    const key = `${Math.round(item.dir[0] * 4)},${Math.round(item.dir[1] * 4)}`;
    const line = lines.find(
      (l) => l.key === key && Math.abs(l.across - across(item)) <= Math.max(2, item.height * 0.4),
    );
    if (line) line.items.push(item);
    else lines.push({ key, across: across(item), height: item.height, items: [item] });
  }
  return lines.map((line) => {
    line.items.sort((a, b) => along(a) - along(b));
    const corners = line.items.flatMap((i) =>
      [
        itemPoint(i, 0, -i.height * 0.2),
        itemPoint(i, i.width, -i.height * 0.2),
        itemPoint(i, 0, i.height * 0.8),
        itemPoint(i, i.width, i.height * 0.8),
      ].map(([x, y]) => page.shown(x, y)),
    );
    const xs = corners.map((c) => c[0]);
    const ys = corners.map((c) => c[1]);
    return {
      text: line.items.map((i) => i.str).join(' '),
      box: {
        x: Math.min(...xs),
        y: Math.min(...ys),
        width: Math.max(...xs) - Math.min(...xs),
        height: Math.max(...ys) - Math.min(...ys),
      },
    };
  });
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
const inside = (x: number, y: number, r: Rect, inset = 0.5) =>
  x > r.x + inset && x < r.x + r.width - inset && y > r.y + inset && y < r.y + r.height - inset;

const marksOnPage = (marks: readonly LocatedMark[], page: number) =>
  marks.flatMap((mark) =>
    mark.places.filter((p) => p.page === page).flatMap((p) => (p.rects ?? []).map((rect) => ({ mark, rect }))),
  );

/** Check: no marked string in the text or annotations pdf.js reads. */
export function extractedTextCheck(pages: readonly PdfjsPage[], marks: readonly LocatedMark[]): Check {
  const text = compact(pages.map((p) => `${p.items.map((i) => i.str).join('')}\n${p.annotations}`).join('\n'));
  const failed = withStrings(marks).filter((m) => m.strings.some((s) => text.includes(compact(s))));
  return failed.length
    ? fail(
        'text',
        `用另一引擎（pdf.js）重新读取，文字或注释中仍有第 ${failed.map((m) => n(m.id)).join('、')} 项标记的文字`,
        failed.map((m) => m.id),
      )
    : pass('text', `用另一引擎（pdf.js）重新读取 ${pages.length} 页，文字和注释中都没有标记的文字`);
}

const occurrences = (text: string, part: string) => (part ? text.split(part).length - 1 : 0);

/**
 * Check: no half of a withheld string survives where the original did not have it elsewhere (a mark
 * that covers only part of a number leaves its region and birth year readable). Each fragment of half
 * the string's length may stand in the output only as often as it stood in the original outside the
 * withheld strings.
 */
export function fragmentsCheck(
  before: readonly PdfjsPage[],
  after: readonly PdfjsPage[],
  marks: readonly LocatedMark[],
): Check {
  const original = compact(before.map((p) => p.items.map((i) => i.str).join('')).join('\n'));
  const output = compact(after.map((p) => p.items.map((i) => i.str).join('')).join('\n'));
  const failed: string[] = [];
  for (const mark of withStrings(marks))
    for (const s of mark.strings) {
      const whole = compact(s);
      if (whole.length < 8) continue;
      const size = Math.ceil(whole.length / 2);
      for (let i = 0; i + size <= whole.length; i++) {
        const part = whole.slice(i, i + size);
        const elsewhere = occurrences(original, part) - occurrences(original, whole) * occurrences(whole, part);
        if (occurrences(output, part) > Math.max(0, elsewhere)) {
          failed.push(mark.id);
          break;
        }
      }
    }
  return failed.length
    ? fail(
        'fragments',
        `第 ${[...new Set(failed)].map(n).join('、')} 项标记的文字在结果中仍有一半以上可读（标记可能只盖住了一部分）`,
        failed,
      )
    : pass('fragments', '标记的文字在结果中没有留下可读的片段');
}

/** Check: no character pdf.js reads stands inside a mark's rectangle. */
export function areaCheck(pages: readonly PdfjsPage[], marks: readonly LocatedMark[]): Check {
  const failed: string[] = [];
  const where: string[] = [];
  pages.forEach((page, i) => {
    const rects = marksOnPage(marks, i + 1);
    if (!rects.length) return;
    for (const item of page.items) {
      const chars = [...item.str];
      chars.forEach((c, k) => {
        if (!c.trim()) return;
        const [x, y] = page.shown(...itemPoint(item, (item.width * (k + 0.5)) / chars.length, item.height * 0.35));
        for (const { mark, rect } of rects)
          if (inside(x, y, rect)) {
            failed.push(mark.id);
            where.push(`第 ${i + 1} 页`);
          }
      });
    }
  });
  return failed.length
    ? fail(
        'areas',
        `${[...new Set(where)].join('、')}的标记区域内仍有文字（第 ${[...new Set(failed)].map(n).join('、')} 项标记）`,
        failed,
      )
    : pass('areas', '所有标记区域内都没有可提取的文字');
}

/** Check: the privacy scanner finds none of the numbers the marks withhold in the output's text. */
export function privacyCheck(texts: readonly string[], marks: readonly LocatedMark[]): Check {
  const found = new Set(texts.flatMap((t) => personalNumbersIn(t).map((h) => h.digits.toUpperCase())));
  const failed = marks.filter((m) => [...markNumbers(m)].some((d) => found.has(d)));
  const withheld = new Set(marks.flatMap((m) => [...markNumbers(m)])).size;
  return failed.length
    ? fail(
        'privacy',
        `个人信息检查在结果中仍发现第 ${failed.map((m) => n(m.id)).join('、')} 项标记删除的号码`,
        failed.map((m) => m.id),
      )
    : pass('privacy', `个人信息检查在结果中未发现标记删除的号码（共 ${withheld} 个）`);
}

/** Check: each line of the original no mark touches is in the output, unchanged. */
export function unchangedCheck(
  before: readonly PdfjsPage[],
  after: readonly PdfjsPage[],
  marks: readonly LocatedMark[],
): Check {
  const missing: string[] = [];
  let kept = 0;
  const needles = withStrings(marks)
    .flatMap((m) => m.strings.map(compact))
    .filter(Boolean);
  if (after.length !== before.length)
    return fail(
      'unchanged',
      `结果有 ${after.length} 页，原文件有 ${before.length} 页`,
      marks.map((m) => m.id),
    );
  before.forEach((page, i) => {
    const rects = marksOnPage(marks, i + 1).map((r) => r.rect);
    const output = pdfjsLines(after[i]!).map((l) => ({ text: compact(l.text), box: l.box }));
    for (const line of pdfjsLines({ ...page, items: page.items.filter((item) => !item.layered) })) {
      const text = compact(line.text);
      if (!text || rects.some((r) => touches(r, line.box)) || needles.some((s) => text.includes(s))) continue;
      kept += 1;
      const same = output.some(
        (o) => o.text.includes(text) && Math.abs(o.box.x - line.box.x) < 2 && Math.abs(o.box.y - line.box.y) < 2,
      );
      if (!same) missing.push(`第 ${i + 1} 页「${line.text.trim().slice(0, 20)}」`);
    }
  });
  return missing.length
    ? fail(
        'unchanged',
        `标记以外的文字有 ${missing.length} 行在结果中不见、改变或移位：${missing.slice(0, 3).join('；')}`,
        marks.map((m) => m.id),
      )
    : pass('unchanged', `标记以外的 ${kept} 行文字在结果中都原样保留在原处`);
}

/** A mark touches a line when it covers a good part of the line's height (not a sliver at its edge). */
function touches(r: Rect, line: Rect) {
  const w = Math.min(r.x + r.width, line.x + line.width) - Math.max(r.x, line.x);
  const h = Math.min(r.y + r.height, line.y + line.height) - Math.max(r.y, line.y);
  return w > 0 && h > 0 && h >= 0.3 * Math.min(line.height, r.height) && w >= 0.3 * Math.min(line.width, r.width);
}

// ---- the file's structure ----

/** Check: one revision, every object reachable from the trailer. */
export async function revisionCheck(bytes: Uint8Array, allMarks: string[], loaded?: PDFDocument): Promise<Check> {
  const raw = Buffer.from(bytes).toString('latin1');
  const eofs = raw.match(/%%EOF/g)?.length ?? 0;
  const startxrefs = raw.match(/startxref/g)?.length ?? 0;
  const doc = loaded ?? (await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true }));
  const { context } = doc;
  const reached = new Set<string>();
  const walk = (o: unknown) => {
    if (o instanceof PDFRef) {
      const key = o.toString();
      if (reached.has(key)) return;
      reached.add(key);
      walk(context.lookup(o));
    } else if (o instanceof PDFDict) for (const v of o.values()) walk(v);
    else if (o instanceof PDFArray) for (const v of o.asArray()) walk(v);
    else if (o instanceof PDFStream) walk(o.dict);
  };
  walk(context.trailerInfo.Root);
  walk(context.trailerInfo.Info);
  const all = context.enumerateIndirectObjects().filter(([, o]) => !isXrefOrObjStream(o));
  const unreachable = all.filter(([ref]) => !reached.has(ref.toString())).length;
  const problems = [
    ...(eofs !== 1 || startxrefs !== 1 ? [`文件有 ${Math.max(eofs, startxrefs)} 个版本（增量保存），应只有一个`] : []),
    ...(unreachable ? [`有 ${unreachable} 个从文件结构无法到达的对象（可能留有删除前的内容）`] : []),
  ];
  return problems.length
    ? fail('revision', problems.join('；'), allMarks)
    : pass('revision', `文件只有一个版本，${all.length} 个对象都从页面可达`);
}

const isXrefOrObjStream = (o: unknown) => {
  if (!(o instanceof PDFStream)) return false;
  const type = o.dict.get(PDFName.of('Type'));
  return type === PDFName.of('XRef') || type === PDFName.of('ObjStm');
};

const catalogueAllowed = new Set(['Type', 'Pages', 'Version']);
const pageForbidden = ['Annots', 'AA', 'PieceInfo', 'Thumb', 'Metadata', 'StructParents', 'B'];
const objectForbidden = [
  'JS',
  'JavaScript',
  'EmbeddedFile',
  'EmbeddedFiles',
  'ActualText',
  'Alt',
  'PieceInfo',
  'Metadata',
  'Outlines',
  'Dests',
  'AcroForm',
  'OpenAction',
  'URI',
  'Launch',
];

/** Check: nothing of the catalogue's list left (annotations, forms, outlines, destinations, metadata, attachments, scripts, marked-content copies). */
export async function catalogueCheck(bytes: Uint8Array, allMarks: string[], loaded?: PDFDocument): Promise<Check> {
  const doc = loaded ?? (await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true }));
  const { context } = doc;
  const problems = new Set<string>();
  const catalog = doc.catalog;
  for (const key of catalog.keys()) {
    const name = key.asString().slice(1);
    if (!catalogueAllowed.has(name)) problems.add(`文档目录中有 /${name}`);
  }
  const info = context.lookup(context.trailerInfo.Info);
  if (info instanceof PDFDict)
    for (const key of info.keys()) if (key.asString() !== '/Producer') problems.add(`文档信息中有 ${key.asString()}`);
  const made = info instanceof PDFDict ? info.lookup(PDFName.of('Producer')) : undefined;
  if (made && !((made instanceof PDFString || made instanceof PDFHexString) && made.decodeText() === producer))
    problems.add('文档信息的 Producer 不是本平台');
  for (const [i, page] of doc.getPages().entries())
    for (const key of pageForbidden) if (page.node.get(PDFName.of(key))) problems.add(`第 ${i + 1} 页有 /${key}`);
  for (const [, object] of context.enumerateIndirectObjects()) {
    const dict = object instanceof PDFDict ? object : object instanceof PDFStream ? object.dict : undefined;
    if (dict) for (const key of objectForbidden) if (dict.get(PDFName.of(key))) problems.add(`对象中有 /${key}`);
    if (dict?.get(PDFName.of('Type')) === PDFName.of('Annot')) problems.add('有注释对象');
  }
  // Content streams (pages' and form XObjects'): no marked-content property lists left.
  const contents = doc.getPages().flatMap((page) => {
    const c = page.node.get(PDFName.of('Contents'));
    return c instanceof PDFArray ? c.asArray() : [c];
  });
  const forms = context
    .enumerateIndirectObjects()
    .filter(([, o]) => o instanceof PDFStream && o.dict.get(PDFName.of('Subtype')) === PDFName.of('Form'))
    .map(([ref]) => ref);
  for (const ref of [...contents, ...forms]) {
    const stream = ref instanceof PDFRef ? context.lookup(ref) : ref;
    if (!(stream instanceof PDFRawStream)) continue;
    try {
      const text = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
      if (/\bBDC\b/.test(text)) problems.add('内容流中有带属性的标记内容（BDC，可能含 ActualText/Alt）');
    } catch {}
  }
  const raw = pdfByteTexts(bytes).join('\n');
  for (const key of ['/JavaScript', '/JS', '/EmbeddedFile', '/ActualText', '/Annots', '/AcroForm', '/Outlines'])
    if (new RegExp(`${key}(?![A-Za-z0-9])`).test(raw)) problems.add(`字节中有 ${key}`);
  if (raw.includes('x:xmpmeta')) problems.add('字节中有 XMP 元数据');
  return problems.size
    ? fail('catalogue', `文件中仍有应删除的内容：${[...problems].slice(0, 5).join('；')}`, allMarks)
    : pass(
        'catalogue',
        '没有注释、表单域值、书签、命名目标、文档信息、XMP 元数据、附件、脚本、页面附加数据或 ActualText/Alt 副本',
      );
}

// ---- what PDFium sees under the marks ----

/** Check: image pixels under each mark are dark, and no vector art is left within a mark (but its black box). */
export async function underMarksChecks(bytes: Uint8Array, marks: readonly LocatedMark[]): Promise<Check[]> {
  const doc = await openPdf(bytes);
  const darkFailed: string[] = [];
  const artFailed: string[] = [];
  let images = 0;
  try {
    const { P } = doc;
    for (let i = 0; i < doc.pageCount; i++) {
      const entries = marksOnPage(marks, i + 1);
      if (!entries.length) continue;
      const page = doc.page(i);
      const frame = pageFrame(P, page);
      const boxes = entries.map(({ mark, rect }) => ({ mark, box: userBox(frame, rect) }));
      for (const { object, matrix } of pageImages(P, page)) {
        const bounds = objectBounds(P, object);
        const under = boxes.filter((b) => !bounds || intersects(b.box, bounds));
        if (!under.length) continue;
        const bitmap = P.FPDFImageObj_GetBitmap(object);
        if (!bitmap) continue;
        images += 1;
        try {
          const width = P.FPDFBitmap_GetWidth(bitmap);
          const height = P.FPDFBitmap_GetHeight(bitmap);
          const stride = P.FPDFBitmap_GetStride(bitmap);
          const bpp = ({ 1: 1, 2: 3, 3: 4, 4: 4 } as Record<number, number>)[P.FPDFBitmap_GetFormat(bitmap)] ?? 4;
          const buffer = P.FPDFBitmap_GetBuffer(bitmap);
          const bytesOf = heap(P).HEAPU8;
          for (const { mark, box } of under)
            pixelsUnder(matrix, width, height, box, (row, from, to) => {
              for (let col = from; col <= to; col++) {
                const p = buffer + row * stride + col * bpp;
                const channels = bpp === 1 ? 1 : 3;
                for (let c = 0; c < channels; c++)
                  if (bytesOf[p + c]! > 64) {
                    darkFailed.push(mark.id);
                    return;
                  }
              }
            });
        } finally {
          P.FPDFBitmap_Destroy(bitmap);
        }
      }
      const count = P.FPDFPage_CountObjects(page);
      for (let k = 0; k < count; k++) {
        const object = P.FPDFPage_GetObject(page, k);
        if (P.FPDFPageObj_GetType(object) !== FPDF_PAGEOBJ_PATH) continue;
        const b = objectBounds(P, object);
        if (!b) continue;
        for (const { mark, box } of boxes)
          if (
            within(b, box) &&
            !isBox(
              b,
              boxes.map((x) => x.box),
            )
          )
            artFailed.push(mark.id);
      }
    }
  } finally {
    doc.close();
  }
  return [
    darkFailed.length
      ? fail('images', `第 ${[...new Set(darkFailed)].map(n).join('、')} 项标记下的图像像素未涂黑`, darkFailed)
      : pass('images', images ? `标记下的 ${images} 幅图像像素都已涂黑` : '标记下没有图像'),
    artFailed.length
      ? fail('vectors', `第 ${[...new Set(artFailed)].map(n).join('、')} 项标记内仍有矢量图形`, artFailed)
      : pass('vectors', '标记内除遮盖框外没有矢量图形'),
  ];
}

const within = (a: Box, b: Box) =>
  a.left >= b.left - 0.5 && a.right <= b.right + 0.5 && a.bottom >= b.bottom - 0.5 && a.top <= b.top + 0.5;
const isBox = (a: Box, boxes: Box[]) =>
  boxes.some(
    (b) =>
      Math.abs(a.left - b.left) < 1 &&
      Math.abs(a.right - b.right) < 1 &&
      Math.abs(a.bottom - b.bottom) < 1 &&
      Math.abs(a.top - b.top) < 1,
  );

/** Every check of a redacted PDF against its original. */
export async function verifyPdf(
  original: Uint8Array,
  output: Uint8Array,
  marks: readonly LocatedMark[],
): Promise<Check[]> {
  const all = marks.map((m) => m.id);
  const [before, after] = [await readWithPdfjs(original), await readWithPdfjs(output)];
  const structure = await PDFDocument.load(output, { updateMetadata: false, ignoreEncryption: true });
  const pageTexts = after.map((p) =>
    pdfjsLines(p)
      .map((l) => l.text)
      .join('\n'),
  );
  return [
    extractedTextCheck(after, marks),
    fragmentsCheck(before, after, marks),
    bytesCheck(pdfByteTexts(output), marks, 'PDF 的原始和'),
    areaCheck(after, marks),
    privacyCheck([...pageTexts, ...after.map((p) => p.annotations)], marks),
    unchangedCheck(before, after, marks),
    await revisionCheck(output, all, structure),
    await catalogueCheck(output, all, structure),
    ...(await underMarksChecks(output, marks)),
  ];
}

// ---- images ----

const allowedPngChunks = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS']);
/** JPEG segments that carry pixels or their coding (APP0 JFIF among them), none of metadata. */
const allowedJpegMarker = (m: number) =>
  m === 0xe0 || (m >= 0xc0 && m <= 0xcf) || m === 0xdb || m === 0xdd || m === 0xda;

/** Check of a redacted JPEG or PNG: its pixels under every mark dark, no metadata left. */
export function verifyImage(output: Uint8Array, format: 'jpeg' | 'png', marks: readonly LocatedMark[]): Check[] {
  const pixels = decodeImage(output, format);
  const failed: string[] = [];
  for (const mark of marks)
    for (const rect of mark.places.flatMap((p) => p.rects ?? [])) {
      const { x0, y0, x1, y1 } = pixelRect(pixels, rect);
      // A pixel in from the edge: JPEG's blocks blur the box's border.
      for (let y = y0 + 1; y < y1 - 1 && !failed.includes(mark.id); y++)
        for (let x = x0 + 1; x < x1 - 1; x++) {
          const p = (y * pixels.width + x) * 4;
          if (Math.max(pixels.data[p]!, pixels.data[p + 1]!, pixels.data[p + 2]!) > 64) {
            failed.push(mark.id);
            break;
          }
        }
    }
  const metadata =
    format === 'png'
      ? pngChunks(output).filter((t) => !allowedPngChunks.has(t))
      : jpegSegments(output)
          .map((s) => s.marker)
          .filter((m) => !allowedJpegMarker(m))
          .map((m) => `0xFF${m.toString(16).toUpperCase()}`);
  return [
    failed.length
      ? fail('pixels', `第 ${failed.map(n).join('、')} 项标记区域内的像素未全部涂黑`, failed)
      : pass('pixels', `重新解码结果图片，${marks.length} 处标记区域内的像素都已涂黑`),
    metadata.length
      ? fail(
          'metadata',
          `图片仍带有元数据段：${[...new Set(metadata)].join('、')}`,
          marks.map((m) => m.id),
        )
      : pass('metadata', '图片不带任何元数据（EXIF、XMP、文字说明等）'),
  ];
}

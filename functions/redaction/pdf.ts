/**
 * PDF redaction with PDFium: each mark's rectangles become Redact annotations applied by PDFium
 * (the glyphs, the vector art within and the image pixels under them removed from the content, not
 * covered), the pixels of images under a mark made black, a black box drawn at each mark; then the
 * file is saved once, clean (`clean.ts`). Coordinates in and out are the contract's: points from the
 * page's top-left corner as shown.
 */
import type { LocatedMark, MarkInput } from '#core/redaction.ts';
import { encodePng, outlined } from './image.ts';
import { compact, findMark, personalNumbers, RedactionInputError } from './match.ts';
import {
  type Box,
  floats,
  free,
  heap,
  openPdf,
  type PageFrame,
  type PdfDoc,
  type Pdfium,
  type PageChars,
  pageChars,
  pageFrame,
  type ShownRect,
  shownRect,
  readFloats,
  savePdf,
  userBox,
} from './pdfium.ts';

export async function describePdf(bytes: Uint8Array) {
  const doc = await openPdf(bytes);
  try {
    const pages = [];
    for (let i = 0; i < doc.pageCount; i++) {
      const { width, height } = pageFrame(doc.P, doc.page(i));
      pages.push({ width: round(width), height: round(height) });
    }
    return pages;
  } finally {
    doc.close();
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Each page's mark rectangles in user space. */
export function rectsByPage(marks: readonly LocatedMark[], frames: (page: number) => PageFrame) {
  const byPage = new Map<number, { mark: LocatedMark; box: Box }[]>();
  for (const mark of marks)
    for (const place of mark.places) {
      if (!place.page || !place.rects) continue;
      const frame = frames(place.page);
      const list = byPage.get(place.page) ?? [];
      for (const rect of place.rects) list.push({ mark, box: userBox(frame, rect) });
      byPage.set(place.page, list);
    }
  return byPage;
}

const FPDF_ANNOT_REDACT = 28;
const FPDF_PAGEOBJ_PATH = 2;
const FPDF_PAGEOBJ_IMAGE = 3;
const FPDF_PAGEOBJ_FORM = 5;

/** A 2D affine matrix [a b c d e f] (PDF order). */
type Matrix = [number, number, number, number, number, number];
const identity: Matrix = [1, 0, 0, 1, 0, 0];
/** m applied first, then n. */
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2],
  m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2],
  m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4],
  m[4] * n[1] + m[5] * n[3] + n[5],
];

export function objectMatrix(P: Pdfium, object: number): Matrix {
  const ptr = floats(P, [0, 0, 0, 0, 0, 0]);
  try {
    return P.FPDFPageObj_GetMatrix(object, ptr) ? (readFloats(P, ptr, 6) as Matrix) : identity;
  } finally {
    free(P, ptr);
  }
}

export function objectBounds(P: Pdfium, object: number): Box | undefined {
  const ptr = floats(P, [0, 0, 0, 0]);
  try {
    if (!P.FPDFPageObj_GetBounds(object, ptr, ptr + 4, ptr + 8, ptr + 12)) return undefined;
    const [left, bottom, right, top] = readFloats(P, ptr, 4) as [number, number, number, number];
    return { left, bottom, right, top };
  } finally {
    free(P, ptr);
  }
}

export const intersects = (a: Box, b: Box) =>
  a.left < b.right && b.left < a.right && a.bottom < b.top && b.bottom < a.top;

/** Every image on a page (also inside form XObjects) with the matrix that places its unit square on the page. */
export function pageImages(P: Pdfium, page: number): { object: number; matrix: Matrix }[] {
  const found: { object: number; matrix: Matrix }[] = [];
  const walk = (count: number, get: (i: number) => number, outer: Matrix, depth: number) => {
    for (let i = 0; i < count; i++) {
      const object = get(i);
      const type = P.FPDFPageObj_GetType(object);
      if (type === FPDF_PAGEOBJ_IMAGE) found.push({ object, matrix: multiply(objectMatrix(P, object), outer) });
      else if (type === FPDF_PAGEOBJ_FORM && depth < 8)
        walk(
          P.FPDFFormObj_CountObjects(object),
          (k) => P.FPDFFormObj_GetObject(object, k),
          multiply(objectMatrix(P, object), outer),
          depth + 1,
        );
    }
  };
  walk(P.FPDFPage_CountObjects(page), (i) => P.FPDFPage_GetObject(page, i), identity, 0);
  return found;
}

/**
 * The pixels of an image under a box: for each row, the columns whose centres the image's matrix
 * places inside the box. `visit` gets the row and the column range.
 */
export function pixelsUnder(
  matrix: Matrix,
  width: number,
  height: number,
  box: Box,
  visit: (row: number, from: number, to: number) => void,
) {
  const [a, b, c, d, e, f] = matrix;
  const det = a * d - b * c;
  if (!det) return;
  // The box's corners in the image's unit square, for the range of rows and columns to look at.
  const inverse = (x: number, y: number) => {
    const dx = x - e;
    const dy = y - f;
    return [(d * dx - c * dy) / det, (-b * dx + a * dy) / det] as const;
  };
  const corners = [
    inverse(box.left, box.bottom),
    inverse(box.left, box.top),
    inverse(box.right, box.bottom),
    inverse(box.right, box.top),
  ];
  const us = corners.map((p) => p[0]);
  const vs = corners.map((p) => p[1]);
  const col0 = Math.max(0, Math.floor(Math.min(...us) * width));
  const col1 = Math.min(width - 1, Math.ceil(Math.max(...us) * width));
  const row0 = Math.max(0, Math.floor((1 - Math.max(...vs)) * height));
  const row1 = Math.min(height - 1, Math.ceil((1 - Math.min(...vs)) * height));
  for (let row = row0; row <= row1; row++) {
    let from = -1;
    let to = -1;
    const v = 1 - (row + 0.5) / height;
    for (let col = col0; col <= col1; col++) {
      const u = (col + 0.5) / width;
      const x = a * u + c * v + e;
      const y = b * u + d * v + f;
      if (x >= box.left && x <= box.right && y >= box.bottom && y <= box.top) {
        if (from < 0) from = col;
        to = col;
      }
    }
    if (from >= 0) visit(row, from, to);
  }
}

/** Bytes per pixel of PDFium's bitmap formats (gray, BGR, BGRx, BGRA). */
const bytesPerPixel = (format: number) => ({ 1: 1, 2: 3, 3: 4, 4: 4 })[format] ?? 4;

/** Makes an image object's pixels under the boxes black; true if any changed. */
function blackenImage(P: Pdfium, object: number, matrix: Matrix, boxes: Box[]): boolean {
  const bitmap = P.FPDFImageObj_GetBitmap(object);
  if (!bitmap) return false;
  try {
    const width = P.FPDFBitmap_GetWidth(bitmap);
    const height = P.FPDFBitmap_GetHeight(bitmap);
    const stride = P.FPDFBitmap_GetStride(bitmap);
    const bpp = bytesPerPixel(P.FPDFBitmap_GetFormat(bitmap));
    const buffer = P.FPDFBitmap_GetBuffer(bitmap);
    let changed = false;
    for (const box of boxes)
      pixelsUnder(matrix, width, height, box, (row, from, to) => {
        const start = buffer + row * stride + from * bpp;
        const end = buffer + row * stride + (to + 1) * bpp;
        if (bpp === 4) for (let p = start; p < end; p += 4) heap(P).HEAPU8.fill(0, p, p + 3);
        else heap(P).HEAPU8.fill(0, start, end);
        changed = true;
      });
    if (changed) P.FPDFImageObj_SetBitmap(0, 0, object, bitmap);
    return changed;
  } finally {
    P.FPDFBitmap_Destroy(bitmap);
  }
}

/** Applies the marks to the open document's pages; the document is then saved by the caller. */
export function applyMarks(doc: PdfDoc, marks: readonly LocatedMark[]) {
  const { P } = doc;
  const frames = new Map<number, PageFrame>();
  const frame = (n: number) => {
    if (n < 1 || n > doc.pageCount) throw new RangeError(`page ${n} of ${doc.pageCount}`);
    let f = frames.get(n);
    if (!f) {
      f = pageFrame(P, doc.page(n - 1));
      frames.set(n, f);
    }
    return f;
  };
  for (const [n, entries] of rectsByPage(marks, frame)) {
    const page = doc.page(n - 1);
    // PDFium removes what the Redact annotations cover: text, vector art within, image pixels.
    for (const { box } of entries) {
      const annot = P.FPDFPage_CreateAnnot(page, FPDF_ANNOT_REDACT);
      const rect = floats(P, [box.left, box.top, box.right, box.bottom]);
      P.FPDFAnnot_SetRect(annot, rect);
      free(P, rect);
      P.FPDFPage_CloseAnnot(annot);
    }
    if (!P.EPDFPage_ApplyRedactions(page)) throw new Error(`PDFium could not apply the redactions on page ${n}`);
    const boxes = entries.map((e) => e.box);
    for (const { object, matrix } of pageImages(P, page)) {
      const bounds = objectBounds(P, object);
      const under = boxes.filter((b) => !bounds || intersects(b, bounds));
      if (under.length) blackenImage(P, object, matrix, under);
    }
    for (const box of boxes) {
      const path = P.FPDFPageObj_CreateNewRect(box.left, box.bottom, box.right - box.left, box.top - box.bottom);
      P.FPDFPageObj_SetFillColor(path, 0, 0, 0, 255);
      P.FPDFPath_SetDrawMode(path, 1, false);
      P.FPDFPage_InsertObject(page, path);
    }
    if (!P.FPDFPage_GenerateContent(page)) throw new Error(`PDFium could not write page ${n}`);
  }
}

/** The marks applied and the document saved by PDFium (still to be cleaned). */
export async function redactWithPdfium(bytes: Uint8Array, marks: readonly LocatedMark[]): Promise<Uint8Array> {
  const doc = await openPdf(bytes);
  try {
    applyMarks(doc, marks);
    doc.P.EPDF_RemoveEncryption(doc.doc);
    return savePdf(doc.P, doc.doc);
  } finally {
    doc.close();
  }
}

export { FPDF_PAGEOBJ_PATH, type Matrix };

/** A range of a page's characters as rectangles, one for each line it runs over, in shown coordinates. */
export function rangeRects(chars: PageChars, start: number, end: number, frame: PageFrame): ShownRect[] {
  const lines: ShownRect[] = [];
  let single = false;
  let previous: ShownRect | undefined;
  for (let i = start; i < end; i++) {
    const box = chars.box(i);
    if (!box) continue;
    const r = shownRect(frame, box);
    // Text at an angle (a stamp at 45°) is not merged: one rectangle over it would cover what lies beside it.
    const aligned =
      previous &&
      (Math.abs(previous.y + previous.height / 2 - (r.y + r.height / 2)) <= 0.25 * r.height ||
        Math.abs(previous.x + previous.width / 2 - (r.x + r.width / 2)) <= 0.25 * r.width);
    previous = r;
    const line = aligned ? lines.at(-1) : undefined;
    // The same row (text across the page), or the same column (text down it: a line still one character wide, or taller than wide).
    const across = line ? Math.min(line.y + line.height, r.y + r.height) - Math.max(line.y, r.y) : 0;
    const down = line ? Math.min(line.x + line.width, r.x + r.width) - Math.max(line.x, r.x) : 0;
    const row =
      line &&
      across >= 0.5 * Math.min(line.height, r.height) &&
      r.x >= line.x - r.height &&
      r.x <= line.x + line.width + r.height;
    const column =
      line &&
      (single || line.height >= line.width) &&
      down >= 0.5 * Math.min(line.width, r.width) &&
      r.y >= line.y - r.width &&
      r.y <= line.y + line.height + r.width;
    if (line && (row || column)) {
      const x = Math.min(line.x, r.x);
      const y = Math.min(line.y, r.y);
      line.width = Math.max(line.x + line.width, r.x + r.width) - x;
      line.height = Math.max(line.y + line.height, r.y + r.height) - y;
      line.x = x;
      line.y = y;
      single = false;
    } else {
      lines.push({ ...r });
      single = true;
    }
  }
  return lines.map((r) => ({ x: round(r.x), y: round(r.y), width: round(r.width), height: round(r.height) }));
}

/** Each mark's places on the pages of a PDF. */
export async function locatePdf(
  bytes: Uint8Array,
  marks: readonly MarkInput[],
  except: readonly string[],
): Promise<LocatedMark[]> {
  const doc = await openPdf(bytes);
  let opened: { chars: PageChars }[] = [];
  try {
    const pages = Array.from({ length: doc.pageCount }, (_, i) => {
      const page = doc.page(i);
      return { frame: pageFrame(doc.P, page), chars: pageChars(doc.P, page) };
    });
    opened = pages;
    const numbers = marks.some((m) => m.kind === 'findings')
      ? personalNumbers(
          pages.map((p) => p.chars.text),
          except,
        )
      : [];
    return marks.map((input, k) => {
      const id = `m${k + 1}`;
      if (input.kind === 'area') {
        const frame = pages[input.page - 1]?.frame;
        if (!frame)
          throw new RedactionInputError(`第 ${k + 1} 项标记：文件只有 ${pages.length} 页，没有第 ${input.page} 页`);
        const x = Math.max(0, input.x);
        const y = Math.max(0, input.y);
        const width = Math.min(frame.width, input.x + input.width) - x;
        const height = Math.min(frame.height, input.y + input.height) - y;
        if (!(width > 0 && height > 0))
          throw new RedactionInputError(`第 ${k + 1} 项标记：区域不在第 ${input.page} 页的范围内，请重新框选`);
        const rect = { x, y, width, height };
        return {
          id,
          input,
          places: [{ page: input.page, rects: [rect] }],
          strings: wordsUnder(pages, input.page, rect),
        };
      }
      const strings = new Set<string>(input.kind === 'text' ? [input.text] : []);
      const places = pages.flatMap(({ frame, chars }, i) => {
        const rects = findMark(chars.text, input, k + 1, numbers).flatMap((range) => {
          strings.add(input.kind === 'findings' ? range.text.replace(/[^0-9Xx０-９]/g, '') : range.text);
          return rangeRects(chars, range.start, range.end, frame);
        });
        return rects.length ? [{ page: i + 1, rects }] : [];
      });
      return { id, input, places, strings: [...strings].filter(Boolean) };
    });
  } finally {
    for (const page of opened) page.chars.close();
    doc.close();
  }
}

/**
 * The words under an area (characters whose centre it covers, in runs), for the second reading to
 * look for: only runs of four bytes or more that stand nowhere else in the file, so finding one
 * afterwards means it was not removed.
 */
function wordsUnder(pages: { frame: PageFrame; chars: PageChars }[], page: number, rect: ShownRect): string[] {
  const { frame, chars } = pages[page - 1]!;
  const box = userBox(frame, rect);
  const runs: string[] = [];
  let run = '';
  for (let i = 0; i < chars.text.length; i++) {
    const b = chars.box(i);
    const cx = b ? (b.left + b.right) / 2 : Number.NaN;
    const cy = b ? (b.bottom + b.top) / 2 : Number.NaN;
    if (b && cx > box.left && cx < box.right && cy > box.bottom && cy < box.top) run += chars.text[i];
    else if (!b && run && /\s/.test(chars.text[i]!)) run += ' ';
    else if (run) {
      runs.push(run);
      run = '';
    }
  }
  if (run) runs.push(run);
  const whole = pages.map((p) => compact(p.chars.text)).join('\n');
  const count = (needle: string) => whole.split(needle).length - 1;
  return [...new Set(runs.map((r) => r.trim()))].filter(
    (r) => Buffer.byteLength(compact(r)) >= 4 && count(compact(r)) === 1,
  );
}

/** Pixels a page image may have (4 MP: an A4 page at 1,700 px wide). */
const maxRenderPixels = 4_000_000;

/** A page rendered as PNG, `width` pixels wide (narrower where the pixel budget needs), the marks' rectangles outlined in red. */
export async function renderPdfPage(
  bytes: Uint8Array,
  pageNumber: number,
  width: number,
  marks: readonly LocatedMark[] = [],
): Promise<Uint8Array> {
  const doc = await openPdf(bytes);
  try {
    if (pageNumber < 1 || pageNumber > doc.pageCount)
      throw new RedactionInputError(`文件只有 ${doc.pageCount} 页，没有第 ${pageNumber} 页`);
    const { P } = doc;
    const page = doc.page(pageNumber - 1);
    const frame = pageFrame(P, page);
    // A page image is held to a pixel budget whatever the page's shape (a 20 × 14,400 pt page at the
    // width asked would take gigabytes): a long page is drawn narrower.
    const scale = Math.min(width / frame.width, Math.sqrt(maxRenderPixels / (frame.width * frame.height)));
    width = Math.max(1, Math.floor(frame.width * scale));
    const height = Math.max(1, Math.floor(frame.height * scale));
    const bitmap = P.FPDFBitmap_Create(width, height, 0);
    try {
      P.FPDFBitmap_FillRect(bitmap, 0, 0, width, height, 0xffffffff);
      P.FPDF_RenderPageBitmap(bitmap, page, 0, 0, width, height, 0, 0x01 /* FPDF_ANNOT */);
      const stride = P.FPDFBitmap_GetStride(bitmap);
      const buffer = P.FPDFBitmap_GetBuffer(bitmap);
      const bytesOf = heap(P).HEAPU8;
      const rgba = Buffer.alloc(width * height * 4);
      for (let y = 0; y < height; y++)
        for (let x = 0; x < width; x++) {
          const s = buffer + y * stride + x * 4;
          const d = (y * width + x) * 4;
          rgba[d] = bytesOf[s + 2]!;
          rgba[d + 1] = bytesOf[s + 1]!;
          rgba[d + 2] = bytesOf[s]!;
          rgba[d + 3] = 255;
        }
      const rects = marks.flatMap((m) => m.places.filter((p) => p.page === pageNumber).flatMap((p) => p.rects ?? []));
      return encodePng(outlined({ width, height, data: rgba }, rects, scale));
    } finally {
      P.FPDFBitmap_Destroy(bitmap);
    }
  } finally {
    doc.close();
  }
}

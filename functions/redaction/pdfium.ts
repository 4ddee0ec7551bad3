/**
 * PDFium as WebAssembly (@embedpdf/pdfium, MIT/Apache-2.0), loaded once per instance on first use
 * (about 170 ms), with the helpers the engine needs: documents in and out of its memory, pages, text
 * and bitmaps. The .wasm is read from beside the bundle in a deployed function (copied there at
 * bundling, as the letters' font is), else from the package in node_modules.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { init, type WrappedPdfiumModule } from '@embedpdf/pdfium';

export type Pdfium = WrappedPdfiumModule;
export const wasmFile = 'pdfium.wasm';

/** Beside the bundle in a deployed function, else from the package. */
export function wasmPath(): string {
  const beside = fileURLToPath(new URL(`./pdfium/${wasmFile}`, import.meta.url));
  if (existsSync(beside)) return beside;
  const entry = createRequire(import.meta.url).resolve('@embedpdf/pdfium');
  return join(dirname(entry), wasmFile);
}

let loading: Promise<Pdfium> | undefined;
/** The instance's PDFium, initialised on first call. */
export function pdfium(): Promise<Pdfium> {
  loading ??= (async () => {
    const wasmBinary = readFileSync(wasmPath());
    const module = await init({
      wasmBinary: wasmBinary.buffer.slice(
        wasmBinary.byteOffset,
        wasmBinary.byteOffset + wasmBinary.byteLength,
      ) as ArrayBuffer,
    });
    module.PDFiumExt_Init();
    return module;
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/** After PDFium aborted (out of memory, a trap), its memory may be in any state: the next call loads it afresh. */
export function discardPdfium(): void {
  loading = undefined;
}

/** PDFium's memory as typed arrays (fetched each time: memory growth replaces them). */
export const heap = (P: Pdfium) =>
  P.pdfium as unknown as { HEAPU8: Uint8Array; HEAPF32: Float32Array; HEAPF64: Float64Array; HEAP32: Int32Array };

/** Float32 scratch memory for rectangles and matrices, freed by `free`. */
export const floats = (P: Pdfium, values: number[]) => {
  const ptr = P.pdfium.wasmExports.malloc(values.length * 4);
  heap(P).HEAPF32.set(values, ptr >> 2);
  return ptr;
};
export const readFloats = (P: Pdfium, ptr: number, n: number) => [
  ...heap(P).HEAPF32.subarray(ptr >> 2, (ptr >> 2) + n),
];
export const readDoubles = (P: Pdfium, ptr: number, n: number) => [
  ...heap(P).HEAPF64.subarray(ptr >> 3, (ptr >> 3) + n),
];
export const free = (P: Pdfium, ...ptrs: number[]) => {
  for (const ptr of ptrs) if (ptr) P.pdfium.wasmExports.free(ptr);
};

export class PdfOpenError extends Error {}

/** An open document: its pages opened on demand and closed with it. */
export interface PdfDoc {
  P: Pdfium;
  doc: number;
  pageCount: number;
  page(index: number): number;
  close(): void;
}

/** Opens a PDF held in PDFium's memory (the bytes stay there until the document is closed). */
export async function openPdf(bytes: Uint8Array): Promise<PdfDoc> {
  const P = await pdfium();
  const data = P.pdfium.wasmExports.malloc(bytes.length || 1);
  heap(P).HEAPU8.set(bytes, data);
  const doc = P.FPDF_LoadMemDocument(data, bytes.length, '');
  if (!doc) {
    const code = P.FPDF_GetLastError();
    free(P, data);
    throw new PdfOpenError(code === 4 ? 'PDF 文件有密码保护，无法处理' : 'PDF 文件无法读取（可能已损坏）');
  }
  const pages = new Map<number, number>();
  return {
    P,
    doc,
    pageCount: P.FPDF_GetPageCount(doc),
    page(index) {
      let page = pages.get(index);
      if (!page) {
        page = P.FPDF_LoadPage(doc, index);
        if (!page) throw new PdfOpenError(`PDF 第 ${index + 1} 页无法读取`);
        pages.set(index, page);
      }
      return page;
    },
    close() {
      for (const page of pages.values()) P.FPDF_ClosePage(page);
      P.FPDF_CloseDocument(doc);
      free(P, data);
    },
  };
}

/** The document saved by PDFium (a full save, not an incremental one). */
export function savePdf(P: Pdfium, doc: number): Uint8Array {
  const writer = P.PDFiumExt_OpenFileWriter();
  try {
    if (!P.PDFiumExt_SaveAsCopy(doc, writer)) throw new Error('PDFium could not save the document');
    const size = P.PDFiumExt_GetFileWriterSize(writer);
    const ptr = P.pdfium.wasmExports.malloc(size);
    try {
      P.PDFiumExt_GetFileWriterData(writer, ptr, size);
      return heap(P).HEAPU8.slice(ptr, ptr + size);
    } finally {
      free(P, ptr);
    }
  } finally {
    P.PDFiumExt_CloseFileWriter(writer);
  }
}

/** A page's box as shown (crop box within the media box, user space) and its rotation in quarter turns clockwise. */
export interface PageFrame {
  left: number;
  bottom: number;
  right: number;
  top: number;
  rotation: number;
  /** Shown size, rotation applied. */
  width: number;
  height: number;
}

export function pageFrame(P: Pdfium, page: number): PageFrame {
  const ptr = floats(P, [0, 0, 0, 0]);
  try {
    P.FPDF_GetPageBoundingBox(page, ptr);
    const [left, top, right, bottom] = readFloats(P, ptr, 4) as [number, number, number, number];
    const rotation = ((P.FPDFPage_GetRotation(page) % 4) + 4) % 4;
    const w = right - left;
    const h = top - bottom;
    return { left, bottom, right, top, rotation, width: rotation % 2 ? h : w, height: rotation % 2 ? w : h };
  } finally {
    free(P, ptr);
  }
}

/** A point of user space as shown: from the top-left corner, rotation applied. */
export function toShown(f: PageFrame, x: number, y: number): [number, number] {
  switch (f.rotation) {
    case 1:
      return [y - f.bottom, x - f.left];
    case 2:
      return [f.right - x, y - f.bottom];
    case 3:
      return [f.top - y, f.right - x];
    default:
      return [x - f.left, f.top - y];
  }
}

/** A shown point back in user space. */
export function toUser(f: PageFrame, X: number, Y: number): [number, number] {
  switch (f.rotation) {
    case 1:
      return [f.left + Y, f.bottom + X];
    case 2:
      return [f.right - X, f.bottom + Y];
    case 3:
      return [f.right - Y, f.top - X];
    default:
      return [f.left + X, f.top - Y];
  }
}

export interface Box {
  left: number;
  bottom: number;
  right: number;
  top: number;
}
export interface ShownRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A user-space box as a shown rectangle. */
export function shownRect(f: PageFrame, b: Box): ShownRect {
  const [x1, y1] = toShown(f, b.left, b.bottom);
  const [x2, y2] = toShown(f, b.right, b.top);
  return { x: Math.min(x1, x2), y: Math.min(y1, y2), width: Math.abs(x2 - x1), height: Math.abs(y2 - y1) };
}

/** A shown rectangle as a user-space box. */
export function userBox(f: PageFrame, r: ShownRect): Box {
  const [x1, y1] = toUser(f, r.x, r.y);
  const [x2, y2] = toUser(f, r.x + r.width, r.y + r.height);
  return { left: Math.min(x1, x2), bottom: Math.min(y1, y2), right: Math.max(x1, x2), top: Math.max(y1, y2) };
}

/**
 * A page's characters (PDFium's text page): each character and its box in user space — the loose box
 * (the advance along the line, so a run of characters is one rectangle) held to the glyph's own box
 * widened by a quarter of the font size, since a CJK font's loose box can be three lines high and a
 * mark would then reach into the lines above and below.
 */
export interface PageChars {
  text: string;
  /** A character's box, read from PDFium when first asked for. */
  box(index: number): Box | undefined;
  close(): void;
}
export function pageChars(P: Pdfium, page: number): PageChars {
  const textPage = P.FPDFText_LoadPage(page);
  const n = P.FPDFText_CountChars(textPage);
  // The whole text in one call (UTF-16, a unit per character), else character by character.
  const buffer = P.pdfium.wasmExports.malloc((n + 1) * 2);
  let text = '';
  const written = P.FPDFText_GetText(textPage, 0, n, buffer);
  if (written === n + 1) text = Buffer.from(heap(P).HEAPU8.slice(buffer, buffer + n * 2)).toString('utf16le');
  free(P, buffer);
  if (text.length !== n) {
    text = '';
    for (let i = 0; i < n; i++) text += String.fromCharCode(P.FPDFText_GetUnicode(textPage, i));
  }
  const loose = floats(P, [0, 0, 0, 0]);
  const tight = P.pdfium.wasmExports.malloc(32);
  const boxes = new Map<number, Box | undefined>();
  const read = (i: number): Box | undefined => {
    if (!P.FPDFText_GetLooseCharBox(textPage, i, loose)) return undefined;
    const [left, top, right, bottom] = readFloats(P, loose, 4) as [number, number, number, number];
    if (!(right > left && top > bottom)) return undefined;
    const box = { left, top, right, bottom };
    const size = P.FPDFText_GetFontSize(textPage, i);
    if (size > 0 && P.FPDFText_GetCharBox(textPage, i, tight, tight + 8, tight + 16, tight + 24)) {
      const [l, r, b, t] = readDoubles(P, tight, 4) as [number, number, number, number];
      if (r > l || t > b) {
        const pad = size / 4;
        box.left = Math.max(box.left, l - pad);
        box.right = Math.min(box.right, r + pad);
        box.bottom = Math.max(box.bottom, b - pad);
        box.top = Math.min(box.top, t + pad);
      }
    }
    return box.right > box.left && box.top > box.bottom ? box : { left, top, right, bottom };
  };
  let open = true;
  return {
    text,
    box(i) {
      if (!boxes.has(i)) {
        if (!open) throw new Error('text page closed');
        boxes.set(i, read(i));
      }
      return boxes.get(i);
    },
    close() {
      if (!open) return;
      open = false;
      free(P, loose, tight);
      P.FPDFText_ClosePage(textPage);
    },
  };
}

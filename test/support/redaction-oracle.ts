/**
 * An outside checker for redacted files (issue 43), written without reading the engine: given a file's
 * bytes and the strings that must be gone, it looks for every survival it can think of.
 *
 * - Raw bytes in latin-1, UTF-8, UTF-16BE and UTF-16LE.
 * - PDF: every `stream … endstream` inflated (object streams included) and scanned again; every literal
 *   string (escapes and octal undone) and hex string decoded as latin-1, UTF-16BE and UTF-8, each alone and
 *   the strings of one stream run together (a TJ array splits words); XML character references undone;
 *   the text pdf.js reads (unpdf: extractText, getTextContent, annotations, form fields, outline, named
 *   destinations, metadata and XMP, attachments and their bytes, JavaScript actions). Also the revisions
 *   (`%%EOF`, `startxref`) and what remains of /Annots, /AcroForm, /Metadata, /EmbeddedFiles, /JavaScript,
 *   /Outlines (and a page's /Thumb and /PieceInfo).
 * - DOCX/XLSX: every zip part, raw, with character references undone and with tags stripped (so a word
 *   split over two runs is found whole).
 * - JPEG/PNG: metadata segments and chunks (zTXt and compressed iTXt inflated), and pixels: the mean
 *   brightness inside a rectangle. For a PDF, the same of the page's (largest) image.
 */
import { strFromU8, unzipSync } from 'fflate';
import jpeg from 'jpeg-js';
import { inflateRawSync, inflateSync, constants as zlibConstants } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFName, type PDFNumber, PDFRawStream, type PDFStream } from 'pdf-lib';
import { PNG } from 'pngjs';
import { extractText, getDocumentProxy } from 'unpdf';

export interface Survival {
  sentinel: string;
  where: string;
}
export interface OracleReport {
  kind: 'pdf' | 'zip' | 'jpeg' | 'png' | 'unknown';
  survivals: Survival[];
  /** The file's readable text (pdf.js's page text; the zip's XML with tags stripped), for the controls. */
  text: string;
  /** PDF: how many `%%EOF` and `startxref` the bytes hold (one clean revision: 1 and 1). */
  eofs: number;
  startxrefs: number;
  /** PDF: catalogue entries that item 4 removes and are still there; images: metadata segments or chunks. */
  leftovers: string[];
  /** Where the reading itself failed (a stream that would not inflate is not a failure; pdf.js refusing the file is). */
  errors: string[];
}

const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
const isLatin1 = (s: string) => [...s].every((c) => c.charCodeAt(0) < 256);
const squash = (s: string) => s.replace(/\s+/g, '');

/** The byte forms a string may take in a file. */
function forms(sentinel: string): { name: string; bytes: Buffer }[] {
  const out = [
    { name: 'UTF-8', bytes: Buffer.from(sentinel, 'utf8') },
    { name: 'UTF-16LE', bytes: Buffer.from(sentinel, 'utf16le') },
    { name: 'UTF-16BE', bytes: Buffer.from(sentinel, 'utf16le').swap16() },
  ];
  if (isLatin1(sentinel)) out.push({ name: 'latin-1', bytes: Buffer.from(sentinel, 'latin1') });
  return out;
}

/** Undoes XML character references and the five entities. */
const unXml = (s: string) =>
  s
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

class Finder {
  survivals: Survival[] = [];
  private seen = new Set<string>();
  private readonly sentinels: string[];
  constructor(sentinels: string[]) {
    this.sentinels = sentinels;
  }
  private found(sentinel: string, where: string) {
    const key = `${sentinel}\u0000${where}`;
    if (!this.seen.has(key)) {
      this.seen.add(key);
      this.survivals.push({ sentinel, where });
    }
  }
  bytes(b: Uint8Array, where: string) {
    const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
    for (const s of this.sentinels)
      for (const f of forms(s)) if (buf.includes(f.bytes)) this.found(s, `${where} (${f.name})`);
    // Text with character references undone (XML parts, XMP); only worth it where there are any.
    const text = buf.toString('utf8');
    if (/&#/.test(text)) this.text(unXml(text), `${where} (XML character references)`);
  }
  text(t: string, where: string) {
    const flat = squash(t);
    for (const s of this.sentinels) if (t.includes(s) || flat.includes(squash(s))) this.found(s, where);
  }
}

// ---------------------------------------------------------------------------------------------------
// PDF
// ---------------------------------------------------------------------------------------------------
/** Literal strings `( … )` with nesting and escapes undone, and hex strings `< … >`, as bytes. */
export function pdfStrings(src: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  const n = src.length;
  for (let i = 0; i < n; i++) {
    const c = src[i];
    if (c === '(') {
      const bytes: number[] = [];
      let depth = 1;
      let j = i + 1;
      for (; j < n && depth > 0 && j - i < 65536; j++) {
        const ch = src.charCodeAt(j);
        if (ch === 0x5c) {
          const next = src[j + 1] ?? '';
          const simple: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };
          if (next in simple) {
            bytes.push(simple[next]!);
            j++;
          } else if (/[0-7]/.test(next)) {
            const oct = /^[0-7]{1,3}/.exec(src.slice(j + 1, j + 4))![0];
            bytes.push(Number.parseInt(oct, 8) & 0xff);
            j += oct.length;
          } else if (next === '\r' || next === '\n') {
            j += next === '\r' && src[j + 2] === '\n' ? 2 : 1;
          } else j++;
        } else if (ch === 0x28) {
          depth++;
          bytes.push(ch);
        } else if (ch === 0x29) {
          depth--;
          if (depth > 0) bytes.push(ch);
        } else bytes.push(ch & 0xff);
      }
      if (depth === 0) {
        out.push(Uint8Array.from(bytes));
        i = j - 1;
      }
    } else if (c === '<' && src[i + 1] !== '<') {
      const end = src.indexOf('>', i + 1);
      if (end < 0) continue;
      const body = src.slice(i + 1, end);
      if (/^[0-9A-Fa-f\s]*$/.test(body)) {
        let hex = body.replace(/\s/g, '');
        if (hex.length % 2) hex += '0';
        out.push(Uint8Array.from(Buffer.from(hex, 'hex')));
        i = end;
      }
    } else if (c === '<' && src[i + 1] === '<') i++;
  }
  return out;
}
/** A PDF string's bytes as the texts it may be: PDFDocEncoding/latin-1, UTF-16BE (with or without BOM), UTF-8. */
function decodings(b: Uint8Array): string[] {
  const buf = Buffer.from(b);
  const out = [buf.toString('latin1'), buf.toString('utf8')];
  const body = buf[0] === 0xfe && buf[1] === 0xff ? buf.subarray(2) : buf;
  if (body.length >= 2)
    out.push(
      Buffer.from(body.subarray(0, body.length & ~1))
        .swap16()
        .toString('utf16le'),
    );
  return out;
}
function scanStrings(src: string, where: string, finder: Finder) {
  const strings = pdfStrings(src);
  for (const s of strings) for (const t of decodings(s)) finder.text(t, `${where}: a PDF string`);
  // Run together: a word split over the strings of one TJ array or over consecutive Tj.
  const joined = Buffer.concat(strings.map((s) => Buffer.from(s)));
  finder.text(joined.toString('latin1'), `${where}: PDF strings run together (latin-1)`);
  const utf16 = strings.map((s) => {
    const b = Buffer.from(s);
    return b[0] === 0xfe && b[1] === 0xff ? b.subarray(2) : b;
  });
  const both = Buffer.concat(utf16.filter((b) => b.length % 2 === 0));
  if (both.length)
    finder.text(Buffer.from(both).swap16().toString('utf16le'), `${where}: PDF strings run together (UTF-16BE)`);
}

/** The data of each `stream … endstream`, by offset. */
export function pdfStreams(raw: Uint8Array): { at: number; dict: string; data: Uint8Array }[] {
  const src = latin1(raw);
  const out: { at: number; dict: string; data: Uint8Array }[] = [];
  const re = /stream\r?\n/g;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    if (src.slice(m.index - 3, m.index) === 'end') continue;
    const start = m.index + m[0].length;
    const end = src.indexOf('endstream', start);
    if (end < 0) break;
    const dictStart = src.lastIndexOf('obj', m.index);
    out.push({
      at: start,
      dict: src.slice(Math.max(dictStart, m.index - 2000), m.index),
      data: raw.subarray(start, end),
    });
    re.lastIndex = end + 9;
  }
  return out;
}
/** Inflates what inflates (zlib, then raw deflate, then as far as it goes). */
export function inflate(data: Uint8Array): Uint8Array | undefined {
  for (const f of [
    () => inflateSync(data),
    () => inflateRawSync(data),
    () => inflateSync(data, { finishFlush: zlibConstants.Z_SYNC_FLUSH }),
  ]) {
    try {
      const out = f();
      if (out.length) return new Uint8Array(out);
    } catch {
      // the next way
    }
  }
  return undefined;
}
const leftoverNames = [
  'Annots',
  'AcroForm',
  'Metadata',
  'EmbeddedFiles',
  'JavaScript',
  'Outlines',
  'Thumb',
  'PieceInfo',
] as const;

/** Every string value in what pdf.js returns (annotation objects, outline items, metadata), flattened. */
function strings(value: unknown, depth = 0, out: string[] = []): string[] {
  if (depth > 12 || value == null) return out;
  if (typeof value === 'string') out.push(value);
  else if (value instanceof Uint8Array) out.push(Buffer.from(value).toString('utf8'));
  else if (Array.isArray(value)) for (const v of value) strings(v, depth + 1, out);
  else if (value instanceof Map) for (const [k, v] of value) strings([k, v], depth + 1, out);
  else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) strings([k, v], depth + 1, out);
  return out;
}

async function inspectPdf(bytes: Uint8Array, finder: Finder, report: OracleReport) {
  const src = latin1(bytes);
  finder.bytes(bytes, 'raw bytes');
  report.eofs = src.split('%%EOF').length - 1;
  report.startxrefs = src.split('startxref').length - 1;
  // The file with its streams' data left out: the objects' own syntax, for strings.
  const streams = pdfStreams(bytes);
  let objects = '';
  let last = 0;
  for (const s of streams) {
    objects += src.slice(last, s.at);
    last = s.at + s.data.length;
  }
  objects += src.slice(last);
  scanStrings(objects, 'objects', finder);
  const keysIn = [objects];
  streams.forEach((s, i) => {
    const where = `stream ${i + 1} at byte ${s.at}`;
    const decoded = inflate(s.data);
    const data = decoded ?? s.data;
    if (decoded) finder.bytes(decoded, `${where}, inflated`);
    const text = latin1(data);
    // Strings in every stream (a font program or an image yields only noise, which matches nothing).
    scanStrings(text, `${where}${decoded ? ', inflated' : ''}`, finder);
    if (/ObjStm/.test(s.dict) || /\/Type\s*\/(Catalog|Page)\b/.test(text)) keysIn.push(text);
  });
  for (const name of leftoverNames)
    if (keysIn.some((t) => new RegExp(`/${name}(?![A-Za-z0-9])`).test(t))) report.leftovers.push(`/${name}`);

  // pdf.js's reading.
  try {
    const doc = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, stopAtErrors: false } as never);
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent({ includeMarkedContent: true } as never);
      const pageText = content.items.map((it) => ('str' in it ? `${it.str}${it.hasEOL ? '\n' : ''}` : '')).join('');
      pages.push(pageText);
      finder.text(pageText, `pdf.js text of page ${n}`);
      finder.text(
        strings(content.items.filter((it) => !('str' in it))).join('\n'),
        `pdf.js marked content of page ${n}`,
      );
      const annotations = await page.getAnnotations();
      finder.text(strings(annotations).join('\n'), `pdf.js annotations of page ${n}`);
    }
    report.text = pages.join('\n');
    const extracted = await extractText(doc, { mergePages: true });
    finder.text(String(extracted.text), 'unpdf extractText');
    const meta = await doc.getMetadata().catch(() => undefined);
    if (meta) {
      finder.text(strings(meta.info).join('\n'), 'pdf.js document info');
      const xmp = meta.metadata as { getAll?: () => unknown } | null;
      if (xmp?.getAll) finder.text(strings(xmp.getAll()).join('\n'), 'pdf.js XMP metadata');
    }
    finder.text(strings(await doc.getOutline().catch(() => null)).join('\n'), 'pdf.js outline');
    finder.text(
      Object.keys((await doc.getDestinations().catch(() => ({}))) ?? {}).join('\n'),
      'pdf.js named destinations',
    );
    const attachments = (await doc.getAttachments().catch(() => null)) as Record<
      string,
      { filename?: string; content?: Uint8Array }
    > | null;
    for (const [key, a] of Object.entries(attachments ?? {})) {
      finder.text(`${key}\n${a.filename ?? ''}`, 'pdf.js attachment names');
      if (a.content) finder.bytes(a.content, `pdf.js attachment ${key}`);
    }
    finder.text(strings(await doc.getFieldObjects().catch(() => null)).join('\n'), 'pdf.js form fields');
    finder.text(strings(await doc.getJSActions().catch(() => null)).join('\n'), 'pdf.js JavaScript actions');
    await (doc as { destroy?: () => Promise<void> }).destroy?.();
  } catch (error) {
    report.errors.push(`pdf.js could not read the file: ${(error as Error).message}`);
  }
}

// ---------------------------------------------------------------------------------------------------
// DOCX / XLSX
// ---------------------------------------------------------------------------------------------------
function inspectZip(bytes: Uint8Array, finder: Finder, report: OracleReport) {
  finder.bytes(bytes, 'raw zip bytes');
  let parts: Record<string, Uint8Array>;
  try {
    parts = unzipSync(bytes);
  } catch (error) {
    report.errors.push(`not a readable zip: ${(error as Error).message}`);
    return;
  }
  const texts: string[] = [];
  for (const [name, data] of Object.entries(parts)) {
    finder.text(name, 'zip part names');
    finder.bytes(data, `zip part ${name}`);
    if (/\.(xml|rels|vml)$/i.test(name)) {
      const xml = data[0] === 0xff && data[1] === 0xfe ? Buffer.from(data).toString('utf16le') : strFromU8(data);
      const plain = unXml(xml.replace(/<[^>]*>/g, ''));
      finder.text(unXml(xml), `zip part ${name}, references undone`);
      finder.text(plain, `zip part ${name}, tags stripped`);
      texts.push(plain);
    }
  }
  report.text = texts.join('\n');
}

// ---------------------------------------------------------------------------------------------------
// JPEG / PNG
// ---------------------------------------------------------------------------------------------------
function inspectJpeg(bytes: Uint8Array, finder: Finder, report: OracleReport) {
  finder.bytes(bytes, 'raw bytes');
  let i = 2;
  while (i + 4 <= bytes.length && bytes[i] === 0xff) {
    const marker = bytes[i + 1]!;
    if (marker === 0xda || marker === 0xd9) break;
    const length = (bytes[i + 2]! << 8) | bytes[i + 3]!;
    const body = bytes.subarray(i + 4, i + 2 + length);
    const head = latin1(body.subarray(0, 32));
    if (marker === 0xe1 && head.startsWith('Exif')) report.leftovers.push('APP1 Exif');
    else if (marker === 0xe1 && head.startsWith('http://ns.adobe.com/xap')) report.leftovers.push('APP1 XMP');
    else if (marker === 0xe1) report.leftovers.push('APP1');
    else if (marker === 0xed) report.leftovers.push('APP13 (IPTC/Photoshop)');
    else if (marker === 0xfe) report.leftovers.push('COM');
    else if (marker >= 0xe3 && marker <= 0xef) report.leftovers.push(`APP${marker - 0xe0}`);
    i += 2 + length;
  }
}
function inspectPng(bytes: Uint8Array, finder: Finder, report: OracleReport) {
  finder.bytes(bytes, 'raw bytes');
  let i = 8;
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  while (i + 12 <= bytes.length) {
    const length = view.readUInt32BE(i);
    const type = view.toString('latin1', i + 4, i + 8);
    const data = bytes.subarray(i + 8, i + 8 + length);
    if (['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME'].includes(type)) report.leftovers.push(type);
    if (type === 'zTXt' || type === 'iTXt') {
      // Inflate whatever part of it inflates: the text after the keyword and flags.
      for (let k = 0; k < Math.min(data.length, 200); k++) {
        if (data[k] === 0x78) {
          const out = inflate(data.subarray(k));
          if (out) finder.bytes(out, `PNG ${type}, inflated`);
        }
      }
    }
    i += 12 + length;
  }
}

// ---------------------------------------------------------------------------------------------------
// The entry point
// ---------------------------------------------------------------------------------------------------
export function kindOf(bytes: Uint8Array): OracleReport['kind'] {
  const head = latin1(bytes.subarray(0, 1024));
  if (head.includes('%PDF-')) return 'pdf';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'zip';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'jpeg';
  if (head.startsWith('\x89PNG')) return 'png';
  return 'unknown';
}
/** Every place `sentinels` survive in `bytes`, and what else the file keeps. */
export async function inspect(bytes: Uint8Array, sentinels: readonly string[]): Promise<OracleReport> {
  const finder = new Finder([...sentinels]);
  const report: OracleReport = {
    kind: kindOf(bytes),
    survivals: [],
    text: '',
    eofs: 0,
    startxrefs: 0,
    leftovers: [],
    errors: [],
  };
  if (report.kind === 'pdf') await inspectPdf(bytes, finder, report);
  else if (report.kind === 'zip') inspectZip(bytes, finder, report);
  else if (report.kind === 'jpeg') inspectJpeg(bytes, finder, report);
  else if (report.kind === 'png') inspectPng(bytes, finder, report);
  else finder.bytes(bytes, 'raw bytes');
  report.survivals = finder.survivals;
  return report;
}
/** Whether `control` is in `text`, whitespace aside (readers differ in the spaces they put between runs). */
export const keeps = (text: string, control: string) => squash(text).includes(squash(control));

// ---------------------------------------------------------------------------------------------------
// Pixels
// ---------------------------------------------------------------------------------------------------
interface Pixels {
  width: number;
  height: number;
  /** Brightness 0–255 of each pixel. */
  grey: Uint8Array;
}
function greyOf(rgba: Uint8Array, width: number, height: number, channels = 4): Pixels {
  const grey = new Uint8Array(width * height);
  for (let p = 0; p < width * height; p++) {
    const o = p * channels;
    grey[p] = channels >= 3 ? Math.round((rgba[o]! + rgba[o + 1]! + rgba[o + 2]!) / 3) : rgba[o]!;
  }
  return { width, height, grey };
}
/** A JPEG's EXIF Orientation (1 when it has none). */
export function orientationOf(bytes: Uint8Array): number {
  let i = 2;
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  while (i + 4 <= b.length && b[i] === 0xff && b[i + 1] !== 0xda) {
    const length = b.readUInt16BE(i + 2);
    if (b[i + 1] === 0xe1 && b.toString('latin1', i + 4, i + 10) === 'Exif\0\0') {
      const t = i + 10;
      const le = b.toString('latin1', t, t + 2) === 'II';
      const u16 = (o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
      const u32 = (o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
      const ifd = t + u32(t + 4);
      for (let k = 0; k < u16(ifd); k++) if (u16(ifd + 2 + k * 12) === 0x0112) return u16(ifd + 2 + k * 12 + 8);
    }
    i += 2 + length;
  }
  return 1;
}
/** Pixels as shown: turned as the EXIF Orientation says (1, 3, 6, 8; the mirrored ones are taken as 1). */
function oriented(px: Pixels, orientation: number): Pixels {
  if (![3, 6, 8].includes(orientation)) return px;
  const turned = orientation === 3 ? px : { width: px.height, height: px.width };
  const grey = new Uint8Array(px.width * px.height);
  for (let y = 0; y < turned.height; y++)
    for (let x = 0; x < turned.width; x++) {
      // The stored pixel each shown one comes from.
      const [sx, sy] =
        orientation === 3
          ? [px.width - 1 - x, px.height - 1 - y]
          : orientation === 6
            ? [y, px.height - 1 - x]
            : [px.width - 1 - y, x];
      grey[y * turned.width + x] = px.grey[sy * px.width + sx]!;
    }
  return { width: turned.width, height: turned.height, grey };
}
export function decodeImage(bytes: Uint8Array): Pixels {
  const kind = kindOf(bytes);
  if (kind === 'jpeg') {
    const d = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
    return oriented(greyOf(d.data, d.width, d.height), orientationOf(bytes));
  }
  if (kind === 'png') {
    const d = PNG.sync.read(Buffer.from(bytes));
    return greyOf(d.data, d.width, d.height);
  }
  throw new Error(`not an image: ${kind}`);
}
/** Mean brightness (0 black – 255 white) of the pixels in a rectangle, clipped to the image. */
export function meanBrightness(px: Pixels, rect: { x: number; y: number; width: number; height: number }) {
  const x0 = Math.max(0, Math.floor(rect.x));
  const y0 = Math.max(0, Math.floor(rect.y));
  const x1 = Math.min(px.width, Math.ceil(rect.x + rect.width));
  const y1 = Math.min(px.height, Math.ceil(rect.y + rect.height));
  let sum = 0;
  let n = 0;
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      sum += px.grey[y * px.width + x]!;
      n++;
    }
  return n ? sum / n : Number.NaN;
}
export const imageBrightness = (bytes: Uint8Array, rect: { x: number; y: number; width: number; height: number }) =>
  meanBrightness(decodeImage(bytes), rect);

/** Undoes the PNG predictors (/Predictor ≥ 10) of a Flate image stream. */
function unpredict(data: Uint8Array, columns: number, colors: number) {
  const row = columns * colors;
  const rows = Math.floor(data.length / (row + 1));
  const out = new Uint8Array(rows * row);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (row + 1)]!;
    for (let i = 0; i < row; i++) {
      const raw = data[r * (row + 1) + 1 + i]!;
      const left = i >= colors ? out[r * row + i - colors]! : 0;
      const up = r ? out[(r - 1) * row + i]! : 0;
      const upLeft = r && i >= colors ? out[(r - 1) * row + i - colors]! : 0;
      let v = raw;
      if (type === 1) v = raw + left;
      else if (type === 2) v = raw + up;
      else if (type === 3) v = raw + ((left + up) >> 1);
      else if (type === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - upLeft);
        v = raw + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
      }
      out[r * row + i] = v & 0xff;
    }
  }
  return out;
}

/** The pixels of an image XObject: DCT, Flate (with predictors) or raw; grey, RGB, CMYK, ICC-based, indexed. */
function imagePixels(stream: PDFRawStream): Pixels {
  const dict = stream.dict;
  const num = (key: string) => (dict.lookup(PDFName.of(key)) as PDFNumber | undefined)?.asNumber() ?? 0;
  const width = num('Width');
  const height = num('Height');
  const filterObj = dict.lookup(PDFName.of('Filter'));
  const filters =
    filterObj instanceof PDFArray
      ? filterObj.asArray().map((f) => (f as PDFName).asString())
      : filterObj instanceof PDFName
        ? [filterObj.asString()]
        : [];
  let data: Uint8Array = stream.contents;
  for (const f of filters) {
    if (f === '/DCTDecode') return decodeImage(data);
    if (f === '/FlateDecode') data = inflate(data) ?? new Uint8Array();
    else throw new Error(`image filter ${f} not read by the oracle`);
  }
  const cs = dict.lookup(PDFName.of('ColorSpace'));
  let palette: Uint8Array | undefined;
  let colors = 1;
  if (cs instanceof PDFArray) {
    const family = (cs.lookup(0) as PDFName).asString();
    if (family === '/ICCBased')
      colors = ((cs.lookup(1) as PDFStream).dict.lookup(PDFName.of('N')) as PDFNumber).asNumber();
    else if (family === '/Indexed') {
      const base = cs.lookup(1);
      const baseColors =
        base instanceof PDFName && base.asString() === '/DeviceGray'
          ? 1
          : base instanceof PDFName && base.asString() === '/DeviceCMYK'
            ? 4
            : 3;
      const lookup = cs.lookup(3);
      const table =
        lookup instanceof PDFRawStream
          ? (inflate(lookup.contents) ?? lookup.contents)
          : Uint8Array.from(Buffer.from(String(lookup).replace(/^<|>$/g, ''), 'hex'));
      palette = new Uint8Array(table.length / baseColors);
      for (let k = 0; k < palette.length; k++) {
        const c = table.subarray(k * baseColors, (k + 1) * baseColors);
        palette[k] =
          baseColors === 1
            ? c[0]!
            : baseColors === 4
              ? 255 - Math.min(255, (c[0]! + c[1]! + c[2]!) / 3 + c[3]!)
              : (c[0]! + c[1]! + c[2]!) / 3;
      }
      colors = 1;
    } else colors = family === '/DeviceRGB' || family === '/CalRGB' ? 3 : family === '/DeviceCMYK' ? 4 : 1;
  } else if (cs instanceof PDFName)
    colors = cs.asString() === '/DeviceRGB' ? 3 : cs.asString() === '/DeviceCMYK' ? 4 : 1;
  const bpc = num('BitsPerComponent') || 8;
  const parms = dict.lookup(PDFName.of('DecodeParms'));
  const predictor =
    parms instanceof PDFDict ? ((parms.lookup(PDFName.of('Predictor')) as PDFNumber | undefined)?.asNumber() ?? 1) : 1;
  if (predictor >= 10) data = unpredict(data, Math.ceil((width * bpc) / 8), bpc === 8 ? colors : 1);
  const grey = new Uint8Array(width * height);
  if (bpc === 1) {
    const row = Math.ceil(width / 8);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) grey[y * width + x] = (data[y * row + (x >> 3)]! >> (7 - (x & 7))) & 1 ? 255 : 0;
    return { width, height, grey };
  }
  for (let p = 0; p < width * height; p++) {
    const c = data.subarray(p * colors, (p + 1) * colors);
    grey[p] = palette
      ? palette[c[0]!]!
      : colors === 1
        ? c[0]!
        : colors === 4
          ? 255 - Math.min(255, (c[0]! + c[1]! + c[2]!) / 3 + c[3]!)
          : Math.round((c[0]! + c[1]! + c[2]!) / 3);
  }
  return { width, height, grey };
}

/** The image XObjects a page draws, through its Form XObjects too. */
function pageImages(doc: PDFDocument, pageIndex: number): PDFRawStream[] {
  const found: PDFRawStream[] = [];
  const visit = (resources: PDFDict | undefined, depth: number) => {
    const xobjects = resources?.lookup(PDFName.of('XObject'));
    if (!(xobjects instanceof PDFDict) || depth > 5) return;
    for (const key of xobjects.keys()) {
      const x = xobjects.lookup(key);
      if (!(x instanceof PDFRawStream)) continue;
      const subtype = (x.dict.lookup(PDFName.of('Subtype')) as PDFName | undefined)?.asString();
      if (subtype === '/Image') found.push(x);
      else if (subtype === '/Form') visit(x.dict.lookup(PDFName.of('Resources')) as PDFDict | undefined, depth + 1);
    }
  };
  const page = doc.getPage(pageIndex);
  visit(page.node.Resources(), 0);
  return found;
}

/**
 * The mean brightness of the page's largest image inside `rect` (page units, top-left), the image taken
 * as drawn over `imageBox` as in the source; `undefined` when the page draws no image at all.
 */
export async function pdfImageBrightness(
  bytes: Uint8Array,
  imageBox: { page: number; x: number; y: number; width: number; height: number },
  rect: { x: number; y: number; width: number; height: number },
): Promise<number | undefined> {
  const doc = await PDFDocument.load(bytes, {
    ignoreEncryption: true,
    updateMetadata: false,
    throwOnInvalidObject: false,
  });
  const images = pageImages(doc, imageBox.page - 1);
  if (!images.length) return undefined;
  const area = (s: PDFRawStream) =>
    ((s.dict.lookup(PDFName.of('Width')) as PDFNumber).asNumber() || 0) *
    ((s.dict.lookup(PDFName.of('Height')) as PDFNumber).asNumber() || 0);
  const largest = images.sort((a, b) => area(b) - area(a))[0]!;
  const px = imagePixels(largest);
  const sx = px.width / imageBox.width;
  const sy = px.height / imageBox.height;
  return meanBrightness(px, {
    x: (rect.x - imageBox.x) * sx,
    y: (rect.y - imageBox.y) * sy,
    width: rect.width * sx,
    height: rect.height * sy,
  });
}

// ---------------------------------------------------------------------------------------------------
// Where text stands
// ---------------------------------------------------------------------------------------------------
export interface Glyph {
  page: number;
  ch: string;
  /** The character's origin as shown (page units from the top-left corner, rotation applied). */
  x: number;
  y: number;
  /** Whether x is exact: the first character of what pdf.js reads as one run (the others' x is estimated). */
  exact: boolean;
}
/** Each non-space character pdf.js reads, with where it stands (characters of one item spread evenly over its width). */
export async function textLayout(bytes: Uint8Array): Promise<Glyph[]> {
  const doc = await getDocumentProxy(new Uint8Array(bytes));
  const out: Glyph[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    for (const item of content.items) {
      if (!('str' in item) || !item.str) continue;
      const chars = [...item.str];
      const [a, b, , , e, f] = item.transform as number[];
      const length = Math.hypot(a!, b!) || 1;
      chars.forEach((ch, i) => {
        if (/\s/.test(ch)) return;
        const along = (item.width * i) / chars.length;
        const [x, y] = viewport.convertToViewportPoint(e! + (along * a!) / length, f! + (along * b!) / length) as [
          number,
          number,
        ];
        out.push({ page: n, ch, x, y, exact: i === 0 });
      });
    }
  }
  return out;
}
/** Where `text` (spaces aside) starts in a layout, or undefined when it is not there. */
export function positionOf(layout: readonly Glyph[], text: string): Glyph | undefined {
  const wanted = squash(text);
  const joined = layout.map((g) => g.ch).join('');
  const at = joined.indexOf(wanted);
  return at < 0 ? undefined : layout[at];
}

// ---------------------------------------------------------------------------------------------------
// Vector art: the paths pdf.js builds in one stroke colour
// ---------------------------------------------------------------------------------------------------
type Matrix = [number, number, number, number, number, number];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2],
  m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2],
  m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4],
  m[4] * n[1] + m[5] * n[3] + n[5],
];
const hexOf = (args: unknown[]) =>
  typeof args[0] === 'string'
    ? args[0].toLowerCase()
    : `#${(args as number[])
        .slice(0, 3)
        .map((v) =>
          Math.round(v > 1 ? v : v * 255)
            .toString(16)
            .padStart(2, '0'),
        )
        .join('')}`;
const rgbOf = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
/** Writers round colour components differently (0.3 × 255 is 76 or 77): within 3 of 255 is the same ink. */
const sameColour = (a: string, b: string) => {
  const [x, y] = [rgbOf(a), rgbOf(b)];
  return x.every((v, i) => Math.abs(v - y[i]!) <= 3);
};
/**
 * The bounding boxes (page units, top-left as shown) of the paths page `page` builds while the stroke
 * colour is `color` (e.g. '#1a4ccc', give or take rounding), read from pdf.js's operator list with the transforms tracked.
 */
export async function strokedPaths(bytes: Uint8Array, page: number, color: string) {
  const { getResolvedPDFJS } = await import('unpdf');
  const { OPS } = (await getResolvedPDFJS()) as unknown as { OPS: Record<string, number> };
  const doc = await getDocumentProxy(new Uint8Array(bytes));
  const p = await doc.getPage(page);
  const viewport = p.getViewport({ scale: 1 });
  const list = await p.getOperatorList();
  let state = { ctm: [1, 0, 0, 1, 0, 0] as Matrix, stroke: '#000000' };
  const stack: (typeof state)[] = [];
  const boxes: { x: number; y: number; width: number; height: number }[] = [];
  list.fnArray.forEach((fn, i) => {
    const args = (list.argsArray[i] ?? []) as unknown[];
    if (fn === OPS.save || fn === OPS.paintFormXObjectBegin) {
      stack.push(state);
      state = { ...state };
      const matrix = fn === OPS.paintFormXObjectBegin ? (args[0] as number[] | null) : null;
      if (matrix) state.ctm = multiply([...matrix] as Matrix, state.ctm);
    } else if (fn === OPS.restore || fn === OPS.paintFormXObjectEnd) state = stack.pop() ?? state;
    else if (fn === OPS.transform) state.ctm = multiply([...(args as number[])] as Matrix, state.ctm);
    else if (fn === OPS.setStrokeRGBColor) state.stroke = hexOf(args);
    else if (fn === OPS.constructPath && sameColour(state.stroke, color)) {
      const mm = Array.from(args.at(-1) as ArrayLike<number>);
      const corners = [
        [mm[0]!, mm[1]!],
        [mm[2]!, mm[1]!],
        [mm[0]!, mm[3]!],
        [mm[2]!, mm[3]!],
      ].map(([x, y]) => {
        const m = state.ctm;
        const ux = m[0] * x! + m[2] * y! + m[4];
        const uy = m[1] * x! + m[3] * y! + m[5];
        return viewport.convertToViewportPoint(ux, uy) as [number, number];
      });
      const xs = corners.map((c) => c[0]);
      const ys = corners.map((c) => c[1]);
      boxes.push({
        x: Math.min(...xs),
        y: Math.min(...ys),
        width: Math.max(...xs) - Math.min(...xs),
        height: Math.max(...ys) - Math.min(...ys),
      });
    }
  });
  return boxes;
}
export const intersects = (
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number },
) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

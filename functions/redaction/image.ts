/**
 * JPEG and PNG: decoded to pixels as shown (a JPEG's EXIF orientation applied), the marked rectangles
 * filled black, encoded again with nothing but the pixels (no EXIF, XMP, ICC, comments or text chunks).
 */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { LocatedMark } from '#core/redaction.ts';
import { RedactionInputError } from './match.ts';

export interface Pixels {
  width: number;
  height: number;
  /** RGBA, row by row. */
  data: Uint8Array;
}

/** Images larger than this are refused (a decompression bomb is not expanded). */
const maxPixels = 80_000_000;

export function decodeImage(bytes: Uint8Array, format: 'jpeg' | 'png'): Pixels {
  if (format === 'png') {
    // The size is in the header (IHDR): a small file of a huge image is refused before it is expanded.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.length >= 24 && view.getUint32(16) * view.getUint32(20) > maxPixels)
      throw new RedactionInputError(`图片过大（超过 ${maxPixels / 1e6} 百万像素），请缩小后再作遮盖处理`);
    const png = PNG.sync.read(Buffer.from(bytes));
    return { width: png.width, height: png.height, data: png.data };
  }
  const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: maxPixels / 1e6 });
  return oriented({ width: image.width, height: image.height, data: image.data }, exifOrientation(bytes));
}

export function encodeImage(pixels: Pixels, format: 'jpeg' | 'png'): Uint8Array {
  if (format === 'png') return encodePng(pixels);
  return jpeg.encode({ width: pixels.width, height: pixels.height, data: Buffer.from(pixels.data) }, 90).data;
}

export function encodePng(pixels: Pixels): Uint8Array {
  const png = new PNG({ width: pixels.width, height: pixels.height });
  png.data = Buffer.from(pixels.data.buffer, pixels.data.byteOffset, pixels.data.byteLength);
  return PNG.sync.write(png);
}

/** The EXIF orientation of a JPEG (1 when it has none). */
export function exifOrientation(bytes: Uint8Array): number {
  for (const segment of jpegSegments(bytes)) {
    if (segment.marker !== 0xe1) continue;
    const s = bytes.subarray(segment.start, segment.end);
    if (String.fromCharCode(...s.subarray(0, 4)) !== 'Exif') continue;
    const tiff = s.subarray(6);
    const little = tiff[0] === 0x49;
    const u16 = (o: number) => (little ? tiff[o]! | (tiff[o + 1]! << 8) : (tiff[o]! << 8) | tiff[o + 1]!);
    const u32 = (o: number) => (little ? u16(o) | (u16(o + 2) << 16) : (u16(o) << 16) | u16(o + 2));
    const ifd = u32(4);
    const count = u16(ifd);
    for (let k = 0; k < count; k++) {
      const entry = ifd + 2 + k * 12;
      if (entry + 10 > tiff.length) break;
      if (u16(entry) === 0x0112) return u16(entry + 8) || 1;
    }
  }
  return 1;
}

/** A JPEG's marker segments before its scan: marker and the payload's place. */
export function jpegSegments(bytes: Uint8Array): { marker: number; start: number; end: number }[] {
  const segments: { marker: number; start: number; end: number }[] = [];
  let at = 2;
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1]!;
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2;
      continue;
    }
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    segments.push({ marker, start: at + 4, end: at + 2 + length });
    if (marker === 0xda) break;
    at += 2 + length;
  }
  return segments;
}

/** Pixels turned as the EXIF orientation says a viewer shows them. */
function oriented(p: Pixels, orientation: number): Pixels {
  if (orientation < 2 || orientation > 8) return p;
  const swap = orientation >= 5;
  const width = swap ? p.height : p.width;
  const height = swap ? p.width : p.height;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < p.height; y++)
    for (let x = 0; x < p.width; x++) {
      let nx = x;
      let ny = y;
      switch (orientation) {
        case 2:
          nx = p.width - 1 - x;
          break;
        case 3:
          nx = p.width - 1 - x;
          ny = p.height - 1 - y;
          break;
        case 4:
          ny = p.height - 1 - y;
          break;
        case 5:
          nx = y;
          ny = x;
          break;
        case 6:
          nx = p.height - 1 - y;
          ny = x;
          break;
        case 7:
          nx = p.height - 1 - y;
          ny = p.width - 1 - x;
          break;
        case 8:
          nx = y;
          ny = p.width - 1 - x;
          break;
      }
      data.set(p.data.subarray((y * p.width + x) * 4, (y * p.width + x) * 4 + 4), (ny * width + nx) * 4);
    }
  return { width, height, data };
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A rectangle's whole pixels within the image. */
export function pixelRect(p: { width: number; height: number }, r: Rect, scale = 1) {
  const x0 = Math.max(0, Math.floor(r.x * scale));
  const y0 = Math.max(0, Math.floor(r.y * scale));
  const x1 = Math.min(p.width, Math.ceil((r.x + r.width) * scale));
  const y1 = Math.min(p.height, Math.ceil((r.y + r.height) * scale));
  return { x0, y0, x1, y1 };
}

export function fillBlack(p: Pixels, r: Rect) {
  const { x0, y0, x1, y1 } = pixelRect(p, r);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) p.data.set([0, 0, 0, 255], (y * p.width + x) * 4);
}

/** The rectangles (in units of `1 / scale` pixels) outlined in red, two pixels wide. */
export function outlined(p: Pixels, rects: readonly Rect[], scale = 1): Pixels {
  const red = [220, 0, 0, 255];
  const dot = (x: number, y: number) => {
    if (x >= 0 && y >= 0 && x < p.width && y < p.height) p.data.set(red, (y * p.width + x) * 4);
  };
  for (const r of rects) {
    const { x0, y0, x1, y1 } = pixelRect(p, r, scale);
    for (let t = 0; t < 2; t++) {
      for (let x = x0; x < x1; x++) {
        dot(x, y0 + t);
        dot(x, y1 - 1 - t);
      }
      for (let y = y0; y < y1; y++) {
        dot(x0 + t, y);
        dot(x1 - 1 - t, y);
      }
    }
  }
  return p;
}

/** Nearest-neighbour scaling to a width (the console's view). */
function scaled(p: Pixels, width: number): Pixels {
  if (width === p.width) return p;
  const height = Math.max(1, Math.round((p.height * width) / p.width));
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(p.height - 1, Math.floor((y * p.height) / height));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(p.width - 1, Math.floor((x * p.width) / width));
      data.set(p.data.subarray((sy * p.width + sx) * 4, (sy * p.width + sx) * 4 + 4), (y * width + x) * 4);
    }
  }
  return { width, height, data };
}

export function renderImage(
  bytes: Uint8Array,
  format: 'jpeg' | 'png',
  width: number,
  marks: readonly LocatedMark[] = [],
): Uint8Array {
  const pixels = decodeImage(bytes, format);
  // Held to the page images' budget of 4 MP, as a PDF page is (a tall image is drawn narrower).
  const budget = Math.floor(Math.sqrt(4_000_000 * (pixels.width / pixels.height)));
  const view = scaled(pixels, Math.max(1, Math.min(width, budget)));
  const rects = marks.flatMap((m) => m.places.flatMap((p) => p.rects ?? []));
  return encodePng(outlined(view, rects, view.width / pixels.width));
}

export function redactImage(bytes: Uint8Array, format: 'jpeg' | 'png', marks: readonly LocatedMark[]): Uint8Array {
  const pixels = decodeImage(bytes, format);
  for (const mark of marks)
    for (const place of mark.places) for (const rect of place.rects ?? []) fillBlack(pixels, rect);
  return encodeImage(pixels, format);
}

/** The PNG chunk types in a file, in order. */
export function pngChunks(bytes: Uint8Array): string[] {
  const types: string[] = [];
  let at = 8;
  while (at + 8 <= bytes.length) {
    const length = ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
    types.push(String.fromCharCode(...bytes.subarray(at + 4, at + 8)));
    at += 12 + length;
  }
  return types;
}

/** A PNG's bytes without its text, EXIF and time chunks (an image placed in a Word or Excel file). */
export function pngWithoutMetadata(bytes: Uint8Array): Uint8Array {
  if (bytes[0] !== 0x89 || bytes[1] !== 0x50) return bytes;
  const dropped = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);
  const kept: Uint8Array[] = [bytes.subarray(0, 8)];
  let at = 8;
  while (at + 8 <= bytes.length) {
    const length = ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (!dropped.has(type)) kept.push(bytes.subarray(at, at + 12 + length));
    at += 12 + length;
  }
  return new Uint8Array(Buffer.concat(kept));
}

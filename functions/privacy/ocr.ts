/**
 * The words of an image (a scanned 公示, a photographed table, a PDF page that is only a picture) for
 * 个人信息检查: Tesseract 5 with Leptonica compiled to WebAssembly (tesseract.js-core), its English
 * LSTM model (@tesseract.js-data/eng, best_int), run in this process: the numbers the check looks
 * for are digits and X, which the English model reads. Chinese labels it cannot read, so an image's
 * numbers are judged by their checks alone.
 *
 * Nothing is downloaded: the WebAssembly and the model are files beside the bundle (`ocr/`, copied at
 * bundling, as the letters' font is), or in node_modules locally. Loaded when the first image is met
 * (about 2 s), then kept for the function's life; one image at a time (each recognition runs to its
 * end without yielding).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync, gunzipSync } from 'node:zlib';

const glueFile = 'tesseract-core-simd-lstm.js';
const wasmFile = 'tesseract-core-simd-lstm.wasm';
const modelFile = 'eng.traineddata.gz';

/** Beside the bundle in a deployed function (cdk/functions.ts copies them into `ocr/`), else from its package. */
function ocrFile(file: string, pkg: string, within: string): string {
  const beside = fileURLToPath(new URL(`./ocr/${file}`, import.meta.url));
  if (existsSync(beside)) return beside;
  return join(dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`)), within, file);
}

/** A word as read, with Tesseract's confidence (0–100) and its box in pixels. */
export interface OcrWord {
  text: string;
  confidence: number;
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The part of the Emscripten module (Tesseract's C++ API through embind) used here. */
interface TessApi {
  Init(dataPath: string, language: string, engine: number): number;
  SetVariable(name: string, value: string): boolean;
  SetImageFile(exif: number, angle: number): number;
  Recognize(monitor: null): number;
  GetTSVText(page: number): string;
  Clear(): void;
}
interface TessModule {
  FS: { writeFile(path: string, data: Uint8Array): void; unlink(path: string): void };
  TessBaseAPI: new () => TessApi;
}
type TessFactory = (options: { wasmBinary: Uint8Array; print(): void; printErr(): void }) => Promise<TessModule>;

let engine: Promise<{ module: TessModule; api: TessApi }> | undefined;

async function start() {
  // Emscripten's glue is loaded from its file, not bundled: it finds its place by its own __dirname.
  const factory = createRequire(import.meta.url)(ocrFile(glueFile, 'tesseract.js-core', '.')) as TessFactory;
  const module = await factory({
    wasmBinary: readFileSync(ocrFile(wasmFile, 'tesseract.js-core', '.')),
    print: () => {},
    printErr: () => {},
  });
  module.FS.writeFile(
    '/eng.traineddata',
    gunzipSync(readFileSync(ocrFile(modelFile, '@tesseract.js-data/eng', '4.0.0_best_int'))),
  );
  const api = new module.TessBaseAPI();
  // 1: the LSTM engine alone (the model has no other).
  if (api.Init('/', 'eng', 1) !== 0) throw new Error('OCR model failed to load');
  // Sparse text: a table's cells are found one by one rather than taken for a picture. Screens and
  // scans rarely say their resolution; 300 dpi is the assumption Tesseract reads best with.
  api.SetVariable('tessedit_pageseg_mode', '11');
  api.SetVariable('user_defined_dpi', '300');
  return { module, api };
}

/** The words Tesseract reads in an image (PNG, JPEG, BMP or TIFF bytes). */
export async function readImage(bytes: Uint8Array): Promise<OcrWord[]> {
  engine ??= start();
  const { module, api } = await engine;
  module.FS.writeFile('/input', bytes);
  try {
    if (api.SetImageFile(1, 0) === 1) throw new Error('OCR could not decode the image');
    api.Recognize(null);
    return api
      .GetTSVText(0)
      .split('\n')
      .map((line) => line.split('\t'))
      .filter((cells) => cells[0] === '5' && cells[11]?.trim())
      .map((cells) => ({
        text: cells[11]!.trim(),
        confidence: Number(cells[10]),
        left: Number(cells[6]),
        top: Number(cells[7]),
        width: Number(cells[8]),
        height: Number(cells[9]),
      }));
  } finally {
    api.Clear();
    module.FS.unlink('/input');
  }
}

/** Raw pixels (grey, RGB or RGBA, as PDF.js gives a page's image) as a PNG Tesseract can read. */
export function pngOf(image: {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  channels: 1 | 3 | 4;
}) {
  const { width, height, channels } = image;
  const rows = Buffer.alloc((width * channels + 1) * height);
  for (let y = 0; y < height; y++)
    rows.set(image.data.subarray(y * width * channels, (y + 1) * width * channels), y * (width * channels + 1) + 1);
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, { 1: 0, 3: 2, 4: 6 }[channels], 0, 0, 0], 8);
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(rows)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

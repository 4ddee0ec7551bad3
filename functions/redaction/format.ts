/**
 * What the redaction function knows of a file without its engine: the formats, each one's content
 * type, a file's format by its magic bytes, and the engines' versions recorded with each verification.
 * The engine (engine.ts: PDFium, pdf.js, pdf-lib) is imported on the first request that needs it, so
 * the function's other requests (marks, views, apply) do not evaluate it at cold start.
 */
export type RedactionFormat = 'pdf' | 'docx' | 'xlsx' | 'jpeg' | 'png';

export const contentTypes: Record<RedactionFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jpeg: 'image/jpeg',
  png: 'image/png',
};

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);
const zipHas = (bytes: Uint8Array, name: string) =>
  Buffer.from(bytes.subarray(0, 64 * 1024)).includes(name) || Buffer.from(bytes).includes(name);

/** The format by the file's magic bytes; the content type must agree. */
export function formatOf(contentType: string, bytes: Uint8Array): RedactionFormat | undefined {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return type === contentTypes.pdf ? 'pdf' : undefined;
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return type === 'image/jpeg' ? 'jpeg' : undefined;
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return type === 'image/png' ? 'png' : undefined;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    if (type === contentTypes.docx && zipHas(bytes, 'word/')) return 'docx';
    if (type === contentTypes.xlsx && zipHas(bytes, 'xl/')) return 'xlsx';
  }
  return undefined;
}

/** Recorded with each verification, and with an engine failure. */
export const engineVersions: Record<string, string> = {
  pdfium: '@embedpdf/pdfium 2.15.1',
  pdfjs: 'unpdf 1.8.1',
  pdfLib: 'pdf-lib 1.17.1',
  fflate: 'fflate',
  images: 'jpeg-js, pngjs',
};

/**
 * The redaction engine (issue 43): a file's shape, each mark's places, page images for the console,
 * and the redaction itself — what is under each mark removed, not covered, the whole file cleaned of
 * what item 4 lists, saved as one revision — verified every time by a second reading (verify.ts).
 * PDF through PDFium (pdf.ts, pdfium.ts, clean.ts), Word and Excel by their XML (office.ts), JPEG and
 * PNG by their pixels (image.ts). The contract: /work/notes/redaction-contract.md, core/redaction.ts.
 */
import type { LocatedMark, MarkInput, Verification, VerificationCheck } from '#core/redaction.ts';
import { cleanPdf, formsWithoutMatrix } from './clean.ts';
import { decodeImage, redactImage, renderImage } from './image.ts';
import { checkInput, RedactionInputError } from './match.ts';
import { locateOffice, redactOffice, verifyOffice } from './office.ts';
import { describePdf, locatePdf, redactWithPdfium, renderPdfPage } from './pdf.ts';
import { contentTypes, engineVersions, type RedactionFormat } from './format.ts';
import { discardPdfium, PdfOpenError } from './pdfium.ts';
import { verifyImage, verifyPdf } from './verify.ts';

export { RedactionInputError };
export { contentTypes, engineVersions, formatOf, type RedactionFormat } from './format.ts';

export interface FileShape {
  format: RedactionFormat;
  pages: { width: number; height: number }[];
}

/** A file's pages (PDF: points, rotation applied; JPEG/PNG: one page in pixels; DOCX/XLSX: none). */
export async function describe(bytes: Uint8Array, format: RedactionFormat): Promise<FileShape> {
  return guarded(async () => {
    if (format === 'pdf') return { format, pages: await describePdf(bytes) };
    if (format === 'jpeg' || format === 'png') {
      const { width, height } = decodeImage(bytes, format);
      return { format, pages: [{ width, height }] };
    }
    return { format, pages: [] };
  });
}

/** An unreadable file as a RedactionInputError (its reason in Chinese). */
async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RedactionInputError) throw error;
    if (error instanceof WebAssembly.RuntimeError) {
      discardPdfium();
      throw new RedactionInputError('文件过大或过于复杂，平台无法在内存限度内处理，请拆分后再作遮盖处理');
    }
    if (error instanceof PdfOpenError) throw new RedactionInputError(error.message);
    if (error instanceof RangeError) throw new RedactionInputError('标记所在的页不在文件的页数范围内，请重新标记');
    throw new RedactionInputError('文件无法读取（可能已损坏或格式与扩展名不符）');
  }
}

/**
 * Each mark's places and withheld strings; ids 'm1', 'm2', … in input order. `except`: numbers that
 * are the applicant's own and so not marked by a `findings` mark.
 */
export async function locate(
  bytes: Uint8Array,
  format: RedactionFormat,
  marks: MarkInput[],
  options: { except?: readonly string[] } = {},
): Promise<LocatedMark[]> {
  marks.forEach((mark, k) => {
    checkInput(mark, k + 1);
    if ((format === 'docx' || format === 'xlsx') && mark.kind === 'area')
      throw new RedactionInputError(
        `第 ${k + 1} 项标记：Word、Excel 文件不能按区域遮盖，请按文字或个人信息检查发现标记`,
      );
    if ((format === 'jpeg' || format === 'png') && mark.kind !== 'area')
      throw new RedactionInputError(`第 ${k + 1} 项标记：图片只能按区域遮盖，请在图片上框选要删除的部分`);
  });
  return guarded(async () => {
    if (format === 'pdf') return locatePdf(bytes, marks, options.except ?? []);
    if (format === 'docx' || format === 'xlsx') return locateOffice(bytes, format, marks, options.except ?? []);
    const { width, height } = decodeImage(bytes, format);
    return marks.map((input, k) => {
      if (input.kind !== 'area') throw new Error('unreachable');
      if (input.page !== 1) throw new RedactionInputError(`第 ${k + 1} 项标记：图片只有 1 页`);
      const x = Math.max(0, input.x);
      const y = Math.max(0, input.y);
      const w = Math.min(width, input.x + input.width) - x;
      const h = Math.min(height, input.y + input.height) - y;
      if (!(w > 0 && h > 0)) throw new RedactionInputError(`第 ${k + 1} 项标记：区域不在图片范围内，请重新框选`);
      return { id: `m${k + 1}`, input, places: [{ page: 1, rects: [{ x, y, width: w, height: h }] }], strings: [] };
    });
  });
}

/** A page as PNG, `width` pixels wide (default 1000); the marks' rectangles outlined in red. */
export async function renderPage(
  bytes: Uint8Array,
  format: RedactionFormat,
  page: number,
  options: { width?: number; marks?: readonly LocatedMark[] } = {},
): Promise<Uint8Array> {
  const width = Math.round(Math.min(3000, Math.max(50, options.width ?? 1000)));
  if (format === 'docx' || format === 'xlsx')
    throw new RedactionInputError('Word、Excel 文件没有页面图像，请按文字或个人信息检查发现标记');
  return guarded(async () => {
    if (format === 'pdf') return renderPdfPage(bytes, page, width, options.marks);
    if (page !== 1) throw new RedactionInputError('图片只有 1 页');
    return renderImage(bytes, format, width, options.marks);
  });
}

export interface RedactionResult {
  bytes: Uint8Array;
  contentType: string;
  verification: Verification;
}

/**
 * Removes what is under every mark and whatever else issue 43's item 4 lists, saves one clean
 * revision, then verifies by a second reading. Never throws for a failed check: `verification.passed`
 * is false and each failed check names its marks; the caller then releases nothing.
 */
export async function redact(
  bytes: Uint8Array,
  format: RedactionFormat,
  marks: readonly LocatedMark[],
): Promise<RedactionResult> {
  const output = await guarded(async () => {
    if (format === 'pdf') return cleanPdf(await redactWithPdfium(await formsWithoutMatrix(bytes), marks));
    if (format === 'docx' || format === 'xlsx') return redactOffice(bytes, marks);
    return redactImage(bytes, format, marks);
  });
  const verification = await verify(bytes, output, format, marks);
  return { bytes: output, contentType: contentTypes[format], verification };
}

/** The second reading of an output against its original (exported for the checks' own tests). */
export async function verify(
  original: Uint8Array,
  output: Uint8Array,
  format: RedactionFormat,
  marks: readonly LocatedMark[],
): Promise<Verification> {
  let checks: VerificationCheck[];
  try {
    checks =
      format === 'pdf'
        ? await verifyPdf(original, output, marks)
        : format === 'docx' || format === 'xlsx'
          ? verifyOffice(output, format, marks)
          : verifyImage(output, format, marks);
  } catch (error) {
    checks = [
      {
        name: 'readable',
        passed: false,
        detail: `结果文件无法重新读取，不能证明删除有效（${(error as Error).message}）`,
        markIds: marks.map((m) => m.id),
      },
    ];
  }
  return {
    passed: checks.every((c) => c.passed),
    at: new Date().toISOString(),
    engines: await engines(format),
    checks,
  };
}

async function engines(format: RedactionFormat): Promise<Record<string, string>> {
  if (format !== 'pdf')
    return format === 'jpeg' || format === 'png' ? { images: engineVersions.images! } : { office: 'fflate (XML)' };
  const { getResolvedPDFJS } = await import('unpdf');
  const { version } = await getResolvedPDFJS();
  return {
    pdfium: engineVersions.pdfium!,
    pdfjs: `${engineVersions.pdfjs} (pdf.js ${version})`,
    pdfLib: engineVersions.pdfLib!,
  };
}

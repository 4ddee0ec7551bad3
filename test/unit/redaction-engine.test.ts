/**
 * The redaction engine (issue 43) on small files made here: each removal of item 4 on its own, and
 * each check of the second reading shown to fail when fed a doctored output.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import jpeg from 'jpeg-js';
import {
  degrees,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFOperator,
  PDFString,
  type PDFPage,
  rgb,
  StandardFonts,
} from 'pdf-lib';
import { PNG } from 'pngjs';
import { describe as suite, expect, it } from 'vitest';
import type { MarkInput, Verification } from '#core/redaction.ts';
import { letterPdf } from '#lib/letter-pdf.ts';
import { cleanPdf, withoutMarkedProperties } from '#redaction/clean.ts';
import {
  describe,
  engineVersions,
  formatOf,
  locate,
  RedactionInputError,
  redact,
  renderPage,
  verify,
} from '#redaction/engine.ts';
import { decodeImage, jpegSegments, pngChunks } from '#redaction/image.ts';
import { findDigits, findWords } from '#redaction/match.ts';
import { numberMatches } from '#redaction/office.ts';
import { redactWithPdfium } from '#redaction/pdf.ts';
import { openPdf, pageFrame, toShown, toUser } from '#redaction/pdfium.ts';
import { readWithPdfjs } from '#redaction/verify.ts';

const secret = 'ZQXSECRET';
const control = 'Control sentence stays here.';
const ground = { ground: '15', reason: '第三方个人信息' } as const;
const text = (t: string): MarkInput => ({ kind: 'text', text: t, ...ground });
const area = (page: number, x: number, y: number, width: number, height: number): MarkInput => ({
  kind: 'area',
  page,
  x,
  y,
  width,
  height,
  ...ground,
});

const check = (v: Verification, name: string) => v.checks.find((c) => c.name === name);
const failedChecks = (v: Verification) => v.checks.filter((c) => !c.passed).map((c) => c.name);

async function pdfText(bytes: Uint8Array) {
  return (await readWithPdfjs(bytes)).map((p) => p.items.map((i) => i.str).join(' ')).join('\n');
}

/** A grey image (pdf-lib PNG) for a page. */
function greyPng(width = 100, height = 100, value = 200) {
  const png = new PNG({ width, height });
  png.data.fill(value);
  return PNG.sync.write(png);
}

async function simplePdf(draw?: (page: PDFPage, doc: PDFDocument) => Promise<void> | void) {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([600, 400]);
  page.drawText(`Hello ${secret} world`, { x: 50, y: 300, size: 20, font });
  page.drawText(control, { x: 50, y: 200, size: 14, font });
  await draw?.(page, doc);
  return doc;
}

suite('formats', () => {
  it('knows a file by its bytes, and only when its content type agrees', async () => {
    const pdf = await (await simplePdf()).save();
    expect(formatOf('application/pdf', pdf)).toBe('pdf');
    expect(formatOf('image/png', pdf)).toBeUndefined();
    expect(formatOf('image/png', greyPng())).toBe('png');
    expect(formatOf('application/pdf', greyPng())).toBeUndefined();
    expect(formatOf('image/jpeg', jpegOf(greyPixels(8, 8)))).toBe('jpeg');
    expect(formatOf('application/vnd.openxmlformats-officedocument.wordprocessingml.document', docx('<w:p/>'))).toBe(
      'docx',
    );
    expect(
      formatOf('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', docx('<w:p/>')),
    ).toBeUndefined();
  });

  it('names the engines as installed', async () => {
    const { readFileSync } = await import('node:fs');
    const version = (name: string) => JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')).version;
    expect(engineVersions.pdfium).toBe(`@embedpdf/pdfium ${version('@embedpdf/pdfium')}`);
    expect(engineVersions.pdfjs).toBe(`unpdf ${version('unpdf')}`);
    expect(engineVersions.pdfLib).toBe(`pdf-lib ${version('pdf-lib')}`);
  });
});

suite('coordinates', () => {
  it('maps user space to the page as shown on a /Rotate 90 page as PDFium does', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([600, 400]).setRotation(degrees(90));
    const pdf = await openPdf(await doc.save());
    try {
      const { P } = pdf;
      const page = pdf.page(0);
      const frame = pageFrame(P, page);
      expect([frame.width, frame.height]).toEqual([400, 600]);
      const out = P.pdfium.wasmExports.malloc(8);
      P.FPDF_PageToDevice(page, 0, 0, 40000, 60000, 0, 50, 300, out, out + 4);
      const heap = new Int32Array((P.pdfium as unknown as { HEAP32: Int32Array }).HEAP32.buffer, out, 2);
      expect(toShown(frame, 50, 300)).toEqual([heap[0]! / 100, heap[1]! / 100]);
      expect(toUser(frame, ...toShown(frame, 50, 300))).toEqual([50, 300]);
      P.pdfium.wasmExports.free(out);
    } finally {
      pdf.close();
    }
  });
});

suite('PDF', () => {
  it('describes pages as shown, rotation applied', async () => {
    const doc = await simplePdf();
    doc.addPage([600, 400]).setRotation(degrees(90));
    expect(await describe(await doc.save(), 'pdf')).toEqual({
      format: 'pdf',
      pages: [
        { width: 600, height: 400 },
        { width: 400, height: 600 },
      ],
    });
  });

  it('removes the words under a text mark and keeps the rest of the line and the page, verified', async () => {
    const original = await (await simplePdf()).save();
    const marks = await locate(original, 'pdf', [text(secret)]);
    expect(marks[0]).toMatchObject({ id: 'm1', strings: [secret], places: [{ page: 1 }] });
    const { bytes, contentType, verification } = await redact(original, 'pdf', marks);
    expect(contentType).toBe('application/pdf');
    expect(verification.passed, JSON.stringify(verification.checks)).toBe(true);
    const after = await pdfText(bytes);
    expect(after).not.toContain(secret);
    expect(after).toContain('Hello');
    expect(after).toContain('world');
    expect(after).toContain(control);
    expect(Buffer.from(bytes).toString('latin1')).not.toContain(secret);
    expect(verification.engines.pdfjs).toMatch(/^unpdf .* \(pdf\.js \d/);
  });

  it('removes two marks on one line and keeps the word between them', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage([600, 400]).drawText('ALPHA1 KEEPME OMEGA2', { x: 50, y: 300, size: 16, font });
    const original = await doc.save();
    const marks = await locate(original, 'pdf', [text('ALPHA1'), text('OMEGA2')]);
    const { bytes, verification } = await redact(original, 'pdf', marks);
    expect(verification.passed, JSON.stringify(verification.checks)).toBe(true);
    const after = await pdfText(bytes);
    expect(after).toContain('KEEPME');
    expect(after).not.toMatch(/ALPHA1|OMEGA2/);
  });

  it('finds words across a line break and in full-width letters', () => {
    expect(findWords('张\r\n三的号码', '张三').map((r) => r.text)).toEqual(['张\r\n三']);
    expect(findWords('ＺＱＸ', 'zqx')).toHaveLength(1);
    expect(findDigits('电话 138-1234-5678。', '13812345678').map((r) => r.text)).toEqual(['138-1234-5678']);
    expect(findDigits('13812345678 和 1381234567890', '13812345678')).toHaveLength(2);
  });

  it('marks a pattern, and names a mark whose pattern is invalid', async () => {
    const original = await (await simplePdf()).save();
    const [mark] = await locate(original, 'pdf', [{ kind: 'pattern', pattern: 'ZQX[A-Z]+', ...ground }]);
    expect(mark!.strings).toEqual([secret]);
    await expect(locate(original, 'pdf', [text('x'), { kind: 'pattern', pattern: '(', ...ground }])).rejects.toThrow(
      /第 2 项标记：表达式无效/,
    );
    await expect(locate(original, 'pdf', [area(3, 0, 0, 10, 10)])).rejects.toThrow(/第 1 项标记：文件只有 1 页/);
  });

  it('refuses a located mark on a page the file does not have, in Chinese', async () => {
    const original = await (await simplePdf()).save();
    const [mark] = await locate(original, 'pdf', [area(1, 10, 10, 20, 20)]);
    const elsewhere = { ...mark!, places: [{ page: 5, rects: mark!.places[0]!.rects }] };
    await expect(redact(original, 'pdf', [elsewhere])).rejects.toThrow(/页不在文件的页数范围内/);
  });

  it('marks the privacy findings in a Chinese letter, all but the applicant’s own', async () => {
    const id = '11010519491231002X';
    const own = '13912345678';
    const original = await letterPdf({
      kind: 'reply',
      title: '政府信息公开申请答复书',
      number: '某政公开〔2026〕1号',
      issuedOn: '2026-12-07',
      agencyName: '某市某局',
      recipient: '李四：',
      paragraphs: [
        `第三人张三，公民身份号码${id}，联系电话13812345678。`,
        `申请人联系电话${own}。`,
        '本机关依法作出答复如下。',
      ],
      closing: [],
      toApplicant: true,
    });
    const marks = await locate(original, 'pdf', [{ kind: 'findings', ...ground }], { except: [own] });
    expect(marks[0]!.strings.sort()).toEqual([id, '13812345678'].sort());
    const { bytes, verification } = await redact(original, 'pdf', marks);
    expect(verification.passed, JSON.stringify(verification.checks)).toBe(true);
    const after = (await pdfText(bytes)).replace(/\s/g, '');
    expect(after).not.toContain(id);
    expect(after).not.toContain('13812345678');
    expect(after).toContain(own);
    expect(after).toContain('本机关依法作出答复如下');
  });

  it('removes the words under an area on a /Rotate 90 page, in the page’s shown coordinates', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.addPage([600, 400]);
    page.setRotation(degrees(90));
    page.drawText(`Rotated ${secret}`, { x: 50, y: 300, size: 20, font });
    page.drawText(control, { x: 50, y: 100, size: 14, font });
    const original = await doc.save();
    const [found] = await locate(original, 'pdf', [text(secret)]);
    const rect = found!.places[0]!.rects![0]!;
    // Shown: the text runs downwards near the right edge (user y 300 is 300 from the shown left).
    expect(rect.x).toBeGreaterThan(290);
    expect(rect.height).toBeGreaterThan(rect.width);
    const marks = await locate(original, 'pdf', [area(1, rect.x - 1, rect.y - 1, rect.width + 2, rect.height + 2)]);
    const { bytes, verification } = await redact(original, 'pdf', marks);
    expect(verification.passed, JSON.stringify(verification.checks)).toBe(true);
    const after = await pdfText(bytes);
    expect(after).not.toContain(secret);
    expect(after).toContain('Rotated');
    expect(after).toContain(control);
  });

  it('replaces only the image’s pixels under a mark, and removes the vector art within it', async () => {
    const original = await (
      await simplePdf(async (page, doc) => {
        page.drawImage(await doc.embedPng(greyPng()), { x: 300, y: 50, width: 200, height: 200 });
        page.drawRectangle({ x: 60, y: 60, width: 20, height: 20, color: rgb(1, 0, 0) });
      })
    ).save();
    // Shown: the image spans x 300–500, y 150–350; the red square x 60–80, y 320–340.
    const marks = await locate(original, 'pdf', [area(1, 350, 200, 50, 50), area(1, 50, 310, 40, 40)]);
    const { bytes, verification } = await redact(original, 'pdf', marks);
    expect(verification.passed, JSON.stringify(verification.checks)).toBe(true);
    expect(check(verification, 'images')!.detail).toMatch(/1 幅图像/);
    const pdf = await openPdf(bytes);
    try {
      const { P } = pdf;
      const page = pdf.page(0);
      const kinds: number[] = [];
      for (let i = 0; i < P.FPDFPage_CountObjects(page); i++)
        kinds.push(P.FPDFPageObj_GetType(P.FPDFPage_GetObject(page, i)));
      const image = P.FPDFPage_GetObject(page, kinds.indexOf(3));
      const bitmap = P.FPDFImageObj_GetBitmap(image);
      const stride = P.FPDFBitmap_GetStride(bitmap);
      const bpp = stride / P.FPDFBitmap_GetWidth(bitmap);
      const heap = (P.pdfium as unknown as { HEAPU8: Uint8Array }).HEAPU8;
      const pixel = (row: number, col: number) => heap[P.FPDFBitmap_GetBuffer(bitmap) + row * stride + col * bpp];
      // Image pixels: 2 points each; the mark covers columns 25–50, rows 25–50 (from the image's top).
      expect(pixel(35, 35)).toBe(0);
      expect(pixel(35, 80)).toBe(200);
      expect(pixel(10, 35)).toBe(200);
      expect(pixel(80, 35)).toBe(200);
      P.FPDFBitmap_Destroy(bitmap);
      // The red square is gone; the two black boxes are the only paths.
      expect(kinds.filter((k) => k === 2)).toHaveLength(2);
    } finally {
      pdf.close();
    }
  });

  it('removes from the whole file what item 4 lists and saves one revision', async () => {
    const doc = await simplePdf(async (page, d) => {
      const { context } = d;
      d.setTitle(`Title ${secret}`);
      d.setAuthor('Author Name');
      d.setSubject(`Subject ${secret}`);
      const xmp = context.stream(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:title>${secret}</dc:title></x:xmpmeta>`, {
        Type: 'Metadata',
        Subtype: 'XML',
      });
      d.catalog.set(PDFName.of('Metadata'), context.register(xmp));
      const item = context.obj({ Title: PDFHexString.fromText(`Outline ${secret}`), Dest: [page.ref, 'Fit'] });
      const itemRef = context.register(item);
      const outlines = context.register(context.obj({ Type: 'Outlines', First: itemRef, Last: itemRef, Count: 1 }));
      item.set(PDFName.of('Parent'), outlines);
      d.catalog.set(PDFName.of('Outlines'), outlines);
      d.catalog.set(PDFName.of('Dests'), context.register(context.obj({ [`Dest${secret}`]: [page.ref, 'Fit'] })));
      await d.attach(strToU8(`attached ${secret}`), 'note.txt', { mimeType: 'text/plain' });
      d.addJavaScript('hello', `app.alert("${secret}")`);
      d.catalog.set(PDFName.of('OpenAction'), context.obj({ S: 'JavaScript', JS: PDFString.of(`${secret}()`) }));
      const form = d.getForm();
      const field = form.createTextField('name');
      field.setText(`Form ${secret}`);
      field.addToPage(page, { x: 50, y: 120, width: 200, height: 20 });
      const annot = context.register(
        context.obj({
          Type: 'Annot',
          Subtype: 'Text',
          Rect: [10, 10, 30, 30],
          Contents: PDFHexString.fromText(`Note ${secret}`),
        }),
      );
      page.node.addAnnot(annot);
      page.node.set(PDFName.of('PieceInfo'), context.obj({ App: { Private: PDFString.of(secret) } }));
      // ActualText: a copy of the words for screen readers, in the content.
      const font = await d.embedFont(StandardFonts.Helvetica);
      page.pushOperators(
        PDFOperator.of('BDC' as never, [
          PDFName.of('Span'),
          context.obj({ ActualText: PDFHexString.fromText(secret) }) as never,
        ]),
      );
      page.drawText('XXXX', { x: 400, y: 300, size: 12, font });
      page.pushOperators(PDFOperator.of('EMC' as never));
    });
    const saved = await doc.save({ useObjectStreams: false });
    // An incremental update that left the secret in the earlier revision.
    const original = appendIncrementalUpdate(saved, `(Revision ${secret})`);
    expect(Buffer.from(original).toString('latin1').match(/%%EOF/g)).toHaveLength(2);
    const marks = await locate(original, 'pdf', [text(secret)]);
    const { bytes, verification } = await redact(original, 'pdf', marks);
    expect(verification.passed, JSON.stringify(verification.checks, null, 1)).toBe(true);
    const raw = Buffer.from(bytes).toString('latin1');
    expect(raw.match(/%%EOF/g)).toHaveLength(1);
    const out = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(out.catalog.keys().map(String).sort()).toEqual(['/Pages', '/Type']);
    expect(out.getTitle()).toBeUndefined();
    expect(out.getAuthor()).toBeUndefined();
    expect(out.getPage(0).node.Annots()).toBeUndefined();
    expect(out.getPage(0).node.get(PDFName.of('PieceInfo'))).toBeUndefined();
    // PDFium reads the ActualText as the words drawn, so the glyphs it stands for are marked too.
    expect(marks[0]!.places[0]!.rects).toHaveLength(2);
    expect(await pdfText(bytes)).toContain(control);
  });

  it('strips the metadata of a photo placed in the PDF (EXIF, comments), keeping its pixels', async () => {
    const photo = jpegWithExif(greyPixels(40, 20));
    const original = await (
      await simplePdf(async (page, doc) => {
        page.drawImage(await doc.embedJpg(photo), { x: 300, y: 50, width: 80, height: 40 });
      })
    ).save();
    expect(Buffer.from(original).toString('latin1')).toContain(`Artist ${secret}`);
    const marks = await locate(original, 'pdf', [text(secret)]);
    const { bytes, verification } = await redact(original, 'pdf', marks);
    expect(verification.passed, JSON.stringify(verification.checks)).toBe(true);
    const raw = Buffer.from(bytes).toString('latin1');
    expect(raw).not.toContain('Exif');
    expect(raw).not.toContain(secret);
    expect(raw).toContain('/DCTDecode');
  });

  it('drops marked-content property lists (ActualText, Alt) and keeps the content', () => {
    const content =
      '/Span <</ActualText (a\\)b (c)) /Alt <FEFF0041>>> BDC BT (Hi) Tj ET EMC /P <</MCID 0>> BDC EMC /OC /oc1 BDC EMC BI /W 1 ID \x00BDC\x01 EI (x) Tj';
    expect(withoutMarkedProperties(content)).toBe(
      '/Span BMC BT (Hi) Tj ET EMC /P BMC EMC /OC BMC EMC BI /W 1 ID \x00BDC\x01 EI (x) Tj',
    );
  });

  it('leaves out what a layer the original hides holds, instead of showing it', async () => {
    const original = await (
      await simplePdf(async (page, doc) => {
        const { context } = doc;
        const layer = context.register(context.obj({ Type: 'OCG', Name: PDFHexString.fromText('底稿') }));
        doc.catalog.set(PDFName.of('OCProperties'), context.obj({ OCGs: [layer], D: { OFF: [layer] } }));
        page.node.Resources()!.set(PDFName.of('Properties'), context.obj({ L1: layer }));
        const font = await doc.embedFont(StandardFonts.Helvetica);
        page.pushOperators(PDFOperator.of('BDC' as never, [PDFName.of('OC'), PDFName.of('L1')]));
        page.drawText('HIDDENLAYER note', { x: 50, y: 100, size: 12, font });
        page.pushOperators(PDFOperator.of('EMC' as never));
      })
    ).save();
    const marks = await locate(original, 'pdf', [text(secret)]);
    const { bytes, verification } = await redact(original, 'pdf', marks);
    expect(verification.passed, JSON.stringify(verification.checks)).toBe(true);
    const after = await pdfText(bytes);
    expect(after).not.toContain('HIDDENLAYER');
    expect(after).toContain(control);
    expect(withoutMarkedProperties('/OC /L1 BDC /P BMC (a) Tj EMC (b) Tj EMC (c) Tj', new Set(['/L1']))).toBe(
      ' (c) Tj',
    );
  });

  it('renders a page as PNG with the marks outlined in red', async () => {
    const original = await (await simplePdf()).save();
    const marks = await locate(original, 'pdf', [text(secret)]);
    const png = PNG.sync.read(Buffer.from(await renderPage(original, 'pdf', 1, { width: 300, marks })));
    expect([png.width, png.height]).toEqual([300, 200]);
    const rect = marks[0]!.places[0]!.rects![0]!;
    const at = (x: number, y: number) => [...png.data.subarray((y * 300 + x) * 4, (y * 300 + x) * 4 + 3)];
    expect(at(Math.floor(rect.x / 2), Math.floor(rect.y / 2) + 3)).toEqual([220, 0, 0]);
    await expect(renderPage(original, 'pdf', 2)).rejects.toThrow(RedactionInputError);
  });
});

suite('PDF: what PDFium alone got wrong', () => {
  /** Two words drawn inside a Form XObject whose /Matrix moves it 10 right and 30 up. */
  async function formPdf() {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.addPage([600, 400]);
    const fontName = page.node.newFontDictionary('F1', font.ref);
    const form = doc.context.flateStream(
      `BT /${fontName.asString().slice(1)} 14 Tf 50 300 Td (${secret}) Tj 0 -40 Td (FORMKEEP line) Tj ET`,
      {
        Type: 'XObject',
        Subtype: 'Form',
        BBox: [0, 0, 600, 400],
        Matrix: [1, 0, 0, 1, 10, 30],
        Resources: { Font: { [fontName.asString().slice(1)]: font.ref } },
      },
    );
    const formName = page.node.newXObject('Fx', doc.context.register(form));
    // Drawn as the corpus's form is (q, an identity cm, Do, Q): PDFium then moves it (below).
    const cm = [1, 0, 0, 1, 0, 0].map((n) => doc.context.obj(n));
    page.pushOperators(
      PDFOperator.of('q' as never),
      PDFOperator.of('cm' as never, cm as never),
      PDFOperator.of('Do' as never, [formName]),
      PDFOperator.of('Q' as never),
    );
    return doc.save();
  }

  it('keeps the rest of a Form XObject with a /Matrix where it stood', async () => {
    const original = await formPdf();
    const marks = await locate(original, 'pdf', [text(secret)]);
    const { bytes, verification } = await redact(original, 'pdf', marks);
    expect(verification.passed, JSON.stringify(verification.checks)).toBe(true);
    const where = async (b: Uint8Array) =>
      (await readWithPdfjs(b))[0]!.items.filter((i) => i.str.includes('FORMKEEP')).map((i) => [i.x, i.y]);
    expect(await where(bytes)).toEqual(await where(original));
    expect(await pdfText(bytes)).not.toContain(secret);
  });

  it('PDFium alone moves the rest of such a form, and the unchanged check sees it', async () => {
    const original = await formPdf();
    const marks = await locate(original, 'pdf', [text(secret)]);
    const moved = await cleanPdf(await redactWithPdfium(original, marks));
    const v = await verify(original, moved, 'pdf', marks);
    expect(failedChecks(v)).toEqual(['unchanged']);
    expect(check(v, 'unchanged')!.detail).toContain('FORMKEEP');
  });

  it('marks text at 45° character by character, so a word inside its bounding box stays', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.addPage([600, 400]);
    page.drawText('11010519491231002X', { x: 100, y: 100, size: 14, font, rotate: degrees(45) });
    page.drawText('KEEPBOX', { x: 150, y: 120, size: 8, font });
    const original = await doc.save();
    const marks = await locate(original, 'pdf', [text('11010519491231002X')]);
    expect(marks[0]!.places[0]!.rects!.length).toBeGreaterThan(10);
    const { bytes, verification } = await redact(original, 'pdf', marks);
    expect(verification.passed, JSON.stringify(verification.checks)).toBe(true);
    expect(await pdfText(bytes)).toContain('KEEPBOX');
  });

  it('an area withholds the words under it, so a moved area fails verification', async () => {
    const original = await (await simplePdf()).save();
    const [found] = await locate(original, 'pdf', [text(secret)]);
    const r = found!.places[0]!.rects![0]!;
    const [mark] = await locate(original, 'pdf', [area(1, r.x - 1, r.y - 1, r.width + 2, r.height + 2)]);
    expect(mark!.strings).toEqual([secret]);
    const moved = { ...mark!, places: [{ page: 1, rects: [{ ...r, y: r.y + 150 }] }] };
    const { verification } = await redact(original, 'pdf', [moved]);
    expect(verification.passed).toBe(false);
    expect(failedChecks(verification)).toEqual(expect.arrayContaining(['text', 'bytes']));
  });

  it('a mark over half a number leaves a readable fragment: the fragments check fails', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage([600, 400]).drawText('ID 11010519491231002X here', { x: 50, y: 300, size: 14, font });
    const original = await doc.save();
    const [mark] = await locate(original, 'pdf', [text('11010519491231002X')]);
    const r = mark!.places[0]!.rects![0]!;
    const half = { ...mark!, places: [{ page: 1, rects: [{ ...r, x: r.x + r.width / 2, width: r.width / 2 }] }] };
    const { verification } = await redact(original, 'pdf', [half]);
    expect(failedChecks(verification)).toEqual(['fragments']);
    expect(check(verification, 'fragments')!.markIds).toEqual(['m1']);
  });
});

suite('verification of a PDF fails on a doctored output', () => {
  async function setting() {
    const original = await (
      await simplePdf(async (page, doc) => {
        page.drawImage(await doc.embedPng(greyPng()), { x: 300, y: 50, width: 200, height: 200 });
        page.drawRectangle({ x: 360, y: 160, width: 10, height: 10, color: rgb(1, 0, 0) });
        const font = await doc.embedFont(StandardFonts.Helvetica);
        page.drawText('Phone 13812345678', { x: 50, y: 250, size: 12, font });
      })
    ).save();
    const marks = await locate(original, 'pdf', [
      text(secret),
      { kind: 'findings', ...ground },
      area(1, 350, 200, 50, 50),
    ]);
    const good = await redact(original, 'pdf', marks);
    expect(good.verification.passed, JSON.stringify(good.verification.checks)).toBe(true);
    return { original, marks, good: good.bytes };
  }

  it('the original itself: every reading finds what the marks withhold', async () => {
    const { original, marks } = await setting();
    const v = await verify(original, original, 'pdf', marks);
    expect(v.passed).toBe(false);
    expect(failedChecks(v)).toEqual(expect.arrayContaining(['text', 'bytes', 'areas', 'privacy', 'images', 'vectors']));
    expect(check(v, 'text')!.markIds).toEqual(['m1', 'm2']);
    expect(check(v, 'areas')!.markIds).toEqual(expect.arrayContaining(['m1', 'm2']));
    expect(check(v, 'privacy')!.markIds).toEqual(['m2']);
    expect(check(v, 'images')!.markIds).toEqual(['m3']);
    expect(check(v, 'vectors')!.markIds).toEqual(['m3']);
    expect(check(v, 'privacy')!.detail).toMatch(/第 2 项标记/);
  });

  it('the secret left in a stream nothing draws: only the byte scan finds it', async () => {
    const { original, marks, good } = await setting();
    const doc = await PDFDocument.load(good, { updateMetadata: false });
    const hidden = doc.context.flateStream(`(${secret}) Tj`, { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 1, 1] });
    const xobjects = doc.getPage(0).node.Resources()!.lookup(PDFName.of('XObject'), PDFDict);
    xobjects.set(PDFName.of('Hidden'), doc.context.register(hidden));
    const v = await verify(original, await doc.save(), 'pdf', marks);
    expect(failedChecks(v)).toEqual(['bytes']);
    expect(check(v, 'bytes')!.markIds).toEqual(['m1']);
  });

  it('a line outside the marks lost: the unchanged check fails', async () => {
    const { original, marks } = await setting();
    const more = await locate(original, 'pdf', [
      text(secret),
      { kind: 'findings', ...ground },
      area(1, 350, 200, 50, 50),
      text('Control'),
    ]);
    const { bytes } = await redact(original, 'pdf', more);
    const v = await verify(original, bytes, 'pdf', marks);
    expect(failedChecks(v)).toEqual(['unchanged']);
    expect(check(v, 'unchanged')!.detail).toContain('Control sentence');
  });

  it('an incremental update or an unreachable object: the revision check fails', async () => {
    const { original, marks, good } = await setting();
    expect(failedChecks(await verify(original, appendIncrementalUpdate(good, '(x)'), 'pdf', marks))).toContain(
      'revision',
    );
    const doc = await PDFDocument.load(good, { updateMetadata: false });
    doc.context.register(doc.context.obj({ Orphan: PDFString.of('old') }));
    const v = await verify(original, await doc.save(), 'pdf', marks);
    expect(failedChecks(v)).toEqual(['revision']);
    expect(check(v, 'revision')!.detail).toMatch(/无法到达/);
  });

  it('document info, an annotation or marked-content properties left: the catalogue check fails', async () => {
    const { original, marks, good } = await setting();
    const withInfo = await PDFDocument.load(good, { updateMetadata: false });
    withInfo.setAuthor('Someone');
    expect(failedChecks(await verify(original, await withInfo.save(), 'pdf', marks))).toEqual(['catalogue']);
    const withAnnot = await PDFDocument.load(good, { updateMetadata: false });
    withAnnot
      .getPage(0)
      .node.addAnnot(
        withAnnot.context.register(withAnnot.context.obj({ Type: 'Annot', Subtype: 'Square', Rect: [0, 0, 5, 5] })),
      );
    expect(failedChecks(await verify(original, await withAnnot.save(), 'pdf', marks))).toEqual(['catalogue']);
    const withSpan = await PDFDocument.load(good, { updateMetadata: false });
    withSpan
      .getPage(0)
      .pushOperators(
        PDFOperator.of('BDC' as never, [
          PDFName.of('Span'),
          withSpan.context.obj({ Lang: PDFString.of('en') }) as never,
        ]),
        PDFOperator.of('EMC' as never),
      );
    const v = await verify(original, await withSpan.save(), 'pdf', marks);
    expect(failedChecks(v)).toEqual(['catalogue']);
    expect(check(v, 'catalogue')!.detail).toMatch(/BDC/);
  });
});

// ---- images ----

function greyPixels(width: number, height: number) {
  return { width, height, data: new Uint8Array(width * height * 4).fill(200) };
}
function jpegOf(p: { width: number; height: number; data: Uint8Array }) {
  return new Uint8Array(jpeg.encode({ ...p, data: Buffer.from(p.data) }, 90).data);
}
/** A JPEG with an EXIF segment (orientation 6: shown turned a quarter clockwise) and a comment. */
function jpegWithExif(p: { width: number; height: number; data: Uint8Array }, orientation = 1) {
  const plain = jpegOf(p);
  const tiff = Buffer.from([
    0x4d,
    0x4d,
    0,
    42,
    0,
    0,
    0,
    8,
    0,
    1,
    0x01,
    0x12,
    0,
    3,
    0,
    0,
    0,
    1,
    0,
    orientation,
    0,
    0,
    0,
    0,
    0,
    0,
  ]);
  const exif = Buffer.concat([Buffer.from('Exif\0\0'), tiff, Buffer.from(`Artist ${secret}`)]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, (exif.length + 2) >> 8, (exif.length + 2) & 255]), exif]);
  const comment = Buffer.from(`COM ${secret}`);
  const com = Buffer.concat([
    Buffer.from([0xff, 0xfe, (comment.length + 2) >> 8, (comment.length + 2) & 255]),
    comment,
  ]);
  return new Uint8Array(Buffer.concat([plain.subarray(0, 2), app1, com, plain.subarray(2)]));
}

suite('images', () => {
  it('fills a JPEG’s marked pixels black as shown (EXIF orientation applied) and leaves no metadata', async () => {
    const original = jpegWithExif(greyPixels(40, 20), 6);
    expect(await describe(original, 'jpeg')).toEqual({ format: 'jpeg', pages: [{ width: 20, height: 40 }] });
    const marks = await locate(original, 'jpeg', [area(1, 0, 0, 10, 10)]);
    const { bytes, verification } = await redact(original, 'jpeg', marks);
    expect(verification.passed, JSON.stringify(verification.checks)).toBe(true);
    expect(Buffer.from(bytes).toString('latin1')).not.toContain(secret);
    expect(jpegSegments(bytes).map((s) => s.marker)).not.toContain(0xe1);
    const out = decodeImage(bytes, 'jpeg');
    expect([out.width, out.height]).toEqual([20, 40]);
    expect(out.data[(5 * 20 + 5) * 4]).toBeLessThan(30);
    expect(out.data[(30 * 20 + 15) * 4]).toBeGreaterThan(180);
  });

  it('fills a PNG’s marked pixels and drops its text chunks', async () => {
    const png = new PNG({ width: 20, height: 20 });
    png.data.fill(200);
    const plain = PNG.sync.write(png);
    const text = Buffer.from(`Comment\0${secret}`);
    const chunk = Buffer.alloc(12 + text.length);
    chunk.writeUInt32BE(text.length, 0);
    chunk.write('tEXt', 4, 'latin1');
    text.copy(chunk, 8);
    const original = new Uint8Array(Buffer.concat([plain.subarray(0, 33), chunk, plain.subarray(33)]));
    expect(pngChunks(original)).toContain('tEXt');
    const marks = await locate(original, 'png', [area(1, 5, 5, 10, 10)]);
    const { bytes, verification } = await redact(original, 'png', marks);
    expect(verification.passed, JSON.stringify(verification.checks)).toBe(true);
    expect(pngChunks(bytes)).not.toContain('tEXt');
    // The checks fail on the original: pixels not dark, metadata left.
    const v = await verify(original, original, 'png', marks);
    expect(failedChecks(v)).toEqual(['pixels', 'metadata']);
    expect(check(v, 'pixels')!.markIds).toEqual(['m1']);
  });

  it('takes only areas on an image', async () => {
    await expect(locate(greyPng(), 'png', [text('x')])).rejects.toThrow(/第 1 项标记：图片只能按区域遮盖/);
  });
});

// ---- Word and Excel ----

const w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
function docx(body: string, extra: Record<string, string> = {}) {
  return zipSync(
    Object.fromEntries(
      Object.entries({
        '[Content_Types].xml':
          '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>',
        '_rels/.rels':
          '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>',
        'word/document.xml': `<?xml version="1.0"?><w:document ${w}><w:body>${body}</w:body></w:document>`,
        'word/_rels/document.xml.rels':
          '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/><Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml" Target="../customXml/item1.xml"/></Relationships>',
        'word/comments.xml': `<w:comments ${w}><w:comment w:id="0" w:author="审核人"><w:p><w:r><w:t>批注提到张三</w:t></w:r></w:p></w:comment></w:comments>`,
        'docProps/core.xml':
          '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>关于张三的答复</dc:title><dc:creator>经办人王五</dc:creator><cp:lastModifiedBy>王五</cp:lastModifiedBy></cp:coreProperties>',
        'customXml/item1.xml': '<data>张三 110105194912310021</data>',
        ...extra,
      }).map(([k, v]) => [k, strToU8(v)]),
    ),
  );
}
const run = (t: string) => `<w:r><w:t xml:space="preserve">${t}</w:t></w:r>`;
const para = (...runs: string[]) => `<w:p>${runs.join('')}</w:p>`;

const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

suite('Word', () => {
  it('replaces a name split over runs with 「■■■」 and removes comments, tracked changes, customXml and authors', async () => {
    const original = docx(
      [
        para(
          run('第三人张'),
          run('三，住所'),
          '<w:commentRangeStart w:id="0"/>',
          run('某路'),
          '<w:commentRangeEnd w:id="0"/>',
        ),
        para(
          '<w:ins w:id="1" w:author="王五">',
          run('插入的张三与保留文字'),
          '</w:ins>',
          '<w:del w:id="2" w:author="王五"><w:r><w:delText>删除的秘密文字</w:delText></w:r></w:del>',
        ),
        para(run(control)),
      ].join(''),
      { 'word/header1.xml': `<w:hdr ${w}>${para(run('页眉张三'))}</w:hdr>` },
    );
    expect(formatOf(docxType, original)).toBe('docx');
    expect(await describe(original, 'docx')).toEqual({ format: 'docx', pages: [] });
    const marks = await locate(original, 'docx', [text('张三')]);
    expect(marks[0]!.places.map((p) => p.part).sort()).toEqual([
      'customXml/item1.xml',
      'docProps/core.xml',
      'word/comments.xml',
      'word/document.xml',
      'word/document.xml',
      'word/header1.xml',
    ]);
    const { bytes, contentType, verification } = await redact(original, 'docx', marks);
    expect(contentType).toBe(docxType);
    expect(verification.passed, JSON.stringify(verification.checks)).toBe(true);
    const parts = unzipSync(bytes);
    const all = Object.values(parts)
      .map((d) => strFromU8(d))
      .join('\n');
    expect(all).not.toContain('张三');
    expect(all).not.toMatch(/张<\/w:t>.*三/);
    expect(all).not.toContain('删除的秘密文字');
    expect(all).not.toContain('王五');
    expect(Object.keys(parts)).not.toContain('word/comments.xml');
    expect(Object.keys(parts).some((p) => p.startsWith('customXml/'))).toBe(false);
    const document = strFromU8(parts['word/document.xml']!);
    expect(document).toContain('第三人■■■');
    expect(document).toContain('插入的■■■与保留文字');
    expect(document).toContain(control);
    expect(strFromU8(parts['word/_rels/document.xml.rels']!)).not.toMatch(/comments|customXml/);
    expect(strFromU8(parts['[Content_Types].xml']!)).not.toContain('comments');
    await expect(locate(original, 'docx', [area(1, 0, 0, 1, 1)])).rejects.toThrow(
      '第 1 项标记：Word、Excel 文件不能按区域遮盖，请按文字或个人信息检查发现标记',
    );
    await expect(renderPage(original, 'docx', 1)).rejects.toThrow(RedactionInputError);
  });

  it('withholds a content control’s title and tag and a picture’s alternative text', async () => {
    const original = docx(
      `<w:sdt><w:sdtPr><w:alias w:val="第三方张三"/><w:tag w:val="张三"/><w:id w:val="12"/></w:sdtPr><w:sdtContent>${para(run('张三'))}</w:sdtContent></w:sdt>` +
        `<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:docPr id="1" name="图片 1" descr="张三的照片"/></wp:inline></w:drawing></w:r></w:p>` +
        para(run(control)),
    );
    const marks = await locate(original, 'docx', [text('张三')]);
    const { bytes, verification } = await redact(original, 'docx', marks);
    expect(verification.passed, JSON.stringify(verification.checks)).toBe(true);
    const document = strFromU8(unzipSync(bytes)['word/document.xml']!);
    expect(document).toContain('<w:alias w:val="第三方■■■"/><w:tag w:val="■■■"/><w:id w:val="12"/>');
    expect(document).toContain('descr="■■■的照片"');
    expect(document).toContain(control);
  });

  it('strips the EXIF of a photo placed in the document', async () => {
    const original = docx(para(run(control)), { 'word/media/image1.jpeg': '' });
    const parts = unzipSync(original);
    parts['word/media/image1.jpeg'] = jpegWithExif(greyPixels(8, 8));
    const withPhoto = zipSync(parts);
    const marks = await locate(withPhoto, 'docx', [text(secret)]);
    const { bytes, verification } = await redact(withPhoto, 'docx', marks);
    expect(verification.passed, JSON.stringify(verification.checks)).toBe(true);
    const photo = unzipSync(bytes)['word/media/image1.jpeg']!;
    expect(jpegSegments(photo).map((s) => s.marker)).not.toContain(0xe1);
    expect(decodeImage(photo, 'jpeg').width).toBe(8);
  });

  it('marks the findings in a document and fails its checks on the original', async () => {
    const id = '11010519491231002X';
    const original = docx(para(run(`公民身份号码${id.slice(0, 6)}`), run(id.slice(6))) + para(run(control)));
    const marks = await locate(original, 'docx', [{ kind: 'findings', ...ground }]);
    expect(marks[0]!.strings).toEqual([id]);
    const { verification } = await redact(original, 'docx', marks);
    expect(verification.passed, JSON.stringify(verification.checks)).toBe(true);
    const v = await verify(original, original, 'docx', marks);
    expect(failedChecks(v)).toEqual(['parts', 'privacy', 'removed']);
    expect(check(v, 'parts')!.markIds).toEqual(['m1']);
  });
});

function xlsx(sheet: string, shared: string[], extra: Record<string, string> = {}) {
  return zipSync(
    Object.fromEntries(
      Object.entries({
        '[Content_Types].xml':
          '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/comments1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/></Types>',
        'xl/workbook.xml':
          '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="张三的号">名单!$B$2</definedName></definedNames></workbook>',
        'xl/_rels/workbook.xml.rels':
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        'xl/worksheets/sheet1.xml': `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheet}</sheetData><legacyDrawing r:id="rId2"/></worksheet>`,
        'xl/worksheets/_rels/sheet1.xml.rels':
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="../comments1.xml"/></Relationships>',
        'xl/sharedStrings.xml': `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${shared.map((s) => `<si>${s}</si>`).join('')}</sst>`,
        'xl/comments1.xml':
          '<comments><commentList><comment ref="A2"><text><t>张三的备注</t></text></comment></commentList></comments>',
        'xl/pivotCache/pivotCacheDefinition1.xml':
          '<pivotCacheDefinition><sharedItems><s v="张三"/></sharedItems></pivotCacheDefinition>',
        ...extra,
      }).map(([k, v]) => [k, strToU8(v)]),
    ),
  );
}

suite('Excel', () => {
  it('replaces shared and inline strings and numeric cells holding a withheld number, and removes comments, pivot caches, names', async () => {
    const id = '110105194912310021';
    const sheet = [
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>',
      `<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>1.10105194912310E+17</v></c></row>`,
      `<row r="3"><c r="A3" t="inlineStr"><is><t>张</t></is></c><c r="B3" t="inlineStr"><is><t>${id}</t></is></c></row>`,
      `<row r="4"><c r="A4" t="s"><v>3</v></c></row>`,
    ].join('');
    const original = xlsx(sheet, [
      '<t>姓名</t>',
      '<t>身份证号</t>',
      '<r><t>张</t></r><r><t>三</t></r>',
      `<t>${control}</t>`,
    ]);
    const marks = await locate(original, 'xlsx', [text('张三'), { kind: 'findings', ...ground }]);
    expect(marks[1]!.strings.sort()).toEqual(['110105194912310000', id].sort());
    const { bytes, verification } = await redact(original, 'xlsx', marks);
    expect(verification.passed, JSON.stringify(verification.checks)).toBe(true);
    const parts = unzipSync(bytes);
    const all = Object.values(parts)
      .map((d) => strFromU8(d))
      .join('\n');
    expect(all).not.toContain('张三');
    expect(all).not.toContain('1.10105194912310E+17');
    expect(all).not.toContain(id);
    expect(all).toContain(control);
    expect(strFromU8(parts['xl/worksheets/sheet1.xml']!)).toContain('<c r="B2" t="inlineStr"><is><t>■■■</t></is></c>');
    expect(Object.keys(parts)).not.toContain('xl/comments1.xml');
    expect(Object.keys(parts).some((p) => p.startsWith('xl/pivotCache/'))).toBe(false);
    expect(strFromU8(parts['xl/workbook.xml']!)).not.toContain('definedName');
    const v = await verify(original, original, 'xlsx', marks);
    expect(failedChecks(v)).toEqual(['parts', 'privacy', 'removed']);
  });

  it('withholds a formula’s string result and drops the formula that quotes it', async () => {
    const sheet = `<row r="1"><c r="A1" t="str"><f>"${secret}"&amp;""</f><v>${secret}</v></c><c r="B1" t="str"><f>"KEEP"</f><v>KEEP</v></c></row>`;
    const original = xlsx(sheet, []);
    const marks = await locate(original, 'xlsx', [text(secret)]);
    expect(marks[0]!.places).toHaveLength(2);
    const { bytes, verification } = await redact(original, 'xlsx', marks);
    expect(verification.passed, JSON.stringify(verification.checks)).toBe(true);
    const out = strFromU8(unzipSync(bytes)['xl/worksheets/sheet1.xml']!);
    expect(out).toContain('<c r="A1" t="str"><v>■■■</v></c>');
    expect(out).toContain('<f>"KEEP"</f><v>KEEP</v>');
  });

  it('withholds a printed header, a hyperlink’s address and tooltip and a sheet’s name, and leaves references alone', async () => {
    const sheet = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>';
    const original = xlsx(sheet, [`<t>${control}</t>`], {
      'xl/workbook.xml':
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="张三材料" sheetId="1" r:id="rId1"/></sheets></workbook>',
      'xl/worksheets/sheet1.xml': `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>${sheet}</sheetData><hyperlinks><hyperlink ref="A1" r:id="rIdL" tooltip="张三的主页"/></hyperlinks><headerFooter><oddHeader>&amp;L经办：张三</oddHeader></headerFooter></worksheet>`,
      'xl/worksheets/_rels/sheet1.xml.rels':
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdL" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="mailto:a@example.cn?subject=张三" TargetMode="External"/></Relationships>',
    });
    const marks = await locate(original, 'xlsx', [text('张三')]);
    expect(marks[0]!.places.map((p) => p.part).sort()).toEqual([
      'xl/comments1.xml',
      'xl/workbook.xml',
      'xl/worksheets/_rels/sheet1.xml.rels',
      'xl/worksheets/sheet1.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    const { bytes, verification } = await redact(original, 'xlsx', marks);
    expect(verification.passed, JSON.stringify(verification.checks)).toBe(true);
    const parts = unzipSync(bytes);
    expect(strFromU8(parts['xl/workbook.xml']!)).toContain('<sheet name="■■■材料" sheetId="1" r:id="rId1"/>');
    const out = strFromU8(parts['xl/worksheets/sheet1.xml']!);
    expect(out).toContain('<hyperlink ref="A1" r:id="rIdL" tooltip="■■■的主页"/>');
    expect(out).toContain('<oddHeader>&amp;L经办：■■■</oddHeader>');
    expect(strFromU8(parts['xl/worksheets/_rels/sheet1.xml.rels']!)).toContain(
      'Target="mailto:a@example.cn?subject=■■■"',
    );
  });

  it('matches a number Excel kept to 15 digits', () => {
    expect(numberMatches('1.10105194912310E+17', '110105194912310021')).toBe(true);
    expect(numberMatches('110105194912310021', '110105194912310021')).toBe(true);
    expect(numberMatches('1.10105194912311E+17', '110105194912310021')).toBe(false);
    expect(numberMatches('42', '110105194912310021')).toBe(false);
  });
});

/** The file with an incremental update appended: one more object, a new xref section and trailer. */
function appendIncrementalUpdate(bytes: Uint8Array, value: string): Uint8Array {
  const raw = Buffer.from(bytes).toString('latin1');
  const size = Number(/\/Size (\d+)/.exec(raw.slice(raw.lastIndexOf('trailer')))?.[1] ?? /\/Size (\d+)/.exec(raw)?.[1]);
  const root = /\/Root (\d+ \d+ R)/.exec(raw)![1];
  const prev = Number(/startxref\s+(\d+)/.exec(raw.slice(raw.lastIndexOf('startxref')))![1]);
  const at = bytes.length;
  const object = `\n${size} 0 obj\n<< /Note ${value} >>\nendobj\n`;
  const xref = at + object.length;
  const tail = `xref\n${size} 1\n${String(at + 1).padStart(10, '0')} 00000 n \ntrailer\n<< /Size ${size + 1} /Root ${root} /Prev ${prev} /Info ${size} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.concat([Buffer.from(bytes), Buffer.from(object + tail, 'latin1')]));
}

suite('files that would exhaust the function', () => {
  it('draws a very long page within the pixel budget, narrower than asked', async () => {
    const pdf = await PDFDocument.create();
    pdf.addPage([20, 14_400]);
    const png = PNG.sync.read(Buffer.from(await renderPage(await pdf.save(), 'pdf', 1, { width: 1000 })));
    expect(png.width * png.height).toBeLessThanOrEqual(4_000_000);
    // The page's shape kept (720:1), to the pixel's rounding.
    expect(Math.abs(png.height / png.width / 720 - 1)).toBeLessThan(0.02);
  });

  it('refuses a PNG whose header names more pixels than allowed before expanding it', async () => {
    const small = new PNG({ width: 1, height: 1 });
    const bytes = new Uint8Array(PNG.sync.write(small));
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    view.setUint32(16, 16_000);
    view.setUint32(20, 16_000);
    await expect(describe(bytes, 'png')).rejects.toThrow(RedactionInputError);
    await expect(describe(bytes, 'png')).rejects.toThrow(/图片过大/);
  });
});

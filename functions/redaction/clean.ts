/**
 * A PDF saved as one clean revision: its pages copied into a fresh document (pdf-lib), so only what
 * the pages reach survives — no outlines, named destinations, document-level JavaScript or actions,
 * embedded files, form, structure tree, XMP or document info (only a neutral Producer), no earlier
 * revisions or unreachable objects. On each page: no annotations, page actions, page-piece data,
 * thumbnails or metadata; in every content stream (pages and form XObjects) the marked-content
 * properties (ActualText, Alt, E, optional content) dropped (BDC becomes BMC), with the property lists
 * they named.
 */
import { zlibSync } from 'fflate';
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFStream,
} from 'pdf-lib';

/** Keys a page keeps: what draws it and its boxes. */
const pageKeys = new Set([
  'Type',
  'Parent',
  'Resources',
  'Contents',
  'MediaBox',
  'CropBox',
  'BleedBox',
  'TrimBox',
  'ArtBox',
  'Rotate',
  'UserUnit',
  'Group',
]);

/** Keys dropped from every stream's or object's dictionary met on the way (XMP, page-piece data, thumbnails, actions). */
const droppedEverywhere = [
  'Metadata',
  'PieceInfo',
  'Thumb',
  'AA',
  'OC',
  'StructParent',
  'StructParents',
  'LastModified',
];

export const producer = 'gongkai';

export async function cleanPdf(bytes: Uint8Array): Promise<Uint8Array> {
  const source = await PDFDocument.load(bytes, { updateMetadata: false });
  const { context } = source;
  const lookup = (o: unknown) => (o instanceof PDFRef ? context.lookup(o) : o);
  const seen = new Set<unknown>();
  const hidden = hiddenLayers(source);
  /** The names a resources dictionary gives to hidden layers (`/OC /name BDC`). */
  const hiddenNames = (resources: unknown) => {
    const names = new Set<string>();
    const properties = lookup((lookup(resources) as PDFDict | undefined)?.get?.(PDFName.of('Properties')));
    if (properties instanceof PDFDict)
      for (const [key, value] of properties.entries())
        if (value instanceof PDFRef && hidden.has(value.toString())) names.add(key.asString());
    return names;
  };

  /** A content stream's marked-content properties dropped; the stream replaced where it changed. */
  const cleanContent = (ref: unknown, hiddenHere: Set<string> = new Set()) => {
    if (!(ref instanceof PDFRef) || seen.has(ref)) return;
    seen.add(ref);
    const stream = context.lookup(ref);
    if (!(stream instanceof PDFRawStream)) return;
    let data: Uint8Array;
    try {
      data = decodePDFRawStream(stream).decode();
    } catch {
      return;
    }
    const text = Buffer.from(data).toString('latin1');
    if (!/BDC|ActualText|\/Alt\b/.test(text)) return;
    const cleaned = withoutMarkedProperties(text, hiddenHere);
    const dict = stream.dict.clone(context);
    dict.delete(PDFName.of('DecodeParms'));
    dict.set(PDFName.of('Filter'), PDFName.of('FlateDecode'));
    context.assign(ref, PDFRawStream.of(dict, zlibSync(Buffer.from(cleaned, 'latin1'))));
  };

  const cleanResources = (resources: unknown) => {
    const dict = lookup(resources);
    if (!(dict instanceof PDFDict) || seen.has(dict)) return;
    seen.add(dict);
    dict.delete(PDFName.of('Properties'));
    const xobjects = lookup(dict.get(PDFName.of('XObject')));
    if (!(xobjects instanceof PDFDict)) return;
    for (const value of xobjects.values()) {
      const xobject = lookup(value);
      if (!(xobject instanceof PDFStream)) continue;
      const layer = xobject.dict.get(PDFName.of('OC'));
      if (
        layer instanceof PDFRef &&
        hidden.has(layer.toString()) &&
        value instanceof PDFRef &&
        xobject.dict.get(PDFName.of('Subtype')) === PDFName.of('Form')
      ) {
        // A form in a hidden layer: shown to no one in the original, so given to no one.
        seen.add(value);
        const dict = xobject.dict.clone(context);
        for (const key of ['Filter', 'DecodeParms', 'Resources', ...droppedEverywhere]) dict.delete(PDFName.of(key));
        context.assign(value, PDFRawStream.of(dict, new Uint8Array()));
        continue;
      }
      for (const key of droppedEverywhere) xobject.dict.delete(PDFName.of(key));
      if (
        value instanceof PDFRef &&
        xobject instanceof PDFRawStream &&
        xobject.dict.get(PDFName.of('Filter')) === PDFName.of('DCTDecode')
      )
        context.assign(value, PDFRawStream.of(xobject.dict, jpegWithoutMetadata(xobject.contents)));
      if (xobject.dict.get(PDFName.of('Subtype')) !== PDFName.of('Form')) continue;
      cleanContent(value, hiddenNames(xobject.dict.get(PDFName.of('Resources'))));
      cleanResources(xobject.dict.get(PDFName.of('Resources')));
    }
  };

  for (const page of source.getPages()) {
    const node = page.node;
    for (const key of node.keys()) if (!pageKeys.has(key.asString().slice(1))) node.delete(key);
    const contents = node.get(PDFName.of('Contents'));
    const resources = node.get(PDFName.of('Resources')) ?? node.getInheritableAttribute(PDFName.of('Resources'));
    const names = hiddenNames(resources);
    if (contents instanceof PDFArray) for (const ref of contents.asArray()) cleanContent(ref, names);
    else cleanContent(contents, names);
    cleanResources(resources);
  }

  const fresh = await PDFDocument.create({ updateMetadata: false });
  const pages = await fresh.copyPages(
    source,
    source.getPages().map((_, i) => i),
  );
  for (const page of pages) fresh.addPage(page);
  fresh.setProducer(producer);
  return fresh.save({ updateFieldAppearances: false });
}

/**
 * A content stream with each `BDC` (a marked-content sequence with a property list: ActualText, Alt,
 * E, Lang, MCID, OC) turned into `BMC` with its tag only. Strings, dictionaries, comments and inline
 * images are skipped as a PDF reader skips them.
 */
export function withoutMarkedProperties(content: string, hidden: ReadonlySet<string> = new Set()): string {
  const out: string[] = [];
  /** Where the last two operands began: a BDC's tag and its property list. */
  const operands: number[] = [];
  let i = 0;
  let copied = 0;
  const n = content.length;
  const isWhite = (c: string) => c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '\f' || c === '\0';
  const isDelimiter = (c: string) => '()<>[]{}/%'.includes(c);
  while (i < n) {
    const c = content[i]!;
    if (isWhite(c)) {
      i += 1;
      continue;
    }
    const start = i;
    if (c === '%') {
      while (i < n && content[i] !== '\n' && content[i] !== '\r') i += 1;
      continue;
    }
    if (c === '(') {
      let depth = 0;
      for (; i < n; i++) {
        const ch = content[i];
        if (ch === '\\') i += 1;
        else if (ch === '(') depth += 1;
        else if (ch === ')' && --depth === 0) break;
      }
      i += 1;
    } else if (c === '<' && content[i + 1] === '<') {
      // A dictionary: to its matching >>, strings inside skipped.
      let depth = 0;
      while (i < n) {
        if (content.startsWith('<<', i)) {
          depth += 1;
          i += 2;
        } else if (content.startsWith('>>', i)) {
          depth -= 1;
          i += 2;
          if (!depth) break;
        } else if (content[i] === '<') {
          while (i < n && content[i] !== '>') i += 1;
          i += 1;
        } else if (content[i] === '(') {
          let d = 0;
          for (; i < n; i++) {
            const ch = content[i];
            if (ch === '\\') i += 1;
            else if (ch === '(') d += 1;
            else if (ch === ')' && --d === 0) break;
          }
          i += 1;
        } else i += 1;
      }
    } else if (c === '<') {
      while (i < n && content[i] !== '>') i += 1;
      i += 1;
    } else if (c === '[' || c === ']' || c === '{' || c === '}') {
      i += 1;
      operands.length = 0;
      continue;
    } else if (c === '/') {
      i += 1;
      while (i < n && !isWhite(content[i]!) && !isDelimiter(content[i]!)) i += 1;
    } else {
      while (i < n && !isWhite(content[i]!) && !isDelimiter(content[i]!)) i += 1;
      if (i === start) i += 1;
      const word = content.slice(start, i);
      if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) {
        operands.push(start);
        continue;
      }
      if (word === 'BDC' && operands.length >= 2) {
        const props = operands.at(-1)!;
        const tag = content.slice(operands.at(-2)!, props).trim();
        const name = content.slice(props, start).trim();
        if (tag === '/OC' && hidden.has(name)) {
          // Content in a layer the original hides: left out, to its matching EMC.
          out.push(content.slice(copied, operands.at(-2)!));
          i = endOfSequence(content, i);
          copied = i;
        } else {
          // `/Tag props BDC` → `/Tag BMC`
          out.push(content.slice(copied, props), 'BMC');
          copied = i;
        }
      } else if (word === 'ID') {
        // Inline image data: to the EI that follows white space.
        const end = content.slice(i).search(/\sEI(?=[\s]|$)/);
        i = end < 0 ? n : i + end + 3;
      }
      operands.length = 0;
      continue;
    }
    operands.push(start);
    if (operands.length > 8) operands.shift();
  }
  out.push(content.slice(copied));
  return out.join('');
}

/**
 * Form XObjects with a /Matrix get it as a `cm` at the start of their content instead (and their
 * BBox mapped through it), before PDFium redacts: PDFium writes a redacted form's content with the
 * matrix already applied but keeps /Matrix, so the rest of the form moved (measured with
 * @embedpdf/pdfium 2.15.1: text in a form shifted by its matrix's translation). The bytes are
 * returned as they were when no form has a matrix.
 */
export async function formsWithoutMatrix(bytes: Uint8Array): Promise<Uint8Array> {
  // A form's dictionary stands in the bytes as written, or inside an object stream.
  const raw = Buffer.from(bytes).toString('latin1');
  if (!raw.includes('/Matrix') && !raw.includes('/ObjStm')) return bytes;
  const doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true });
  const { context } = doc;
  let changed = false;
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream) || object.dict.get(PDFName.of('Subtype')) !== PDFName.of('Form')) continue;
    const matrix = object.dict.lookup(PDFName.of('Matrix'));
    if (!(matrix instanceof PDFArray) || matrix.size() !== 6) continue;
    const m = matrix.asArray().map((n) => (n instanceof PDFNumber ? n.asNumber() : Number.NaN));
    if (m.some(Number.isNaN) || m.join(' ') === '1 0 0 1 0 0') continue;
    let data: Uint8Array;
    try {
      data = decodePDFRawStream(object).decode();
    } catch {
      continue;
    }
    const content = Buffer.concat([Buffer.from(`${m.join(' ')} cm\n`, 'latin1'), Buffer.from(data)]);
    const dict = object.dict.clone(context);
    dict.delete(PDFName.of('Matrix'));
    dict.delete(PDFName.of('DecodeParms'));
    dict.set(PDFName.of('Filter'), PDFName.of('FlateDecode'));
    const bbox = object.dict.lookup(PDFName.of('BBox'));
    if (bbox instanceof PDFArray && bbox.size() === 4) {
      const [x0, y0, x1, y1] = bbox.asArray().map((n) => (n instanceof PDFNumber ? n.asNumber() : 0)) as [
        number,
        number,
        number,
        number,
      ];
      const [a, b, c, d, e, f] = m as [number, number, number, number, number, number];
      const corners = [
        [x0, y0],
        [x0, y1],
        [x1, y0],
        [x1, y1],
      ].map(([x, y]) => [a * x! + c * y! + e, b * x! + d * y! + f] as const);
      const xs = corners.map((p) => p[0]);
      const ys = corners.map((p) => p[1]);
      dict.set(PDFName.of('BBox'), context.obj([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]));
    }
    context.assign(ref, PDFRawStream.of(dict, zlibSync(content)));
    changed = true;
  }
  return changed ? doc.save({ useObjectStreams: false }) : bytes;
}

/**
 * A JPEG's bytes without its metadata segments (EXIF and XMP in APP1, the other APPn but JFIF's APP0
 * and Adobe's APP14, which say how to read the colours; comments): a photo placed in a PDF keeps the
 * camera's, the author's and sometimes the place's data there.
 */
export function jpegWithoutMetadata(bytes: Uint8Array): Uint8Array {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return bytes;
  const kept: Uint8Array[] = [bytes.subarray(0, 2)];
  let at = 2;
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1]!;
    if (marker === 0xda) break;
    const end = at + 2 + ((bytes[at + 2]! << 8) | bytes[at + 3]!);
    const metadata = (marker >= 0xe1 && marker <= 0xef && marker !== 0xee) || marker === 0xfe;
    if (!metadata) kept.push(bytes.subarray(at, end));
    at = end;
  }
  if (at === 2) return bytes;
  kept.push(bytes.subarray(at));
  return new Uint8Array(Buffer.concat(kept));
}

/** Where a marked-content sequence begun before `from` ends: after its matching EMC (nested BMC/BDC counted). */
function endOfSequence(content: string, from: number): number {
  const operators = /\((?:\\.|[^\\)])*\)|\b(BMC|BDC|EMC)\b/g;
  operators.lastIndex = from;
  let depth = 1;
  for (let m = operators.exec(content); m; m = operators.exec(content)) {
    if (m[1] === 'EMC') depth -= 1;
    else if (m[1]) depth += 1;
    if (!depth) return m.index + 3;
  }
  return content.length;
}

/** The optional-content groups the document hides by default (its /OCProperties /D: /OFF, or all but /ON). */
function hiddenLayers(doc: PDFDocument): Set<string> {
  const hidden = new Set<string>();
  const properties = doc.catalog.lookup(PDFName.of('OCProperties'));
  if (!(properties instanceof PDFDict)) return hidden;
  const config = properties.lookup(PDFName.of('D'));
  if (!(config instanceof PDFDict)) return hidden;
  const refs = (key: string) => {
    const list = config.lookup(PDFName.of(key)) ?? (key === 'OCGs' ? properties.lookup(PDFName.of('OCGs')) : undefined);
    return list instanceof PDFArray ? list.asArray().filter((r): r is PDFRef => r instanceof PDFRef) : [];
  };
  if (config.get(PDFName.of('BaseState')) === PDFName.of('OFF')) {
    const on = new Set(refs('ON').map(String));
    const all = properties.lookup(PDFName.of('OCGs'));
    if (all instanceof PDFArray)
      for (const r of all.asArray()) if (r instanceof PDFRef && !on.has(r.toString())) hidden.add(r.toString());
  }
  for (const r of refs('OFF')) hidden.add(r.toString());
  return hidden;
}

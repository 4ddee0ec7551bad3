/**
 * Word (DOCX) and Excel (XLSX) redaction in the documents' own XML, so the format is kept: each
 * withheld occurrence — matched across the runs of a paragraph or a shared string — becomes 「■■■」
 * (fixed length: the length of a name does not leak), in the body, tables, headers, footers, notes
 * and text boxes; a numeric cell holding a withheld number (also one Excel kept as 1.10105199003071E+17)
 * becomes that text. Removed from the whole file: comments, tracked changes (insertions accepted,
 * deletions dropped), customXml, the personal fields of docProps, custom properties; in a workbook also
 * its comments, pivot caches and defined names.
 */
import { strFromU8, strToU8, type UnzipFileInfo, unzipSync, zipSync } from 'fflate';
import type { LocatedMark, MarkInput, VerificationCheck } from '#core/redaction.ts';
import { numbersIn } from '#core/privacy-scan.ts';
import { jpegWithoutMetadata } from './clean.ts';
import { pngWithoutMetadata } from './image.ts';
import { bytesHold, markNumbers } from './verify.ts';
import { compact, findDigits, findMark, findWords, personalNumbers, type Range, RedactionInputError } from './match.ts';

export const withheld = '■■■';

type Format = 'docx' | 'xlsx';
type Parts = Record<string, Uint8Array>;

/** An archive whose parts would unpack past this is refused (a ZIP bomb is not expanded). */
const maxUnpacked = 256 * 1024 * 1024;

function unzip(bytes: Uint8Array): Parts {
  let unpacked = 0;
  return unzipSync(bytes, {
    filter: (file: UnzipFileInfo) => {
      unpacked += file.originalSize;
      if (unpacked > maxUnpacked) throw new RedactionInputError('文件解压后过大，无法处理');
      return true;
    },
  });
}

const isXml = (name: string) => /\.(xml|rels|vml)$/i.test(name);

// ---- XML text ----

const decode = (s: string) =>
  s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) =>
    e === 'lt'
      ? '<'
      : e === 'gt'
        ? '>'
        : e === 'amp'
          ? '&'
          : e === 'quot'
            ? '"'
            : e === 'apos'
              ? "'"
              : String.fromCodePoint(e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1))),
  );
const encode = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const tagName = (token: string) => /^<\/?([^\s/>]+)/.exec(token)?.[1] ?? '';

interface TextNode {
  token: number;
  open: number;
  text: string;
}

/**
 * The texts of an XML part by unit (a paragraph, a shared string): `unit` names the elements that
 * hold a unit, `text` those whose content is its text. Text outside any unit is a unit of its own.
 */
function units(tokens: string[], unit: (name: string) => boolean, text: (name: string) => boolean) {
  const found: TextNode[][] = [];
  const stack: TextNode[][] = [];
  let inText: number | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token[0] === '<') {
      if (token.startsWith('<?') || token.startsWith('<!')) continue;
      const name = tagName(token);
      const closing = token[1] === '/';
      const selfClosing = token.endsWith('/>');
      if (unit(name)) {
        if (closing) found.push(stack.pop() ?? []);
        else if (!selfClosing) stack.push([]);
      } else if (text(name)) inText = closing || selfClosing ? undefined : i;
    } else if (inText !== undefined) {
      const node = { token: i, open: inText, text: decode(token) };
      if (stack.length) stack.at(-1)!.push(node);
      else found.push([node]);
    }
  }
  return found;
}

const tokenize = (xml: string) => xml.match(/<[^>]*>|[^<]+/g) ?? [];

/** Replaces each range of a unit's joined text by 「■■■」, in the text nodes it runs over; the count. */
function replaceRanges(tokens: string[], nodes: TextNode[], ranges: Range[]): number {
  if (!ranges.length) return 0;
  const merged: { start: number; end: number }[] = [];
  for (const r of [...ranges].sort((a, b) => a.start - b.start)) {
    const last = merged.at(-1);
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ start: r.start, end: r.end });
  }
  let offset = 0;
  for (const node of nodes) {
    const from = offset;
    const to = offset + node.text.length;
    offset = to;
    let out = '';
    for (let i = from; i < to; i++) {
      const range = merged.find((r) => i >= r.start && i < r.end);
      if (!range) out += node.text[i - from];
      else if (i === range.start) out += withheld;
    }
    if (out === node.text) continue;
    tokens[node.token] = encode(out);
    if (/^\s|\s$/.test(out) && !tokens[node.open]!.includes('xml:space'))
      tokens[node.open] = tokens[node.open]!.replace(/^<([^\s/>]+)/, '<$1 xml:space="preserve"');
  }
  return merged.length;
}

// ---- what a part holds ----

const wordUnit = (name: string) => name === 'w:p';
const wordText = (name: string) =>
  name === 'w:t' || name === 'w:instrText' || name === 'w:delText' || name === 'w:delInstrText';
const sharedUnit = (name: string) => name === 'si' || name === 'is';
const sharedText = (name: string) => name === 't';
/** A sheet's printed header and footer (each its own text). */
const headerFooter = /^(odd|even|first)(Header|Footer)$/;

/**
 * Attributes that carry words a reader sees: a sheet's, a bookmark's or a defined name, a hyperlink's
 * tooltip and shown text, a picture's or shape's alternative text and title, an external link's target.
 * Others (references, styles, ids) are never edited.
 */
const wordsAttribute = /^(?:[\w]+:)?(name|tooltip|display|descr|title|alt|location|Target)$/;

/** Whether an element's attribute carries words (a content control's title and tag among them). */
const carriesWords = (element: string, key: string) =>
  wordsAttribute.test(key) || (key === 'w:val' && (element === 'w:alias' || element === 'w:tag'));

/** The values of a part's attributes that carry words. */
function attributeTexts(xml: string): string[] {
  const texts: string[] = [];
  for (const [tag] of xml.matchAll(/<[^\s/>?!][^>]*>/g)) {
    const element = tagName(tag);
    for (const [, key = '', value = ''] of tag.matchAll(/\s([\w:]+)="([^"]*)"/g))
      if (value && carriesWords(element, key)) texts.push(decode(value));
  }
  return texts;
}

/** A part's units: paragraphs in Word, strings in Excel, elements elsewhere (docProps, charts). */
function partUnits(name: string): [(n: string) => boolean, (n: string) => boolean] {
  if (name.startsWith('word/')) return [wordUnit, wordText];
  if (/^xl\/worksheets\//.test(name)) return [sharedUnit, (n) => n === 't' || headerFooter.test(n)];
  if (/^xl\/sharedStrings/.test(name)) return [sharedUnit, sharedText];
  return [() => false, (n) => !n.startsWith('Relationship') && n !== 'Override' && n !== 'Default'];
}

/** The texts a part holds, unit by unit (a worksheet's formula strings and their formulas too). */
function partTexts(name: string, xml: string): string[] {
  const [unit, text] = partUnits(name);
  const texts = units(tokenize(xml), unit, text).map((nodes) => nodes.map((n) => n.text).join(''));
  texts.push(...attributeTexts(xml));
  if (/^xl\/worksheets\//.test(name))
    for (const [, attrs = '', inner = ''] of xml.matchAll(cellPattern))
      if (attr(attrs, 't') === 'str') texts.push(...formulaTexts(inner));
  return texts;
}

const formulaTexts = (inner: string) =>
  [/<v>([\s\S]*?)<\/v>/.exec(inner)?.[1], /<f\b[^>]*>([\s\S]*?)<\/f>/.exec(inner)?.[1]]
    .filter((t): t is string => t !== undefined)
    .map(decode);

/** A plain text with the withheld strings replaced. */
function replaced(text: string, marks: readonly LocatedMark[]): string {
  const ranges = withheldRanges(text, marks);
  if (!ranges.length) return text;
  const scratch = [text];
  replaceRanges(scratch, [{ token: 0, open: 0, text }], ranges);
  return decode(scratch[0]!);
}

// ---- a workbook's rows for the scanner ----

function sharedStrings(parts: Parts): string[] {
  const xml = parts['xl/sharedStrings.xml'];
  return xml ? partTexts('xl/sharedStrings.xml', strFromU8(xml)) : [];
}

const cellPattern = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
const attr = (attrs: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1];

/** A number as Excel shows a long one (1.10105199003071E+17), as the privacy scan reads it. */
function numberText(value: string): string {
  const number = Number(value);
  if (value.trim() && Number.isFinite(number) && Math.abs(number) >= 1e15)
    return number
      .toPrecision(15)
      .replace(/\.?0+e/, 'e')
      .toUpperCase();
  return value;
}

/** Each sheet's rows as text (cells by tabs), shared strings resolved, long numbers as Excel shows them. */
function sheetTexts(parts: Parts): string[] {
  const shared = sharedStrings(parts);
  return Object.keys(parts)
    .filter((name) => /^xl\/worksheets\/[^/]+\.xml$/.test(name))
    .map((name) => {
      const xml = strFromU8(parts[name]!);
      return (xml.match(/<row\b[\s\S]*?<\/row>/g) ?? [])
        .map((row) =>
          [...row.matchAll(cellPattern)]
            .map(([, attrs = '', inner = '']) => {
              const type = attr(attrs, 't') ?? 'n';
              const v = decode(/<v>([\s\S]*?)<\/v>/.exec(inner)?.[1] ?? '');
              if (type === 's') return shared[Number(v)] ?? '';
              if (type === 'inlineStr') return partTexts(name, inner).join('');
              return type === 'n' ? numberText(v) : v;
            })
            .join('\t'),
        )
        .join('\n');
    });
}

/** Every text of a file the scanner reads: the units of each part, and a workbook's rows. */
function fileTexts(parts: Parts, format: Format): string[] {
  const texts = Object.entries(parts)
    .filter(([name]) => isXml(name) && !name.endsWith('.rels'))
    .flatMap(([name, data]) => partTexts(name, strFromU8(data)));
  return format === 'xlsx' ? [...texts, ...sheetTexts(parts)] : texts;
}

/** The targets of a part's external relationships (a hyperlink's address, a mailto with its subject). */
const externalTargets = (xml: string) =>
  (xml.match(/<Relationship\b[^>]*\/>/g) ?? [])
    .filter((rel) => attr(rel, 'TargetMode') === 'External')
    .map((rel) => decode(attr(rel, 'Target') ?? ''));

/** A numeric cell's value matches a withheld number: the same digits, or its 15 significant digits and length. */
export function numberMatches(value: string, digits: string): boolean {
  if (!/^\d{7,}$/.test(digits)) return false;
  const v = value.trim();
  if (v === digits) return true;
  const number = Number(v);
  if (!Number.isFinite(number) || number < 1e6) return false;
  const exact = /^\d+$/.test(v) ? v : BigInt(Math.round(number)).toString();
  if (exact === digits) return true;
  const significant = number.toPrecision(15).replace(/e.*$/, '').replace('.', '');
  return exact.length === digits.length && digits.startsWith(significant.replace(/0+$/, ''));
}

// ---- locate ----

export async function locateOffice(
  bytes: Uint8Array,
  format: Format,
  marks: readonly MarkInput[],
  except: readonly string[],
): Promise<LocatedMark[]> {
  const parts = unzip(bytes);
  if (!parts[format === 'docx' ? 'word/document.xml' : 'xl/workbook.xml'])
    throw new RedactionInputError(format === 'docx' ? '不是有效的 Word 文档' : '不是有效的 Excel 工作簿');
  const byPart = Object.entries(parts)
    .filter(([name]) => isXml(name))
    .map(([name, data]) => ({
      name,
      texts: name.endsWith('.rels') ? externalTargets(strFromU8(data)) : partTexts(name, strFromU8(data)),
    }));
  const numbers = marks.some((m) => m.kind === 'findings') ? personalNumbers(fileTexts(parts, format), except) : [];
  return marks.map((input, k) => {
    const strings = new Set<string>(input.kind === 'text' ? [input.text] : []);
    const places: { part: string }[] = [];
    for (const { name, texts } of byPart)
      for (const text of texts)
        for (const range of findMark(text, input, k + 1, numbers)) {
          strings.add(input.kind === 'findings' ? range.text.replace(/[^0-9Xx０-９]/g, '') : range.text);
          places.push({ part: name });
        }
    // Numbers in numeric cells (a workbook's IDs typed as numbers).
    if (format === 'xlsx') {
      const wanted = input.kind === 'findings' ? numbers : input.kind === 'text' ? [input.text.replace(/\s/g, '')] : [];
      for (const name of Object.keys(parts).filter((n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n)))
        for (const [, attrs = '', inner = ''] of strFromU8(parts[name]!).matchAll(cellPattern)) {
          if ((attr(attrs, 't') ?? 'n') !== 'n') continue;
          const v = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1] ?? '';
          for (const digits of wanted)
            if (numberMatches(v, digits)) {
              strings.add(digits);
              places.push({ part: name });
            }
        }
    }
    return { id: `m${k + 1}`, input, places, strings: [...strings].filter(Boolean) };
  });
}

// ---- redact ----

/** Parts removed whole: comments, their people, custom XML and properties, pivot caches and tables. */
const removedPart = (name: string) =>
  /^word\/(comments[^/]*|people)\.xml$/.test(name) ||
  /^customXml\//.test(name) ||
  name === 'docProps/custom.xml' ||
  /^xl\/(comments[^/]*\.xml|threadedComments\/|persons\/|pivotCache\/|pivotTables\/|drawings\/vmlDrawing[^/]*\.vml$|externalLinks\/)/.test(
    name,
  ) ||
  removedSource(name);

/** A part's own relationships go with it. */
const removedSource = (name: string): boolean => {
  const m = /^(.*?)_rels\/([^/]+)\.rels$/.exec(name);
  return !!m && !!m[2] && removedPart(`${m[1]}${m[2]}`);
};

/** A relationship's target as a part name, from the part that holds the .rels. */
function targetPart(relsName: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const base = relsName.replace(/_rels\/[^/]+\.rels$/, '');
  const path = (base + target).split('/');
  const out: string[] = [];
  for (const p of path) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

/** Tracked changes, comments' anchors and the XML of what was removed, out of a Word part. */
function cleanWordXml(xml: string): string {
  return xml
    .replace(/<w:(del|moveFrom)\b[^>]*\/>/g, '')
    .replace(/<w:(del|moveFrom)\b[^>]*>[\s\S]*?<\/w:\1>/g, '')
    .replace(/<w:(ins|moveTo)\b[^>]*\/>/g, '')
    .replace(/<\/?w:(ins|moveTo)\b[^>]*>/g, '')
    .replace(/<w:(\w+)Change\b[^>]*\/>/g, '')
    .replace(/<w:(\w+)Change\b[^>]*>[\s\S]*?<\/w:\1Change>/g, '')
    .replace(/<w:(moveFromRange|moveToRange|commentRange)(Start|End)\b[^>]*\/>/g, '')
    .replace(/<w:commentReference\b[^>]*\/>/g, '')
    .replace(/<w:delText\b[^>]*>[\s\S]*?<\/w:delText>/g, '')
    .replace(/<w:delInstrText\b[^>]*>[\s\S]*?<\/w:delInstrText>/g, '');
}

function cleanWorkbookXml(name: string, xml: string): string {
  if (name === 'xl/workbook.xml')
    return xml
      .replace(/<definedNames\b[\s\S]*?<\/definedNames>|<definedNames\/>/g, '')
      .replace(/<pivotCaches\b[\s\S]*?<\/pivotCaches>/g, '')
      .replace(/<externalReferences\b[\s\S]*?<\/externalReferences>/g, '');
  if (/^xl\/worksheets\//.test(name)) return xml.replace(/<legacyDrawing\b[^>]*\/>/g, '');
  return xml;
}

/** docProps: who wrote and saved it, the company and manager emptied. */
function cleanProps(name: string, xml: string): string {
  if (name === 'docProps/core.xml')
    return xml.replace(
      /<(dc:creator|cp:lastModifiedBy|cp:keywords|dc:description|cp:category|cp:contentStatus)\b[^>]*(?:\/>|>[\s\S]*?<\/\1>)/g,
      '',
    );
  if (name === 'docProps/app.xml')
    return xml.replace(/<(Company|Manager|HyperlinkBase)\b[^>]*(?:\/>|>[\s\S]*?<\/\1>)/g, '');
  return xml;
}

/** The withheld strings found in a text: digits grouped any way, words with width and spaces ignored. */
function withheldRanges(text: string, marks: readonly LocatedMark[]): Range[] {
  return marks.flatMap((mark) =>
    mark.strings.flatMap((s) =>
      /^[\dXx]{7,}$/.test(s.replace(/\s/g, ''))
        ? [...findDigits(text, s.replace(/\s/g, '')), ...findWords(text, s)]
        : findWords(text, s),
    ),
  );
}

export function redactOffice(bytes: Uint8Array, marks: readonly LocatedMark[]): Uint8Array {
  const parts = unzip(bytes);
  const removed = new Set(Object.keys(parts).filter(removedPart));
  const out: Parts = {};
  const numbers = marks.flatMap((m) => m.strings.map((s) => s.replace(/\s/g, ''))).filter((s) => /^\d{7,}$/.test(s));
  for (const [name, data] of Object.entries(parts)) {
    if (removed.has(name)) continue;
    if (!isXml(name)) {
      out[name] = /\.jpe?g$/i.test(name)
        ? jpegWithoutMetadata(data)
        : /\.png$/i.test(name)
          ? pngWithoutMetadata(data)
          : data;
      continue;
    }
    let xml = strFromU8(data);
    if (name.endsWith('.rels')) {
      // Relationships to removed parts go with them.
      xml = xml.replace(/<Relationship\b[^>]*\/>/g, (rel) => {
        const target = attr(rel, 'Target');
        if (!target) return rel;
        if (attr(rel, 'TargetMode') !== 'External') return removed.has(targetPart(name, decode(target))) ? '' : rel;
        // An external address withheld where it quotes a withheld string.
        const kept = replaced(decode(target), marks);
        return kept === decode(target)
          ? rel
          : rel.replace(/\bTarget="[^"]*"/, `Target="${encode(kept).replace(/"/g, '&quot;')}"`);
      });
      out[name] = strToU8(xml);
      continue;
    }
    if (name === '[Content_Types].xml') {
      xml = xml.replace(/<Override\b[^>]*\/>/g, (o) => (removed.has((attr(o, 'PartName') ?? '').slice(1)) ? '' : o));
      out[name] = strToU8(xml);
      continue;
    }
    if (name.startsWith('word/')) xml = cleanWordXml(xml);
    if (name.startsWith('xl/')) xml = cleanWorkbookXml(name, xml);
    xml = cleanProps(name, xml);
    // Numeric cells holding a withheld number become the withheld text.
    if (/^xl\/worksheets\//.test(name) && numbers.length)
      xml = xml.replace(cellPattern, (cell, attrs: string, inner?: string) => {
        if ((attr(attrs, 't') ?? 'n') !== 'n' || !inner) return cell;
        const v = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1] ?? '';
        if (!numbers.some((d) => numberMatches(v, d))) return cell;
        return `<c${attrs.replace(/\s+t="[^"]*"/, '')} t="inlineStr"><is><t>${withheld}</t></is></c>`;
      });
    // A formula's string result withheld; the formula that makes it dropped when it quotes it.
    if (/^xl\/worksheets\//.test(name))
      xml = xml.replace(cellPattern, (cell, attrs: string, inner?: string) => {
        if (attr(attrs, 't') !== 'str' || !inner) return cell;
        const [value = '', formula = ''] = formulaTexts(inner);
        const keptValue = replaced(value, marks);
        const quoted = replaced(formula, marks) !== formula;
        if (keptValue === value && !quoted) return cell;
        const rest = inner.replace(/<f\b[^>]*\/>|<f\b[^>]*>[\s\S]*?<\/f>/g, '').replace(/<v>[\s\S]*?<\/v>/, '');
        return `<c${attrs}>${quoted ? '' : (/<f\b[^>]*\/>|<f\b[^>]*>[\s\S]*?<\/f>/.exec(inner)?.[0] ?? '')}<v>${encode(keptValue)}</v>${rest}</c>`;
      });
    const tokens = tokenize(xml);
    const [unit, text] = partUnits(name);
    for (const nodes of units(tokens, unit, text))
      replaceRanges(tokens, nodes, withheldRanges(nodes.map((n) => n.text).join(''), marks));
    // Attribute values (a sheet's or table column's name, a hyperlink's tooltip) withheld too.
    for (let i = 0; i < tokens.length; i++)
      if (tokens[i]![0] === '<' && tokens[i]!.includes('="'))
        tokens[i] = tokens[i]!.replace(
          /(\s)([\w:]+)="([^"]*)"/g,
          (whole, space: string, key: string, value: string) => {
            if (!carriesWords(tagName(tokens[i]!), key)) return whole;
            const plain = decode(value);
            const kept = replaced(plain, marks);
            return kept === plain ? whole : `${space}${key}="${encode(kept).replace(/"/g, '&quot;')}"`;
          },
        );
    out[name] = strToU8(tokens.join(''));
  }
  return zipSync(out, { level: 6 });
}

// ---- verify ----

/** The texts of each part as written and without its tags. */
function partReadings(parts: Parts): { name: string; raw: string; text: string }[] {
  return Object.entries(parts)
    .filter(([name]) => isXml(name))
    .map(([name, data]) => {
      const raw = strFromU8(data);
      return { name, raw, text: decode(raw.replace(/<[^>]*>/g, '')) };
    });
}

export function verifyOffice(output: Uint8Array, format: Format, marks: readonly LocatedMark[]): VerificationCheck[] {
  const parts = unzip(output);
  const readings = partReadings(parts);
  const ids = marks.map((m) => m.id);
  const n = (id: string) => id.replace(/^m/, '');
  const checks: VerificationCheck[] = [];

  // Every part, as written and as text: no withheld string (spaces and width ignored, digits however grouped).
  const failed = new Map<string, Set<string>>();
  for (const mark of marks)
    for (const s of mark.strings) {
      const digits = s.replace(/\s/g, '');
      for (const { name, raw, text } of readings) {
        const found =
          compact(text).includes(compact(s)) ||
          compact(decode(raw)).includes(compact(s)) ||
          (/^[\dXx]{7,}$/.test(digits) &&
            (findDigits(text, digits).length > 0 || cellNumbers(raw).some((v) => numberMatches(v, digits))));
        if (found) failed.set(mark.id, (failed.get(mark.id) ?? new Set()).add(name));
      }
    }
  const binary = Object.entries(parts).filter(([name]) => !isXml(name));
  const binaryHits = marks.filter((m) =>
    bytesHold(
      binary.map(([, d]) => Buffer.from(d).toString('latin1')),
      m.strings,
    ),
  );
  for (const m of binaryHits) failed.set(m.id, (failed.get(m.id) ?? new Set()).add('（二进制部件）'));
  checks.push(
    failed.size
      ? {
          name: 'parts',
          passed: false,
          detail: `解压结果后仍有标记的文字：${[...failed].map(([id, where]) => `第 ${n(id)} 项标记在 ${[...where].slice(0, 3).join('、')}`).join('；')}`,
          markIds: [...failed.keys()],
        }
      : {
          name: 'parts',
          passed: true,
          detail: `解压结果的全部 ${Object.keys(parts).length} 个部件，其中都没有标记的文字`,
        },
  );

  // The privacy scanner over all text.
  const found = new Set(
    numbersIn(fileTexts(parts, format).map((text) => ({ where: { field: 'attachment' as const }, text }))).map((h) =>
      h.digits.toUpperCase(),
    ),
  );
  const privacyFailed = marks.filter((m) => [...markNumbers(m)].some((d) => found.has(d)));
  checks.push(
    privacyFailed.length
      ? {
          name: 'privacy',
          passed: false,
          detail: `个人信息检查在结果中仍发现第 ${privacyFailed.map((m) => n(m.id)).join('、')} 项标记删除的号码`,
          markIds: privacyFailed.map((m) => m.id),
        }
      : { name: 'privacy', passed: true, detail: '个人信息检查在结果的全部文字中未发现标记删除的号码' },
  );

  // What item 4 lists is gone: comments, tracked changes, custom XML, personal properties, pivot caches, defined names.
  const left: string[] = [];
  for (const name of Object.keys(parts)) if (removedPart(name)) left.push(name);
  for (const { name, raw } of readings) {
    if (
      name.startsWith('word/') &&
      /<w:(del|ins|moveFrom|moveTo|delText|commentReference|commentRangeStart)\b|<w:\w+Change\b/.test(raw)
    )
      left.push(`${name} 的修订或批注标记`);
    if (name === 'docProps/core.xml' && /<(dc:creator|cp:lastModifiedBy)\b[^>]*>[^<]/.test(raw))
      left.push('文档作者或最后修改者');
    if (name === 'docProps/app.xml' && /<(Company|Manager)\b[^>]*>[^<]/.test(raw)) left.push('单位或经理');
    if (name === 'xl/workbook.xml' && /<(definedName|pivotCache)\b/.test(raw)) left.push('定义的名称或数据透视表缓存');
    if (/^xl\/worksheets\//.test(name) && /<legacyDrawing\b/.test(raw)) left.push(`${name} 的批注图形`);
  }
  checks.push(
    left.length
      ? {
          name: 'removed',
          passed: false,
          detail: `结果中仍有应删除的内容：${left.slice(0, 5).join('；')}`,
          markIds: ids,
        }
      : {
          name: 'removed',
          passed: true,
          detail:
            format === 'docx'
              ? '没有批注、修订记录、自定义 XML 和文档属性中的个人信息'
              : '没有批注、数据透视表缓存、定义的名称、自定义 XML 和文档属性中的个人信息',
        },
  );
  return checks;
}

const cellNumbers = (xml: string) =>
  [...xml.matchAll(cellPattern)]
    .filter(([, attrs = '']) => (attr(attrs, 't') ?? 'n') === 'n')
    .map(([, , inner = '']) => /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1] ?? '');

/**
 * The privacy guard against the outside material (outside-privacy-corpus.ts): each text read as the
 * platform reads it (plain text as a segment, HTML through the body's segments, attachments by the
 * privacy function's reader), the numbers it takes for personal matched against the ground truth by
 * kind and digits. Recall and false positives (numbers taken that were not planted, over the
 * look-alikes written) overall, by kind and by carrier (text, HTML, DOCX, XLSX, PDF, image: a
 * screenshot, a scan, a PDF page that is only a picture, read by OCR).
 */
import { contentSegments, numbersIn, type TextSegment } from '#core/privacy.ts';
import { fileText } from '../../functions/privacy/read-files.ts';
import type { OutsideFile, OutsideText, Planted } from './outside-privacy-corpus.ts';

const kindOf = { id: 'idNumber', mobile: 'mobile', bank: 'bankCard' } as const;

export interface Tally {
  planted: number;
  found: number;
  decoys: number;
  falsePositives: number;
}
const tally = (): Tally => ({ planted: 0, found: 0, decoys: 0, falsePositives: 0 });

export interface OutsideFigures {
  all: Tally;
  byKind: Record<string, Tally>;
  byCarrier: Record<string, Tally>;
  /** What was missed or wrongly taken: document, form and kind (never the digits). */
  missed: string[];
  wrong: string[];
}

/** The segments the platform reads from an outside text. */
export const textSegments = (t: OutsideText): TextSegment[] =>
  t.carrier === 'html'
    ? contentSegments({ title: '', summary: '', bodyHtml: t.text, attachments: [] })
    : [{ where: { field: 'body' }, text: t.text }];

/** A found number is the planted one when kind and digits agree (a damaged one by its 15 digits that survive). */
const matches = (p: Planted, h: { kind: string; digits: string; damaged?: boolean }) =>
  h.kind === kindOf[p.type] && (p.damaged ? h.digits.slice(0, 15) === p.value.slice(0, 15) : h.digits === p.value);

export function newFigures(): OutsideFigures {
  return { all: tally(), byKind: {}, byCarrier: {}, missed: [], wrong: [] };
}

/** Adds one document's numbers to the figures. */
export function count(
  figures: OutsideFigures,
  doc: { id: string; carrier: string; truth: Planted[]; decoys: unknown[] },
  found: { kind: string; digits: string; damaged?: boolean }[],
) {
  const left = [...found];
  const carrier = (figures.byCarrier[doc.carrier] ??= tally());
  for (const p of doc.truth) {
    const kind = (figures.byKind[p.type] ??= tally());
    const at = left.findIndex((h) => matches(p, h));
    for (const t of [figures.all, kind, carrier]) t.planted += 1;
    if (at >= 0) {
      left.splice(at, 1);
      for (const t of [figures.all, kind, carrier]) t.found += 1;
    } else figures.missed.push(`${doc.id} ${p.type} ${p.form}`);
  }
  for (const t of [figures.all, carrier]) t.decoys += doc.decoys.length;
  for (const h of left) {
    const type = Object.entries(kindOf).find(([, k]) => k === h.kind)![0];
    (figures.byKind[type] ??= tally()).falsePositives += 1;
    for (const t of [figures.all, carrier]) t.falsePositives += 1;
    figures.wrong.push(`${doc.id} ${h.kind}`);
  }
}

/** What carries a file's numbers: a scan is an image whatever holds it (a PNG, a JPEG, a PDF page without text). */
export const carrierOf = (f: OutsideFile) =>
  f.truth.some((p) => p.form === 'scanned') ? 'image' : f.name.split('.').pop()!;

/** The outside texts and files through the scanner and the file reader (images by OCR). */
export async function outsideFigures(texts: OutsideText[], files: OutsideFile[]): Promise<OutsideFigures> {
  const figures = newFigures();
  for (const t of texts) count(figures, { ...t, carrier: t.carrier }, numbersIn(textSegments(t)));
  for (const f of files) {
    const read = await fileText(f.bytes, f.mediaType, { field: 'attachment', fileName: f.name });
    count(
      figures,
      { id: f.name, carrier: carrierOf(f), truth: f.truth, decoys: f.decoys },
      'segments' in read ? numbersIn(read.segments) : [],
    );
  }
  return figures;
}

const pct = (n: number, of: number) => (of ? `${((n / of) * 100).toFixed(2)}%` : '–');

/** The figures as lines: overall, by kind, by carrier. */
export function figureLines(figures: OutsideFigures): string[] {
  const line = (name: string, t: Tally) =>
    `  ${name.padEnd(8)} recall ${pct(t.found, t.planted).padStart(7)} (${t.found}/${t.planted})` +
    (t.decoys
      ? `  false positives ${pct(t.falsePositives, t.decoys).padStart(6)} (${t.falsePositives}/${t.decoys})`
      : `  taken wrongly ${t.falsePositives}`);
  return [
    line('all', figures.all),
    'by kind (false positives: look-alikes taken for that kind):',
    ...Object.entries(figures.byKind).map(([k, t]) => line(k, t)),
    'by carrier:',
    ...Object.entries(figures.byCarrier).map(([k, t]) => line(k, t)),
  ];
}

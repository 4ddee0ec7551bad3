/**
 * The outside redaction corpus (test/fixtures/redaction, written by its make.ts) run through the engine's
 * public interface, and judged by an outside oracle (test/support/redaction-oracle.ts) written without
 * reading the engine: after redaction no sentinel survives anywhere in the bytes or the text any reader
 * takes from them, the controls outside every mark survive, a PDF is one clean revision without
 * annotations, form, metadata, attachments, scripts or outline, the pixels under an area mark are dark
 * and those outside it are kept, and the engine's own verification passed. And the engine must not claim
 * success when something marked survives: handed a mark whose rectangle misses its text, it fails.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LocatedMark, MarkInput } from '#core/redaction.ts';
import { formatOf, locate, RedactionInputError, redact } from '#redaction/engine.ts';
import {
  imageBrightness,
  inspect,
  intersects,
  keeps,
  pdfImageBrightness,
  positionOf,
  strokedPaths,
  textLayout,
} from '../support/redaction-oracle.ts';

interface Rect {
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}
interface Fixture {
  id: string;
  file: string;
  contentType: string;
  place: string;
  marks: MarkInput[];
  except?: string[];
  sentinels: string[];
  controls: string[];
  darkAreas?: Rect[];
  keepAreas?: (Rect & { brightness: number })[];
  imageBox?: Rect;
  vectors?: { page: number; color: string; area: Rect; keep: Rect };
}
const dir = new URL('../fixtures/redaction/', import.meta.url);
const { fixtures } = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as { fixtures: Fixture[] };
const source = (f: Fixture) => new Uint8Array(readFileSync(new URL(f.file, dir)));
const slow = 180_000;
const isPdf = (f: Fixture) => f.contentType === 'application/pdf';
const isImage = (f: Fixture) => f.contentType.startsWith('image/');

/** Brightness under a rectangle: of the image itself, or of a PDF page's image drawn over imageBox. */
const brightness = (f: Fixture, bytes: Uint8Array, rect: Rect) =>
  isPdf(f) ? pdfImageBrightness(bytes, f.imageBox!, rect) : Promise.resolve(imageBrightness(bytes, rect));

describe('the outside corpus itself (so that a clean result means something)', () => {
  it('has a file for each place of item 4, each sentinel its own', () => {
    const places = fixtures.map((f) => f.place).join('\n');
    for (const place of [
      'body text',
      'crossing two marks',
      'ActualText',
      'annotation',
      'form value',
      'outline',
      'XMP',
      'info dictionary',
      'incremental update',
      'embedded file',
      'image EXIF',
    ])
      expect(places).toContain(place);
    // Sentinels are unique to a file (a file may be marked more than one way).
    const byFile = new Map(fixtures.map((f) => [f.file, f.sentinels]));
    const all = [...byFile.values()].flat();
    expect(new Set(all).size).toBe(all.length);
    for (const kind of ['text', 'pattern', 'findings', 'area'])
      expect(fixtures.some((f) => f.marks.some((m) => m.kind === kind))).toBe(true);
  });

  it.each(fixtures)(
    '$id: the oracle finds every sentinel in the source, and its controls',
    { timeout: slow },
    async (f) => {
      const bytes = source(f);
      const report = await inspect(bytes, f.sentinels);
      expect(report.errors).toEqual([]);
      expect(f.sentinels.filter((s) => !report.survivals.some((v) => v.sentinel === s))).toEqual([]);
      if (!isImage(f)) for (const c of f.controls) expect(keeps(report.text, c), c).toBe(true);
      if (f.vectors) {
        const paths = await strokedPaths(bytes, f.vectors.page, f.vectors.color);
        expect(paths.filter((b) => intersects(b, f.vectors!.area)).length).toBeGreaterThan(0);
        expect(paths.filter((b) => intersects(b, f.vectors!.keep)).length).toBeGreaterThan(0);
      }
      if (isPdf(f)) {
        const layout = await textLayout(bytes);
        for (const c of f.controls) expect(positionOf(layout, c), c).toBeDefined();
      }
      for (const area of f.darkAreas ?? []) expect(await brightness(f, bytes, area)).toBeGreaterThan(120);
      for (const area of f.keepAreas ?? [])
        expect(Math.abs((await brightness(f, bytes, area))! - area.brightness)).toBeLessThan(24);
    },
  );

  it('sees what each PDF place leaves in the catalogue, and the second revision', { timeout: slow }, async () => {
    const leftovers = async (id: string) => (await inspect(source(fixtures.find((f) => f.id === id)!), [])).leftovers;
    expect(await leftovers('pdf-annotation')).toContain('/Annots');
    expect(await leftovers('pdf-form-field')).toEqual(expect.arrayContaining(['/Annots', '/AcroForm']));
    expect(await leftovers('pdf-outline')).toContain('/Outlines');
    expect(await leftovers('pdf-xmp')).toContain('/Metadata');
    expect(await leftovers('pdf-embedded-file')).toContain('/EmbeddedFiles');
    expect(await leftovers('pdf-javascript')).toContain('/JavaScript');
    expect(await leftovers('pdf-page-extras')).toEqual(
      expect.arrayContaining(['/Thumb', '/PieceInfo', '/Metadata', '/JavaScript']),
    );
    expect(await leftovers('pdf-body-text')).toEqual([]);
    const incremental = await inspect(source(fixtures.find((f) => f.id === 'pdf-incremental')!), []);
    expect([incremental.eofs, incremental.startxrefs]).toEqual([2, 2]);
    expect((await inspect(source(fixtures.find((f) => f.id === 'jpeg-exif')!), [])).leftovers).toEqual(
      expect.arrayContaining(['APP1 Exif', 'APP1 XMP', 'COM']),
    );
    expect((await inspect(source(fixtures.find((f) => f.id === 'png-text-chunks')!), [])).leftovers).toEqual(
      expect.arrayContaining(['tEXt', 'zTXt', 'iTXt', 'eXIf']),
    );
  });
});

/** One engine run per fixture, shared by its checks. */
const runs = new Map<string, ReturnType<typeof run>>();
async function run(f: Fixture) {
  const bytes = source(f);
  const format = formatOf(f.contentType, bytes);
  if (!format) throw new Error(`formatOf(${f.contentType}) recognised nothing`);
  const located = await locate(bytes, format, f.marks, f.except ? { except: f.except } : undefined);
  const result = await redact(bytes, format, located);
  const report = await inspect(result.bytes, f.sentinels);
  return { format, located, result, report };
}
const redacted = (f: Fixture) => {
  if (!runs.has(f.id)) runs.set(f.id, run(f));
  return runs.get(f.id)!;
};

describe.each(fixtures)('redacting $id ($place)', (f) => {
  it('finds every mark somewhere in the file', { timeout: slow }, async () => {
    const { located } = await redacted(f);
    expect(located.map((m) => m.id)).toEqual(f.marks.map((_, i) => `m${i + 1}`));
    expect(located.filter((m) => m.places.length === 0).map((m) => m.input)).toEqual([]);
  });

  it('leaves no sentinel anywhere: bytes, inflated streams, zip parts, metadata, extracted text', {
    timeout: slow,
  }, async () => {
    const { report } = await redacted(f);
    expect(report.errors).toEqual([]);
    expect(report.survivals).toEqual([]);
  });

  const idNumbers = f.sentinels.filter((s) => /^\d{17}[\dX]$/.test(s));
  if (idNumbers.length)
    it('leaves no part of an ID number that tells region and birth date (its first 14 digits)', {
      timeout: slow,
    }, async () => {
      const { result } = await redacted(f);
      const report = await inspect(
        result.bytes,
        idNumbers.map((s) => s.slice(0, 14)),
      );
      expect(report.survivals).toEqual([]);
    });

  it('keeps the format', { timeout: slow }, async () => {
    const { format, result } = await redacted(f);
    expect(formatOf(result.contentType, result.bytes)).toBe(format);
  });

  if (!isImage(f))
    it('keeps the text outside every mark', { timeout: slow }, async () => {
      const { report } = await redacted(f);
      expect(f.controls.filter((c) => !keeps(report.text, c))).toEqual([]);
    });

  if (isPdf(f))
    it('keeps the text outside every mark where it stood', { timeout: slow }, async () => {
      const { result } = await redacted(f);
      const before = await textLayout(source(f));
      const after = await textLayout(result.bytes);
      const moved = f.controls.flatMap((c) => {
        const was = positionOf(before, c);
        const now = positionOf(after, c);
        if (!was || !now) return []; // a missing control is the previous test's failure
        // The line (y) always; x where pdf.js gives it exactly in both (a run's first character).
        const drift = Math.max(Math.abs(now.y - was.y), was.exact && now.exact ? Math.abs(now.x - was.x) : 0);
        return now.page !== was.page || drift > 2
          ? [
              {
                control: c,
                was: [was.page, Math.round(was.x), Math.round(was.y)],
                now: [now.page, Math.round(now.x), Math.round(now.y)],
              },
            ]
          : [];
      });
      expect(moved).toEqual([]);
    });

  if (isPdf(f))
    it('saves one clean revision without annotations, form, metadata, attachments, scripts or outline', {
      timeout: slow,
    }, async () => {
      const { report } = await redacted(f);
      expect({ eofs: report.eofs, startxrefs: report.startxrefs, leftovers: report.leftovers }).toEqual({
        eofs: 1,
        startxrefs: 1,
        leftovers: [],
      });
    });

  if (isImage(f))
    it('strips the image metadata', { timeout: slow }, async () => {
      const { report } = await redacted(f);
      expect(report.leftovers).toEqual([]);
    });

  if (f.darkAreas?.length)
    it('replaces the pixels under each area mark with black and keeps those outside', { timeout: slow }, async () => {
      const { result } = await redacted(f);
      for (const area of f.darkAreas!) {
        const mean = await brightness(f, result.bytes, area);
        // A PDF whose page no longer draws the image has no pixels left there to leak.
        if (mean !== undefined) expect(mean, `mean brightness under ${JSON.stringify(area)}`).toBeLessThan(64);
      }
      for (const area of f.keepAreas ?? []) {
        const mean = await brightness(f, result.bytes, area);
        expect(mean, `the image outside the mark (${JSON.stringify(area)}) is gone`).toBeDefined();
        expect(
          Math.abs(mean! - area.brightness),
          `mean brightness outside the mark ${JSON.stringify(area)}`,
        ).toBeLessThan(24);
      }
    });

  if (f.vectors)
    it('removes the vector art under the area mark and keeps what lies outside', { timeout: slow }, async () => {
      const { result } = await redacted(f);
      const paths = await strokedPaths(result.bytes, f.vectors!.page, f.vectors!.color);
      expect(paths.filter((b) => intersects(b, f.vectors!.area))).toEqual([]);
      expect(paths.filter((b) => intersects(b, f.vectors!.keep)).length).toBeGreaterThan(0);
    });

  it("passes the engine's own verification", { timeout: slow }, async () => {
    const { result } = await redacted(f);
    expect(result.verification.checks.filter((c) => !c.passed)).toEqual([]);
    expect(result.verification.passed).toBe(true);
  });

  it('keeps a verification record: when, which engines, each check with its account in Chinese', {
    timeout: slow,
  }, async () => {
    const { verification } = (await redacted(f)).result;
    expect(Number.isNaN(Date.parse(verification.at))).toBe(false);
    expect(verification.checks.length).toBeGreaterThan(1);
    for (const check of verification.checks) expect(check.detail).toMatch(/[\u4e00-\u9fff]/);
    // A second reading by a different engine: pdf.js for a PDF.
    if (isPdf(f)) expect(Object.values(verification.engines).join(' ')).toMatch(/pdf\.?js|unpdf/i);
  });
});

describe('the engine does not claim success when something marked survives', () => {
  const body = fixtures.find((f) => f.id === 'pdf-body-text')!;
  const code = body.sentinels[0]!;

  it('fails verification, naming the mark, when a located mark is moved off its text', { timeout: slow }, async () => {
    const bytes = source(body);
    const located = await locate(bytes, 'pdf', body.marks);
    const target = located.find((m) => m.input.kind === 'text' && m.input.text === code)!;
    expect(target.places.length).toBeGreaterThan(0);
    // Move every rectangle of the code's mark 300 points down the page, onto blank paper.
    const moved: LocatedMark[] = located.map((m) =>
      m === target
        ? { ...m, places: m.places.map((p) => ({ ...p, rects: p.rects?.map((r) => ({ ...r, y: r.y + 300 })) })) }
        : m,
    );
    const { verification, bytes: out } = await redact(bytes, 'pdf', moved);
    expect(verification.passed).toBe(false);
    const failed = verification.checks.filter((c) => !c.passed);
    expect(failed.flatMap((c) => c.markIds ?? [])).toContain(target.id);
    // And it is right to fail: the oracle finds the code in the output.
    expect((await inspect(out, [code])).survivals.length).toBeGreaterThan(0);
  });

  it('fails verification for a hand-made mark whose only rectangle is blank paper', { timeout: slow }, async () => {
    const bytes = source(body);
    const mark: LocatedMark = {
      id: 'm1',
      input: { kind: 'text', text: code, ground: '15', reason: '第三方个人信息' },
      places: [{ page: 1, rects: [{ x: 300, y: 600, width: 120, height: 14 }] }],
      strings: [code],
    };
    const { verification } = await redact(bytes, 'pdf', [mark]);
    expect(verification.passed).toBe(false);
    expect(verification.checks.filter((c) => !c.passed).flatMap((c) => c.markIds ?? [])).toContain('m1');
  });

  it('fails verification when a mark covers only the second half of an ID number', { timeout: slow }, async () => {
    const bytes = source(body);
    const id = body.sentinels[2]!;
    const located = await locate(bytes, 'pdf', body.marks);
    const target = located.find((m) => m.input.kind === 'text' && m.input.text === id)!;
    const rects = target.places.flatMap((p) => p.rects ?? []);
    expect(rects.length).toBeGreaterThan(0);
    // The number's extent on its line, and a rectangle over its right half only.
    const left = Math.min(...rects.map((r) => r.x));
    const right = Math.max(...rects.map((r) => r.x + r.width));
    const top = Math.min(...rects.map((r) => r.y));
    const bottom = Math.max(...rects.map((r) => r.y + r.height));
    const half: LocatedMark = {
      ...target,
      places: [
        {
          page: target.places[0]!.page,
          rects: [{ x: (left + right) / 2, y: top, width: (right - left) / 2, height: bottom - top }],
        },
      ],
    };
    const { verification, bytes: out } = await redact(
      bytes,
      'pdf',
      located.map((m) => (m === target ? half : m)),
    );
    // What an applicant would read: the first nine digits (region and year of birth) left on the page.
    expect((await inspect(out, [id.slice(0, 9)])).survivals.length).toBeGreaterThan(0);
    expect(verification.passed).toBe(false);
    expect(verification.checks.filter((c) => !c.passed).flatMap((c) => c.markIds ?? [])).toContain(target.id);
  });

  it('fails verification when an area mark over a scanned number is moved off it', { timeout: slow }, async () => {
    const scanned = fixtures.find((f) => f.id === 'pdf-scanned')!;
    const bytes = source(scanned);
    const located = await locate(bytes, 'pdf', scanned.marks);
    const moved = located.map((m) => ({
      ...m,
      places: m.places.map((p) => ({ ...p, rects: p.rects?.map((r) => ({ ...r, y: r.y + 200 })) })),
    }));
    const { verification, bytes: out } = await redact(bytes, 'pdf', moved);
    // The OCR layer under the first place still carries the ID (the oracle finds it), which the engine must
    // see: by the strings its area mark withholds, or by the privacy scanner.
    expect((await inspect(out, scanned.sentinels)).survivals.length).toBeGreaterThan(0);
    expect(verification.passed).toBe(false);
  });
});

/** Fixtures with a text mark: the first marking of each file (the others mark the same bytes). */
const withText = fixtures.filter(
  (f, i) => f.marks.some((m) => m.kind === 'text') && fixtures.findIndex((g) => g.file === f.file) === i,
);

describe.each(withText)('$id: verification agrees with the oracle when a mark loses its places', (f) => {
  it('fails naming the mark whenever the mark’s text survives, and blames it for nothing else', {
    timeout: slow,
  }, async () => {
    const bytes = source(f);
    const format = formatOf(f.contentType, bytes)!;
    const located = await locate(bytes, format, f.marks, f.except ? { except: f.except } : undefined);
    const target = located.find((m) => m.input.kind === 'text')!;
    const doctored = located.map((m) => (m === target ? { ...m, places: [] } : m));
    const { verification, bytes: out } = await redact(bytes, format, doctored);
    const text = target.input.kind === 'text' ? target.input.text : '';
    const survives = (await inspect(out, [text])).survivals.length > 0;
    const blamed = verification.checks.filter((c) => !c.passed).flatMap((c) => c.markIds ?? []);
    if (survives) {
      expect(verification.passed).toBe(false);
      expect(blamed).toContain(target.id);
    } else expect(blamed).not.toContain(target.id); // Word and Excel: the engine removes the text wherever it is
  });
});

describe('what the engine refuses', () => {
  const file = (id: string) => source(fixtures.find((f) => f.id === id)!);

  it('takes a file only when its type and its bytes agree', () => {
    expect(formatOf('application/pdf', file('pdf-body-text'))).toBe('pdf');
    expect(formatOf('application/pdf', file('docx-header'))).toBeUndefined();
    expect(formatOf('image/png', file('jpeg-exif'))).toBeUndefined();
    expect(formatOf('image/jpeg', file('jpeg-exif'))).toBe('jpeg');
    expect(
      formatOf('application/vnd.openxmlformats-officedocument.wordprocessingml.document', file('xlsx-shared-strings')),
    ).toBeUndefined();
  });

  it('refuses an area mark on a Word file, naming the mark in Chinese', { timeout: slow }, async () => {
    const f = fixtures.find((x) => x.id === 'docx-header')!;
    const marks: MarkInput[] = [
      f.marks[0]!,
      { kind: 'area', page: 1, x: 10, y: 10, width: 50, height: 20, ground: '15', reason: '第三方个人信息' },
    ];
    const refusal = locate(source(f), 'docx', marks);
    await expect(refusal).rejects.toBeInstanceOf(RedactionInputError);
    await expect(refusal).rejects.toThrow(/第 ?2 ?项/);
  });
});

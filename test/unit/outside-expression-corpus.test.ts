/**
 * Checks the outside material of test/support/outside-expression-corpus.ts itself (issue 42): that
 * every planted error stands where its ground truth says and is the wrong form of its entry, that no
 * wrong form hides unplanted anywhere (least of all in a clean passage), that clean passages hold the
 * look-alikes they claim, that every kind, placement and carrier is there in numbers, that every entry
 * cites a source, and that the long text for timing is what it says. The normalising and scanning
 * here are written independently of the generator.
 */
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import {
  entries,
  type ExpressionKind,
  kindLabels,
  leftOut,
  outsideExpressionCorpus,
  outsideExpressionLongText,
  type Passage,
  type Placement,
  sources,
} from '../support/outside-expression-corpus.ts';

const corpus = outsideExpressionCorpus();
const planted = corpus.filter((p) => p.errors.length > 0);
const clean = corpus.filter((p) => p.errors.length === 0);
const byId = new Map(entries.map((e) => [e.id, e]));
const kinds = Object.keys(kindLabels) as ExpressionKind[];

const quoteClass = '[“”‘’「」『』"\']';
const escapeChar = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Finds `form` in text as a reader would: a line break may fall between any two characters, quotes may be of any shape. */
function occurrences(text: string, form: string): Array<[number, number]> {
  const chars = [...form].map((c) => (/[“”‘’「」『』"']/.test(c) ? quoteClass : escapeChar(c)));
  const re = new RegExp(chars.join('(?:\\r?\\n)?'), 'g');
  return [...text.matchAll(re)].map((m) => [m.index, m.index + m[0].length]);
}
const plain = (s: string) => s.replace(/\r?\n/g, '').replace(/[“”‘’「」『』"']/g, '"');

describe('outside expression corpus: ground truth', () => {
  it('puts each planted error exactly where its offsets say, as the wrong form of its entry', () => {
    for (const p of planted)
      for (const e of p.errors) {
        const entry = byId.get(e.entry)!;
        expect(entry, `${p.id}: ${e.entry}`).toBeDefined();
        expect(p.text.slice(e.start, e.end), p.id).toBe(e.wrong);
        expect(plain(e.wrong), p.id).toBe(plain(entry.wrong));
        expect(e.right, p.id).toBe(entry.right);
        expect(e.kind, p.id).toBe(entry.kind);
        expect(plain(e.wrong), p.id).not.toBe(plain(e.right));
      }
  });

  it('keeps the errors of a passage in order and apart', () => {
    for (const p of planted)
      p.errors.forEach((e, i) => {
        expect(e.end, p.id).toBeGreaterThan(e.start);
        if (i > 0) expect(e.start, p.id).toBeGreaterThanOrEqual(p.errors[i - 1]!.end);
      });
  });

  it('hides no context-free wrong form anywhere but at a planted error', () => {
    const strict = entries.filter((e) => !e.contextual);
    for (const p of corpus)
      for (const entry of strict)
        for (const [start, end] of occurrences(p.text, entry.wrong)) {
          const inside = p.errors.some((e) => e.start <= start && end <= e.end);
          expect(inside, `${p.id} holds ${entry.wrong} at ${start} unplanted`).toBe(true);
        }
  });

  it('leaves no context-free wrong form once every planted error is corrected', () => {
    const strict = entries.filter((e) => !e.contextual);
    for (const p of planted) {
      let fixed = p.text;
      for (const e of [...p.errors].reverse()) fixed = fixed.slice(0, e.start) + e.right + fixed.slice(e.end);
      for (const entry of strict) expect(occurrences(fixed, entry.wrong), `${p.id}: ${entry.wrong}`).toEqual([]);
    }
  });

  it('writes every context-dependent wrong string correctly used in some clean passage', () => {
    for (const entry of entries.filter((e) => e.contextual)) {
      const witness = clean.find((p) => occurrences(p.text, entry.wrong).length > 0);
      expect(witness, `${entry.id}: no clean passage uses ${entry.wrong} rightly`).toBeDefined();
    }
  });

  it('plants every entry at least twice and shows its right form in a clean passage', () => {
    for (const entry of entries) {
      const n = planted.flatMap((p) => p.errors).filter((e) => e.entry === entry.id).length;
      expect(n, entry.id).toBeGreaterThanOrEqual(2);
      expect(
        clean.some((p) => occurrences(p.text, entry.right).length > 0),
        `${entry.id}: right form ${entry.right}`,
      ).toBe(true);
    }
  });

  it('gives each clean passage a reason and look-alikes that are really in its text', () => {
    for (const p of clean) {
      expect(p.clean, p.id).toBeDefined();
      expect(p.clean!.why.length, p.id).toBeGreaterThan(0);
      expect(p.clean!.lookalikes.length, p.id).toBeGreaterThan(0);
      for (const l of p.clean!.lookalikes) expect(occurrences(p.text, l).length, `${p.id}: ${l}`).toBeGreaterThan(0);
    }
    for (const p of planted) expect(p.clean, p.id).toBeUndefined();
  });

  it('leaves no marks, no characters outside the BMP and no duplicate ids', () => {
    for (const p of corpus) {
      expect(p.text, p.id).not.toMatch(/\[\[|\]\]|→|[\uD800-\uDFFF]/);
      expect(p.text.trim().length, p.id).toBeGreaterThan(0);
    }
    expect(new Set(corpus.map((p) => p.id)).size).toBe(corpus.length);
  });
});

describe('outside expression corpus: coverage', () => {
  const count = (list: Passage[], kind: ExpressionKind) =>
    list.filter((p) => p.errors.some((e) => e.kind === kind) || p.clean?.kind === kind).length;

  it('has at least 200 planted and 200 clean passages', () => {
    expect(planted.length).toBeGreaterThanOrEqual(200);
    expect(clean.length).toBeGreaterThanOrEqual(200);
  });

  it('plants and clears every kind at least 25 times', () => {
    for (const kind of kinds) {
      expect(count(planted, kind), `planted ${kind}`).toBeGreaterThanOrEqual(25);
      expect(count(clean, kind), `clean ${kind}`).toBeGreaterThanOrEqual(25);
    }
  });

  it('sets errors and look-alikes in every placement and carrier', () => {
    const placements: Placement[] = [
      'body',
      'title',
      'summary',
      'quotation',
      'corner-quotes',
      'line-break',
      'halfwidth',
      'cell',
      'cell-line-break',
    ];
    for (const list of [planted, clean]) {
      expect(new Set(list.map((p) => p.placement))).toEqual(new Set(placements));
      expect(new Set(list.map((p) => p.carrier))).toEqual(
        new Set(['title', 'summary', 'body', 'docx-cell', 'xlsx-cell']),
      );
    }
    expect(new Set(corpus.map((p) => p.genre))).toEqual(
      new Set(['工作动态', '通知', '公告', '政府工作报告', '附件表格']),
    );
  });

  it('breaks wrong forms across \\n and \\r\\n, and writes some with half-width or single quotation marks', () => {
    const wrongs = planted.flatMap((p) => p.errors.map((e) => e.wrong));
    expect(wrongs.some((w) => /[^\r]\n/.test(w))).toBe(true);
    expect(wrongs.some((w) => w.includes('\r\n'))).toBe(true);
    expect(wrongs.some((w) => w.includes('"'))).toBe(true);
    expect(wrongs.some((w) => w.includes('‘'))).toBe(true);
    for (const p of planted.filter((x) => x.placement === 'line-break' || x.placement === 'cell-line-break'))
      expect(
        p.errors.some((e) => e.wrong.includes('\n')),
        p.id,
      ).toBe(true);
    for (const p of corpus.filter((x) => x.placement === 'halfwidth'))
      expect(p.text, p.id).not.toMatch(/[，。：；“”（）]/);
  });

  it('puts a quotation around the error in quotation placements', () => {
    for (const p of planted.filter((x) => x.placement === 'quotation' || x.placement === 'corner-quotes')) {
      const [open, close] = p.placement === 'quotation' ? ['“', '”'] : ['「', '」'];
      for (const e of p.errors) {
        expect(p.text.lastIndexOf(open, e.start), p.id).toBeGreaterThanOrEqual(0);
        expect(p.text.indexOf(close, e.end), p.id).toBeGreaterThan(e.end - 1);
      }
    }
  });
});

describe('outside expression corpus: sources', () => {
  it('cites a known source for every entry, with a web address for all but the printed dictionary', () => {
    for (const entry of entries) {
      expect(entry.source.length, entry.id).toBeGreaterThan(0);
      for (const s of entry.source) expect(sources[s], `${entry.id}: ${s}`).toBeDefined();
    }
    for (const [key, s] of Object.entries(sources)) {
      if (key === 'dictionary') continue;
      expect(s.urls.length, key).toBeGreaterThan(0);
      for (const u of s.urls) expect(u, key).toMatch(/^https?:\/\//);
    }
    expect(sources['xinhua-2016'].title).toContain('禁用词和慎用词');
  });

  it('says why each contested item was left out', () => {
    expect(leftOut.length).toBeGreaterThanOrEqual(10);
    for (const l of leftOut) expect(l.why.length, l.item).toBeGreaterThan(0);
  });
});

describe('outside expression corpus: long text for timing', () => {
  const long = outsideExpressionLongText();

  it('holds at least 100 KB of UTF-8 made of every passage', () => {
    expect(long.bytes).toBeGreaterThanOrEqual(100_000);
    expect(long.bytes).toBeLessThan(120_000);
    expect(Buffer.byteLength(long.text, 'utf8')).toBe(long.bytes);
    expect(new Set(long.passages)).toEqual(new Set(corpus.map((p) => p.id)));
  });

  it('keeps every planted error at its offset in the long text', () => {
    const expected = long.passages.reduce((n, id) => n + corpus.find((p) => p.id === id)!.errors.length, 0);
    expect(long.errors.length).toBe(expected);
    for (const e of long.errors) expect(long.text.slice(e.start, e.end), e.passage).toBe(e.wrong);
  });

  it('is the same text on every call, and another seed orders it differently', () => {
    expect(outsideExpressionLongText()).toEqual(long);
    expect(outsideExpressionLongText(100_000, 7).text).not.toBe(long.text);
  });
});

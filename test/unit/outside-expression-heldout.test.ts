/**
 * Checks the held-out corpus of test/support/outside-expression-heldout.ts itself, never the checker:
 * offsets, sources, counts per kind, look-alikes, and that it is the same every time it is built.
 */
import { describe, expect, it } from 'vitest';
import {
  type ExpressionKind,
  heldOutEntries,
  heldOutExpressionCorpus,
  heldOutSources,
} from '../support/outside-expression-heldout.ts';

const corpus = heldOutExpressionCorpus();
const errors = corpus.flatMap((p) => p.errors.map((e) => ({ ...e, passage: p.id })));
const cleanPassages = corpus.filter((p) => p.clean);
const kinds: ExpressionKind[] = ['name-title', 'formulation', 'outdated', 'forbidden', 'typo'];
const unbroken = (s: string) => s.replace(/\n/g, '');

describe('held-out expression corpus', () => {
  it('places every planted error exactly where its offsets say', () => {
    for (const p of corpus) {
      for (const e of p.errors) expect(p.text.slice(e.start, e.end), `${p.id} ${e.entry}`).toBe(e.wrong);
    }
  });

  it('keeps the errors of a passage in order and apart', () => {
    for (const p of corpus) {
      for (let i = 1; i < p.errors.length; i++) expect(p.errors[i]!.start).toBeGreaterThanOrEqual(p.errors[i - 1]!.end);
    }
  });

  it('gives every error a correction that differs from it', () => {
    for (const e of errors) {
      expect(e.right.length, e.passage).toBeGreaterThan(0);
      expect(unbroken(e.wrong), e.passage).not.toBe(e.right);
    }
  });

  it('justifies every planted error by an entry whose source is listed', () => {
    const keys = new Set(heldOutSources.map((s) => s.key));
    for (const e of errors) {
      const entry = heldOutEntries[e.entry];
      expect(entry, e.entry).toBeDefined();
      expect(entry!.kind, e.entry).toBe(e.kind);
      expect(entry!.rule, e.entry).toBe(e.rule);
      expect(keys.has(entry!.source), `${e.entry} → ${entry!.source}`).toBe(true);
    }
  });

  it('lists every source once with an address', () => {
    const keys = heldOutSources.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const s of heldOutSources) expect(s.url).toMatch(/^https?:\/\//);
  });

  it('plants at least 300 errors, at least 40 of each kind', () => {
    expect(errors.length).toBeGreaterThanOrEqual(300);
    for (const kind of kinds) expect(errors.filter((e) => e.kind === kind).length, kind).toBeGreaterThanOrEqual(40);
  });

  it('holds at least 250 clean passages, each without errors and with its look-alikes in it', () => {
    expect(cleanPassages.length).toBeGreaterThanOrEqual(250);
    for (const p of cleanPassages) {
      expect(p.errors, p.id).toEqual([]);
      expect(p.clean!.lookalikes.length, p.id).toBeGreaterThan(0);
      for (const l of p.clean!.lookalikes) expect(unbroken(p.text), `${p.id} ${l}`).toContain(l);
    }
    for (const kind of kinds)
      expect(cleanPassages.filter((p) => p.clean!.kind === kind).length, kind).toBeGreaterThanOrEqual(40);
  });

  it('declares any wrong form a clean passage contains as one of its look-alikes', () => {
    const wrongs = new Set(errors.map((e) => unbroken(e.wrong)));
    for (const p of cleanPassages) {
      const text = unbroken(p.text);
      for (const w of wrongs) {
        if (!text.includes(w)) continue;
        const declared = p.clean!.lookalikes.some((l) => l.includes(w) || w.includes(l));
        expect(declared, `${p.id} holds ${w}`).toBe(true);
      }
    }
  });

  it('varies where errors stand: titles, cells, quotation marks, half-width punctuation, line breaks', () => {
    const carriers = new Set(corpus.filter((p) => p.errors.length).map((p) => p.carrier));
    for (const c of ['title', 'summary', 'body', 'docx-cell', 'xlsx-cell'])
      expect(carriers.has(c as never), c).toBe(true);
    expect(errors.filter((e) => e.wrong.includes('\n')).length).toBeGreaterThanOrEqual(50);
    const quoted = corpus.filter((p) =>
      p.errors.some((e) => /[“「]/.test(p.text.slice(Math.max(0, e.start - 3), e.start + 1))),
    );
    expect(quoted.length).toBeGreaterThanOrEqual(10);
    expect(quoted.filter((p) => p.text.includes('「')).length).toBeGreaterThanOrEqual(5);
    expect(corpus.filter((p) => p.errors.length && /[,.:;]/.test(p.text)).length).toBeGreaterThanOrEqual(100);
  });

  it('uses unique passage ids', () => {
    const ids = corpus.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is the same every time it is built', () => {
    expect(heldOutExpressionCorpus()).toEqual(corpus);
  });
});

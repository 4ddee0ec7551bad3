/**
 * The search index as static files (web/assets/search-core.js reads them): a base built from the
 * whole catalogue (postings sharded by token, result records sharded by item), and a small delta of
 * what was published, revised or withdrawn since, which every query reads. Publishing rewrites only
 * the delta; the daily sweep folds it into a new base.
 */
import { categoryBySlug } from '#core/categories.ts';
import type { CatalogueEntry } from '#core/pages/site.ts';
import { paths, urlOf } from '#core/site-plan.ts';
import {
  agencyToken, categoryToken, docShardOf, docShards, files, frequentShare, postingShardOf, postingShards, tokens, type SearchRecord,
} from '../../web/assets/search-core.js';

export interface IndexedEntry extends CatalogueEntry {
  /** The county-wide position: the item's id in the index, in publication order. */
  seq: number;
  /** The body's text (a prefix), indexed but not shown. */
  text?: string;
}

/** Field weights: a match in the title or the document numbers counts more than one in the text. */
const weights: [keyof IndexedEntry, number][] = [['title', 3], ['documentNumber', 4], ['indexNumber', 4], ['agencyName', 1], ['summary', 1], ['text', 1]];

export function searchDoc(entry: IndexedEntry): { record: SearchRecord; tokens: Record<string, number> } {
  const counts: Record<string, number> = {};
  for (const [field, weight] of weights) {
    for (const token of tokens(String(entry[field] ?? ''))) counts[token] = (counts[token] ?? 0) + weight;
  }
  for (const token of tokens(categoryBySlug.get(entry.category)?.name ?? '')) counts[token] = (counts[token] ?? 0) + 1;
  const scored: Record<string, number> = {};
  for (const [token, count] of Object.entries(counts)) scored[token] = Math.round(Math.log2(1 + count) * 100) / 100;
  scored[agencyToken(entry.agencyId)] = 1;
  scored[categoryToken(entry.category)] = 1;
  return {
    record: {
      t: entry.title, a: entry.agencyName, c: categoryBySlug.get(entry.category)?.name ?? entry.category, d: entry.publishedOn, y: Number(entry.publishedOn.slice(0, 4)),
      i: entry.indexNumber, ...(entry.documentNumber && { n: entry.documentNumber }), u: urlOf(paths.item(entry.agencyId, entry.itemId)),
      s: [entry.summary, entry.text].filter(Boolean).join(' ').slice(0, 300),
    },
    tokens: scored,
  };
}

/**
 * Every file of a new base index from the whole catalogue. Empty shards are written only where the
 * previous base (its list of files written) had a file to replace.
 */
export function buildBase(entries: IndexedEntry[], previous: string[] = []): Map<string, string> {
  const postings = new Map<string, [number, number][]>();
  const docs: Record<string, SearchRecord>[] = Array.from({ length: docShards }, () => ({}));
  const years: Record<string, [number, number]> = {};
  for (const entry of entries) {
    const doc = searchDoc(entry);
    docs[docShardOf(entry.seq)]![entry.seq] = doc.record;
    const range = years[doc.record.y] ?? [entry.seq, entry.seq];
    years[doc.record.y] = [Math.min(range[0], entry.seq), Math.max(range[1], entry.seq)];
    for (const [token, weight] of Object.entries(doc.tokens)) {
      const list = postings.get(token) ?? [];
      list.push([entry.seq, weight]);
      postings.set(token, list);
    }
  }
  const out = new Map<string, string>();
  const shards: Record<string, Encoded>[] = Array.from({ length: postingShards }, () => ({}));
  const frequent: string[] = [];
  const limit = Math.max(50, entries.length * frequentShare);
  for (const [token, list] of postings) {
    if (list.length > limit && !token.startsWith('@')) {
      frequent.push(token);
      out.set(files.frequent(token), JSON.stringify({ [token]: encode(list) }));
    } else {
      shards[postingShardOf(token)]![token] = encode(list);
    }
  }
  shards.forEach((shard, i) => Object.keys(shard).length && out.set(files.postings(i), JSON.stringify(shard)));
  docs.forEach((shard, i) => Object.keys(shard).length && out.set(files.docs(i), JSON.stringify(shard)));
  const written = [...out.keys()];
  for (const file of previous) if (!out.has(file)) out.set(file, '{}');
  // The list of files is for the next build only: queries read the small meta.
  out.set(files.written, JSON.stringify(written));
  out.set(files.meta, JSON.stringify({ docs: entries.length, frequent, years, builtAt: new Date().toISOString() }));
  return out;
}

/** Postings as two arrays: item ids as gaps from the previous id, and weights in tenths (see search-core.js). */
type Encoded = [number[], number[]];
function encode(list: [number, number][]): Encoded {
  const sorted = [...list].sort((a, b) => a[0] - b[0]);
  return [sorted.map(([id], i) => id - (i ? sorted[i - 1]![0] : 0)), sorted.map(([, weight]) => Math.round(weight * 10))];
}

/** The delta file: items changed since the base was built (with their tokens), and items withdrawn. */
export function buildDelta(changed: IndexedEntry[], removed: number[]): string {
  const docs = Object.fromEntries(changed.map((entry) => [entry.seq, searchDoc(entry)]));
  return JSON.stringify({ docs, removed });
}

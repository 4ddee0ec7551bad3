/**
 * The search index as static files (web/assets/search-core.js reads them): a base built from the
 * whole catalogue (postings sharded by token, result records sharded by item); a recent tier, built
 * the same way from what changed since the base; and a delta of the last few changes, which every
 * query reads whole. Publishing rewrites the delta; when it passes `deltaLimit` items the renderer
 * rebuilds the recent tier from everything since the base, and empties the delta; the daily sweep
 * folds everything into a new base.
 */
import { createHash } from 'node:crypto';
import { categoryBySlug } from '#core/categories.ts';
import type { CatalogueEntry } from '#core/pages/site.ts';
import { paths, urlOf } from '#core/site-plan.ts';
import {
  agencyToken,
  categoryToken,
  docShardOf,
  docShards,
  files,
  frequentShare,
  postingShardOf,
  postingShards,
  shardMap,
  tokens,
  type SearchRecord,
  type TierFiles,
} from '#web/search-core.js';

/** Items the delta holds at most: every query downloads it whole (about 1 KB an item). */
export const deltaLimit = 30;

export interface IndexedEntry extends CatalogueEntry {
  /** The county-wide position: the item's id in the index, in publication order. */
  seq: number;
  /** The body's text (a prefix), indexed but not shown. */
  text?: string;
}

/** Field weights: a match in the title or the document numbers counts more than one in the text. */
const weights: [keyof IndexedEntry, number][] = [
  ['title', 3],
  ['documentNumber', 4],
  ['indexNumber', 4],
  ['agencyName', 1],
  ['summary', 1],
  ['text', 1],
];

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
      t: entry.title,
      a: entry.agencyName,
      c: categoryBySlug.get(entry.category)?.name ?? entry.category,
      d: entry.publishedOn,
      y: Number(entry.publishedOn.slice(0, 4)),
      i: entry.indexNumber,
      ...(entry.documentNumber && { n: entry.documentNumber }),
      u: urlOf(paths.item(entry.agencyId, entry.itemId)),
      s: [entry.summary, entry.text].filter(Boolean).join(' ').slice(0, 300),
    },
    tokens: scored,
  };
}

/** What a tier's list of files records of each: its content's digest, so a new build writes only what changed. */
export type WrittenFiles = Record<string, string>;
const digest = (body: string) => createHash('sha256').update(body).digest('base64url').slice(0, 16);

/** The files of a build that differ from the ones the previous build wrote (by digest). */
export const changedFiles = (built: Map<string, string>, previous: WrittenFiles) =>
  [...built].filter(([key, body]) => previous[key] !== digest(body));

/**
 * Every file of a new base index from the whole catalogue. Empty shards are written only where the
 * previous base (its list of files written) had a file to replace. The recent tier is built the same
 * way (`recent`), with no files of frequent tokens, and its meta lists its items (which override the
 * base's), their years, and the items withdrawn since the base.
 */
export function buildBase(
  entries: IndexedEntry[],
  previous: WrittenFiles = {},
  recent?: { removed: number[] },
): Map<string, string> {
  const tier: TierFiles = recent ? files.recent : files;
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
  const limit = recent ? Number.POSITIVE_INFINITY : Math.max(50, entries.length * frequentShare);
  for (const [token, list] of postings) {
    if (list.length > limit && !token.startsWith('@')) {
      frequent.push(token);
      out.set(tier.frequent(token), JSON.stringify({ [token]: encode(list) }));
    } else {
      shards[postingShardOf(token)]![token] = encode(list);
    }
  }
  const held: number[] = [];
  for (const [i, shard] of shards.entries())
    if (Object.keys(shard).length) {
      out.set(tier.postings(i), JSON.stringify(shard));
      held.push(i);
    }
  for (const [i, shard] of docs.entries()) if (Object.keys(shard).length) out.set(tier.docs(i), JSON.stringify(shard));
  const written: WrittenFiles = Object.fromEntries([...out].map(([key, body]) => [key, digest(body)]));
  for (const file of Object.keys(previous))
    if (!out.has(file) && file !== tier.written && file !== tier.meta) out.set(file, '{}');
  // The list of files is for the next build only: queries read the small meta.
  out.set(tier.written, JSON.stringify(written));
  const builtAt = new Date().toISOString();
  out.set(
    tier.meta,
    JSON.stringify(
      recent
        ? {
            docs: entries.length,
            ids: entries.map((e) => e.seq),
            removed: recent.removed,
            years: Object.fromEntries(entries.map((e) => [e.seq, Number(e.publishedOn.slice(0, 4))])),
            shards: shardMap(held),
            builtAt,
          }
        : { docs: entries.length, frequent, years, shards: shardMap(held), builtAt },
    ),
  );
  return out;
}

/** Postings as two arrays: item ids as gaps from the previous id, and weights in tenths (see search-core.js). */
type Encoded = [number[], number[]];
function encode(list: [number, number][]): Encoded {
  const sorted = [...list].sort((a, b) => a[0] - b[0]);
  return [
    sorted.map(([id], i) => id - (i ? sorted[i - 1]![0] : 0)),
    sorted.map(([, weight]) => Math.round(weight * 10)),
  ];
}

/** Postings decoded from their stored form (see `encode`). */
function decode(encoded: Encoded | undefined): [number, number][] {
  if (!encoded) return [];
  const [gaps, weights] = encoded;
  let id = 0;
  return gaps.map((gap, i) => [(id += gap), weights[i]! / 10]);
}

type PostingsFile = Record<string, Encoded>;
type DocsFile = Record<string, SearchRecord>;

/**
 * One postings file of the base with the changes folded in: the postings of every item changed or
 * withdrawn since (`touched`) dropped, the changed items' postings from the recent build added.
 * `only` keeps to the tokens the file holds (a frequent token's own file); `skip` leaves out tokens
 * that live in files of their own.
 */
export function mergePostings(
  base: PostingsFile,
  recent: PostingsFile,
  touched: Set<number>,
  tokens: { only?: string; skip?: Set<string> } = {},
): PostingsFile {
  const out: PostingsFile = {};
  const keep = (token: string) => (tokens.only ? token === tokens.only : !tokens.skip?.has(token));
  for (const token of new Set([...Object.keys(base), ...Object.keys(recent)])) {
    if (!keep(token)) continue;
    const list = [...decode(base[token]).filter(([id]) => !touched.has(id)), ...decode(recent[token])];
    if (list.length) out[token] = encode(list);
  }
  return out;
}

/** One records file of the base with the changes folded in. */
export function mergeDocs(base: DocsFile, recent: DocsFile, touched: Set<number>): DocsFile {
  const out: DocsFile = {};
  for (const [id, record] of Object.entries(base)) if (!touched.has(Number(id))) out[id] = record;
  return Object.assign(out, recent);
}

/**
 * The base's meta after a merge, from its records files (how many items, which ids each year spans)
 * and the posting shards that hold tokens.
 */
export function mergedMeta(docs: DocsFile[], frequent: string[], held: Iterable<number>): string {
  const years: Record<string, [number, number]> = {};
  let count = 0;
  for (const file of docs) {
    for (const [key, record] of Object.entries(file)) {
      const id = Number(key);
      count += 1;
      const range = years[record.y] ?? [id, id];
      years[record.y] = [Math.min(range[0], id), Math.max(range[1], id)];
    }
  }
  return JSON.stringify({ docs: count, frequent, years, shards: shardMap(held), builtAt: new Date().toISOString() });
}

export const digestOf = (body: string) => digest(body);

/** The delta file: items changed since the base was built (with their tokens), and items withdrawn. */
export function buildDelta(changed: IndexedEntry[], removed: number[]): string {
  const docs = Object.fromEntries(changed.map((entry) => [entry.seq, searchDoc(entry)]));
  return JSON.stringify({ docs, removed });
}

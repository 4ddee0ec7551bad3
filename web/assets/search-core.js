// The public site's search (信息检索), shared by the index builder (in the functions) and the search
// page (in the browser): how text becomes tokens, where each token's postings live, and how a
// query is answered from the index's static files. No server: the page downloads only the files the
// query's tokens hash to.

/** Postings are spread over this many files; a query downloads one per token. */
export const postingShards = 1024;
/** Result records are spread over this many files; a page of results downloads at most one per result. */
export const docShards = 512;
/** Tokens found in more than this share of the items go to files of their own, fetched only when nothing rarer is asked. */
export const frequentShare = 0.05;

const han = /\p{Script=Han}/u;

/**
 * Tokens of a text: runs of Han characters as overlapping pairs (a lone character as itself), runs
 * of Latin letters and digits as whole lowercase words. Width (full/half) and case are folded, and
 * punctuation, Chinese or Western, only separates: 抚政办函〔2017〕38号 → 抚政 政办 办函 2017 38 号.
 */
export function tokens(text) {
  const out = [];
  const normal = String(text).normalize('NFKC').toLowerCase();
  const runs = normal.match(/\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu) ?? [];
  for (const run of runs) {
    if (han.test(run[0])) {
      const chars = [...run];
      if (chars.length === 1) out.push(chars[0]);
      for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
    } else {
      out.push(run);
    }
  }
  return out;
}

/** FNV-1a: the same small hash in Node and every browser. */
export function hash(text) {
  let h = 0x811c9dc5;
  for (const unit of new TextEncoder().encode(text)) {
    h ^= unit;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export const postingShardOf = (token) => hash(token) % postingShards;

/**
 * Which posting shards a tier holds, as a bitmap in hex (256 characters for 1,024 shards), so a
 * query asks only for files that exist: a shard no token hashes to is never written.
 * @param {Iterable<number>} shards
 */
export function shardMap(shards) {
  const bytes = new Uint8Array(postingShards / 8);
  for (const shard of shards) bytes[shard >> 3] |= 1 << (shard & 7);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}
/** Whether `map` (from shardMap) holds `shard`; a tier built before the map existed holds every shard. */
export const holdsShard = (map, shard) =>
  typeof map !== 'string' ||
  (Number.parseInt(map.slice((shard >> 3) * 2, (shard >> 3) * 2 + 2), 16) & (1 << (shard & 7))) !== 0;
export const docShardOf = (docId) => docId % docShards;

/** One tier of the index: its meta, the list of files it wrote, postings by token, records by item. */
const tierFiles = (prefix) => ({
  meta: `${prefix}meta.json`,
  written: `${prefix}files.json`,
  postings: (shard) => `${prefix}p/${shard}.json`,
  frequent: (token) => `${prefix}f/${hash(token).toString(36)}.json`,
  docs: (shard) => `${prefix}d/${shard}.json`,
});

/**
 * The index's files, relative to the site root: the base (the whole catalogue as of the daily fold),
 * the recent tier (what changed since, sharded the same way, rebuilt every few dozen changes) and the
 * delta (the last few changes, small enough for every query to read whole).
 */
export const files = { ...tierFiles('search/'), delta: 'search/delta.json', recent: tierFiles('search/r/') };

/** Pseudo-tokens that make the agency and category filters postings like any other. */
export const agencyToken = (agencyId) => `@agency:${agencyId}`;
export const categoryToken = (category) => `@category:${category}`;

/** Postings are stored as [gaps between item ids, weights in tenths]: about half the bytes of pairs. */
function decode(encoded) {
  if (!encoded) return [];
  const [gaps, weights] = encoded;
  const out = [];
  let id = 0;
  for (let i = 0; i < gaps.length; i++) {
    id += gaps[i];
    out.push([id, weights[i] / 10]);
  }
  return out;
}

/**
 * Answers a query from the index. `fetchJson(path)` returns a file's parsed JSON (or null when it
 * does not exist); the caller counts bytes if it wants to. Results: every matching item's id and
 * score, best first (or newest first), and the records of the requested page.
 */
export async function search(query, options, fetchJson) {
  const { agency, category, year, sort = 'relevance', page = 1, pageSize = 10 } = options;
  const queryTokens = [...new Set(tokens(query.slice(0, 200)))].slice(0, 24);
  const filters = [agency && agencyToken(agency), category && categoryToken(category)].filter(Boolean);
  if (!queryTokens.length && !filters.length) return { total: 0, results: [], tokens: [] };

  const [meta, delta, recentMeta] = await Promise.all([
    fetchJson(files.meta),
    fetchJson(files.delta),
    fetchJson(files.recent.meta),
  ]);
  const base = meta ?? { docs: 0, frequent: [], years: {} };
  const latest = delta ?? { docs: {}, removed: [] };
  const recent = recentMeta ?? { ids: [], removed: [], years: {} };
  // The delta overrides the recent tier, which overrides the base, item by item.
  const inLatest = new Set([...latest.removed, ...Object.keys(latest.docs).map(Number)]);
  const inRecent = new Set(recent.ids);
  const hidden = new Set([...inLatest, ...recent.ids, ...recent.removed]);
  const frequent = new Set(base.frequent);
  const postingsOf = async (token) => {
    const shard = postingShardOf(token);
    const [file, recentFile] = await Promise.all([
      frequent.has(token)
        ? fetchJson(files.frequent(token))
        : meta && holdsShard(base.shards, shard)
          ? fetchJson(files.postings(shard))
          : null,
      recent.ids.length && holdsShard(recent.shards, shard) ? fetchJson(files.recent.postings(shard)) : null,
    ]);
    const postings = decode(file?.[token]).filter(([id]) => !hidden.has(id));
    for (const posting of decode(recentFile?.[token])) if (!inLatest.has(posting[0])) postings.push(posting);
    for (const [id, doc] of Object.entries(latest.docs))
      if (doc.tokens[token]) postings.push([Number(id), doc.tokens[token]]);
    return { token, postings };
  };
  // Rare words first; frequent ones (large files that add little) only when no rare word is found.
  let lists = await Promise.all([...queryTokens.filter((t) => !frequent.has(t)), ...filters].map(postingsOf));
  if (!lists.some((l) => !l.token.startsWith('@') && l.postings.length)) {
    lists = [...lists, ...(await Promise.all(queryTokens.filter((t) => frequent.has(t)).map(postingsOf)))];
  }
  // A pair no item contains (one spanning two words of the query, "公开|年度") does not count.
  lists = lists.filter((l) => l.token.startsWith('@') || l.postings.length);

  const total = base.docs + Object.keys(latest.docs).length;
  const scores = new Map();
  const matched = new Map();
  for (const { token, postings } of lists) {
    const filter = token.startsWith('@');
    const idf = Math.log(1 + (total - postings.length + 0.5) / (postings.length + 0.5));
    for (const [id, weight] of postings) {
      matched.set(id, (matched.get(id) ?? 0) + 1);
      if (!filter) scores.set(id, (scores.get(id) ?? 0) + idf * weight);
    }
  }
  // Every filter must match, and most of the words found. More words matched ranks first, then the weighted score.
  const words = lists.length - filters.length;
  const least = filters.length + Math.max(words ? 1 : 0, Math.ceil(words * 0.7));
  const filterIds = filters.map((f) => new Set(lists.find((l) => l.token === f).postings.map(([id]) => id)));
  let ids = [...matched].filter(([id, n]) => n >= least && filterIds.every((set) => set.has(id))).map(([id]) => id);
  if (year) {
    const range = base.years?.[year];
    const yearOf = (id) =>
      latest.docs[id]?.record.y ??
      (inRecent.has(id) ? recent.years[id] : range && id >= range[0] && id <= range[1] ? Number(year) : undefined);
    ids = ids.filter((id) => yearOf(id) === Number(year));
  }
  ids.sort(
    sort === 'date'
      ? (a, b) => b - a
      : (a, b) => matched.get(b) - matched.get(a) || (scores.get(b) ?? 0) - (scores.get(a) ?? 0) || b - a,
  );

  const shown = ids.slice((page - 1) * pageSize, page * pageSize);
  const records = new Map();
  const readShards = async (tier, list) =>
    Promise.all(
      [...new Set(list.map(docShardOf))].map(async (shard) => {
        const file = await fetchJson(tier.docs(shard));
        for (const id of list) if (file?.[id] && docShardOf(id) === shard) records.set(id, file[id]);
      }),
    );
  await Promise.all([
    readShards(
      files,
      shown.filter((id) => !latest.docs[id] && !inRecent.has(id)),
    ),
    readShards(
      files.recent,
      shown.filter((id) => !latest.docs[id] && inRecent.has(id)),
    ),
  ]);
  for (const [id, doc] of Object.entries(latest.docs)) records.set(Number(id), doc.record);
  return {
    total: ids.length,
    tokens: queryTokens,
    results: shown.map((id) => ({ id, score: scores.get(id) ?? 0, ...records.get(id) })).filter((r) => r.t),
  };
}

/** The part of `text` around the first token found, with the matching stretches marked. */
export function snippet(text, queryTokens, width = 80) {
  const plain = String(text ?? '');
  const normal = plain.normalize('NFKC').toLowerCase();
  let first = -1;
  for (const token of queryTokens) {
    const at = normal.indexOf(token);
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  const start = Math.max(0, first - Math.floor(width / 3));
  const piece = plain.slice(start, start + width);
  const lower = piece.normalize('NFKC').toLowerCase();
  const marks = new Array(piece.length).fill(false);
  for (const token of queryTokens) {
    for (let at = lower.indexOf(token); at >= 0; at = lower.indexOf(token, at + 1)) {
      for (let i = at; i < at + token.length && i < marks.length; i++) marks[i] = true;
    }
  }
  const parts = [];
  for (let i = 0; i < piece.length; i++) {
    const last = parts.at(-1);
    if (last && last.mark === marks[i]) last.text += piece[i];
    else parts.push({ text: piece[i], mark: marks[i] });
  }
  return { before: start > 0, parts, after: start + width < plain.length };
}

/**
 * The index's files as a browser reads them, from the site itself: parsed JSON, or null where a file
 * does not exist.
 * @param {string} path
 */
export async function fetchSiteJson(path) {
  const response = await fetch(`/${path}`);
  return response.ok ? response.json() : null;
}

/**
 * The search index's files in the site bucket: the delta every query reads, the recent tier rebuilt
 * past the delta's limit, the daily fold of the changes into the base, and the base built anew by the
 * rebuild (search-index.ts builds their contents; this module reads and writes them).
 */
import { countyListing } from '#core/site-plan.ts';
import { countyEntriesAt, listingEntries, readListingSequence } from '#store/listings.ts';
import { clearSearchDelta, markPromoted, readSearchDelta, type SearchChanges } from '#store/search-delta.ts';
import {
  docShards,
  files,
  postingShardOf,
  postingShards,
  type SearchRecord,
  type TierFiles,
} from '#web/search-core.js';
import { inPool, readJson, type Pass } from './pass.ts';
import {
  buildBase,
  buildDelta,
  changedFiles,
  deltaLimit,
  digestOf,
  mergeDocs,
  mergedMeta,
  mergePostings,
  type WrittenFiles,
} from './search-index.ts';

/**
 * The base: built anew from the whole catalogue (the rebuild, `full`) or with the changes since it
 * folded in (the daily sweep's task); then the delta.
 */
export async function renderSearchBase(pass: Pass, full: boolean | undefined): Promise<void> {
  const read = await readSearchDelta();
  if (full) {
    const entries = await listingEntries(countyListing, 1, await readListingSequence(countyListing));
    await putBuild(pass, files, (previous) => buildBase(entries, previous), true);
    await forgetFolded(pass, read);
  } else {
    await foldIntoBase(pass, read);
  }
  return renderSearchDelta(pass);
}

/** The files a tier wrote last time, with their digests (to blank those a new build leaves out, and skip those it leaves as they were). */
const previousFiles = async (list: string): Promise<WrittenFiles> => {
  const parsed = (await readJson<WrittenFiles | string[]>(list)) ?? {};
  return Array.isArray(parsed) ? Object.fromEntries(parsed.map((file) => [file, ''])) : parsed;
};

/** A build's files, only those that differ from what the previous build wrote. */
async function putBuild(
  pass: Pass,
  tier: TierFiles,
  build: (previous: WrittenFiles) => Map<string, string>,
  full = false,
) {
  const previous = await previousFiles(tier.written);
  const built = build(previous);
  await inPool(full ? [...built] : changedFiles(built, previous), 8, ([key, body]) => pass.put(key, body, 'json'));
}

/**
 * The daily fold without reading the catalogue: every change since the base (the items changed, read
 * by position; the items withdrawn) built as a recent tier in memory, then merged into each of the
 * base's files in turn. Each file is read once and written only if it changed. A file that cannot
 * be read fails the fold (rather than merging into nothing): the task waits for a retry.
 */
async function foldIntoBase(pass: Pass, read: SearchChanges): Promise<void> {
  const touched = new Set([...read.changed, ...read.removed]);
  if (!touched.size) return;
  const recent = buildBase(await countyEntriesAt(read.changed), {}, { removed: read.removed });
  const previous = await previousFiles(files.written);
  const meta = (await readJson<{ frequent?: string[] }>(files.meta)) ?? {};
  const frequent = new Set(meta.frequent ?? []);
  const fromRecent = <T>(key: string) => JSON.parse(recent.get(key) ?? '{}') as T;
  const written: WrittenFiles = {};
  const docs: Record<string, SearchRecord>[] = [];
  const held: number[] = [];
  const write = async (key: string, body: string) => {
    const digest = digestOf(body);
    if (body !== '{}') written[key] = digest;
    // An empty file is written only to blank one the previous build wrote.
    if (previous[key] !== digest && (body !== '{}' || previous[key] !== undefined)) await pass.put(key, body, 'json');
  };
  const tasks: (() => Promise<void>)[] = [
    ...Array.from({ length: postingShards }, (_, shard) => async () => {
      const key = files.postings(shard);
      const base =
        previous[key] !== undefined ? ((await readJson<Record<string, [number[], number[]]>>(key)) ?? {}) : {};
      const merged = mergePostings(base, fromRecent(files.recent.postings(shard)), touched, { skip: frequent });
      if (Object.keys(merged).length) held.push(shard);
      await write(key, JSON.stringify(merged));
    }),
    ...[...frequent].map((token) => async () => {
      const key = files.frequent(token);
      await write(
        key,
        JSON.stringify(
          mergePostings(
            (await readJson(key)) ?? {},
            fromRecent(files.recent.postings(postingShardOf(token))),
            touched,
            { only: token },
          ),
        ),
      );
    }),
    ...Array.from({ length: docShards }, (_, shard) => async () => {
      const key = files.docs(shard);
      const base = previous[key] !== undefined ? ((await readJson<Record<string, SearchRecord>>(key)) ?? {}) : {};
      const merged = mergeDocs(base, fromRecent(files.recent.docs(shard)), touched);
      docs[shard] = merged;
      await write(key, JSON.stringify(merged));
    }),
  ];
  await inPool(tasks, 8, (task) => task());
  await pass.put(files.meta, mergedMeta(docs.filter(Boolean), [...frequent], held), 'json');
  await pass.put(files.written, JSON.stringify(written), 'json');
  await forgetFolded(pass, read);
}

/**
 * After a new base holding the changes read: forget them, unless a step came between (the next fold
 * does), and empty the recent tier by its meta alone (queries then read none of its files, and its
 * next build blanks the ones it leaves out).
 */
async function forgetFolded(pass: Pass, read: SearchChanges): Promise<void> {
  if (await clearSearchDelta(read))
    await pass.put(files.recent.meta, buildBase([], {}, { removed: [] }).get(files.recent.meta)!, 'json');
}

/**
 * The delta: the changes the recent tier does not hold yet. Past `deltaLimit` items, the recent
 * tier is rebuilt from every change since the base first (a few dozen publications' worth of files
 * once, instead of a delta every query downloads growing all day), and the delta starts again.
 */
export async function renderSearchDelta(pass: Pass): Promise<void> {
  let read = await readSearchDelta();
  // The changes since the base (and their record) stay bounded even if the daily fold stops: past
  // `foldLimit` this render folds them itself.
  if (read.changed.length + read.removed.length > foldLimit) {
    await foldIntoBase(pass, read);
    read = await readSearchDelta();
  }
  const waiting = (r: typeof read) => {
    const promoted = new Set(r.promoted);
    return {
      changed: r.changed.filter((seq) => !promoted.has(seq)),
      removed: r.removed.filter((seq) => !promoted.has(seq)),
    };
  };
  let delta = waiting(read);
  if (delta.changed.length + delta.removed.length > deltaLimit) {
    const entries = await countyEntriesAt(read.changed);
    await putBuild(pass, files.recent, (previous) => buildBase(entries, previous, { removed: read.removed }));
    // A step that came between keeps its change in the delta; the next render tries again.
    if (await markPromoted(read)) {
      read = await readSearchDelta();
      delta = waiting(read);
    }
  }
  await pass.put(files.delta, buildDelta(await countyEntriesAt(delta.changed), delta.removed), 'json');
}

/** Changes since the base past which the renderer folds without waiting for the sweep. */
const foldLimit = 5000;

/**
 * The daily fold merges every change since the base into the base's files one by one: what the
 * merged index holds (each token's postings, each item's record) equals an index built afresh from
 * the catalogue as it now stands.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildBase, mergeDocs, mergePostings, type IndexedEntry } from '../../functions/renderer/search-index.ts';
import { docShards, files, postingShardOf, postingShards } from '../../web/assets/search-core.js';

const words = ['财政预算', '露水河镇', '政府信息公开', '年度报告', '低保资金', '人参产业', '道路维修', '招聘公告'];
const entry = (seq: number, title: string): IndexedEntry => ({
  seq,
  itemId: `item${seq}`,
  agencyId: seq % 2 ? 'lushuihe' : 'fusong',
  agencyName: '露水河镇人民政府',
  title,
  indexNumber: `013869317/2026-${seq}`,
  category: 'finance',
  topic: '综合政务',
  writtenOn: '2026-03-01',
  publishedOn: `${2024 + (seq % 3)}-03-02`,
  summary: title,
});

/** Every token's postings and every record, whichever files they are in. */
function contents(built: Map<string, string>, prefix = 'search/') {
  const postings = new Map<string, string>();
  const records = new Map<string, string>();
  for (const [key, body] of built) {
    if (!key.startsWith(prefix) || (key.startsWith(`${prefix}r/`) && prefix === 'search/')) continue;
    const file = JSON.parse(body) as Record<string, unknown>;
    if (key.includes('/p/') || key.includes('/f/'))
      for (const [token, list] of Object.entries(file)) postings.set(token, JSON.stringify(list));
    if (key.includes('/d/')) for (const [id, record] of Object.entries(file)) records.set(id, JSON.stringify(record));
  }
  return { postings: new Map([...postings].sort()), records: new Map([...records].sort()) };
}

describe('the search fold', () => {
  it('merges the changes into the base as a build from the whole catalogue would hold them', () => {
    const catalogue = fc.array(fc.constantFrom(...words), { minLength: 60, maxLength: 150 }); // enough for tokens frequent enough to have files of their own
    const change = fc.record({
      revise: fc.array(fc.nat(), { maxLength: 8 }),
      withdraw: fc.array(fc.nat(), { maxLength: 5 }),
      add: fc.array(fc.constantFrom(...words), { maxLength: 8 }),
    });
    fc.assert(
      fc.property(catalogue, change, (titles, { revise, withdraw, add }) => {
        const before = titles.map((t, i) => entry(i + 1, t));
        const base = buildBase(before);
        // The changes: some revised (a new title), some withdrawn, some new at the end.
        const now = new Map(before.map((e) => [e.seq, e]));
        const removed = [...new Set(withdraw.map((n) => (n % before.length) + 1))];
        for (const seq of removed) now.delete(seq);
        const revised = [...new Set(revise.map((n) => (n % before.length) + 1))].filter((seq) => now.has(seq));
        for (const seq of revised) now.set(seq, entry(seq, `${now.get(seq)!.title}（更正）`));
        const added = add.map((t, i) => entry(before.length + i + 1, t));
        for (const e of added) now.set(e.seq, e);
        const changed = [...revised, ...added.map((e) => e.seq)];

        const recent = buildBase(
          changed.map((seq) => now.get(seq)!),
          {},
          { removed },
        );
        const touched = new Set([...changed, ...removed]);
        const frequent = new Set(JSON.parse(base.get(files.meta)!).frequent as string[]);
        const merged = new Map<string, string>();
        const read = (map: Map<string, string>, key: string) => JSON.parse(map.get(key) ?? '{}');
        for (let shard = 0; shard < postingShards; shard++)
          merged.set(
            files.postings(shard),
            JSON.stringify(
              mergePostings(read(base, files.postings(shard)), read(recent, files.recent.postings(shard)), touched, {
                skip: frequent,
              }),
            ),
          );
        for (const token of frequent)
          merged.set(
            files.frequent(token),
            JSON.stringify(
              mergePostings(
                read(base, files.frequent(token)),
                read(recent, files.recent.postings(postingShardOf(token))),
                touched,
                { only: token },
              ),
            ),
          );
        for (let shard = 0; shard < docShards; shard++)
          merged.set(
            files.docs(shard),
            JSON.stringify(mergeDocs(read(base, files.docs(shard)), read(recent, files.recent.docs(shard)), touched)),
          );

        expect(contents(merged)).toEqual(contents(buildBase([...now.values()].sort((a, b) => a.seq - b.seq))));
      }),
      { numRuns: 25 },
    );
  });
});

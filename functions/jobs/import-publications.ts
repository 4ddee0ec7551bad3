/**
 * An approved import of history, published: the batch's rows in order of their 发布日期, each in
 * one transaction as an approval writes an item (its 索引号 kept or given by the agency's rule, its
 * listing places, its report counters by its real dates, the site's render task for its own page
 * and county place), but with its original dates and never judged late. The listing pages a slice
 * of rows lands on are rendered once for the slice, not once per row. A row already there is passed
 * over, so a turn that dies part-way is simply run again.
 */
import { randomBytes } from 'node:crypto';
import { catalogueEntry } from '#core/catalogue.ts';
import { beijingDateTime } from '#core/dates.ts';
import { importedLateText, type RowError } from '#core/catalogue-import.ts';
import { textReview } from '#core/privacy.ts';
import { defaultIndexPattern, formatIndexNumber, type PublicationEvent } from '#core/publication.ts';
import { counterChanges, publicationCounters } from '#core/report-counts.ts';
import { agencyListingsOf, pageOf, type Listing, type Position, type RenderTarget } from '#core/site-plan.ts';
import type { Work } from '#lib/job-turns.ts';
import { getAgency, type StoredAgency } from '#store/agencies.ts';
import { batchRowsPage, getBatch, saveBatchResult, type ImportBatch, type StagedRow } from '#store/imports.ts';
import { freeIndexNumber } from '#store/index-numbers.ts';
import { jobWrites } from '#store/jobs.ts';
import {
  addRenderTask,
  getPublication,
  indexSequenceKey,
  listingSequenceKey,
  readListingSequence,
  recordImportedItem,
  type ListingChange,
  type StoredPublication,
} from '#store/publications.ts';
import { SequenceTaken, takingNumbers } from '#store/sequences.ts';

/** Rows read a page at a time; progress saved after each page. */
const rowsPerSlice = 100;
/** Rows the result lists as failed (the count is kept in full). */
const maxListed = 200;

/** Published now (fresh) or before (passed over), with the places it holds; or why it was not. */
type Outcome = { placed: Position[]; fresh: boolean } | RowError;

/**
 * The listing files a slice of imported rows touches, once: each listing's head and the pages its
 * new places fall on (imported history is not news: no feed or home lists it).
 */
export function sliceTargets(positions: readonly Position[]): RenderTarget[] {
  const pages = new Map<Listing, Set<number>>();
  for (const { listing, seq } of positions) {
    if (!pages.has(listing)) pages.set(listing, new Set());
    pages.get(listing)!.add(pageOf(seq));
  }
  return [...pages].flatMap(([listing, numbers]): RenderTarget[] => [
    { kind: 'listingHead', listing },
    ...[...numbers].sort((a, b) => a - b).map((page): RenderTarget => ({ kind: 'listingPage', listing, page })),
  ]);
}

/** Listing sequences as this job last moved them: read once, re-read only when another step moved one first. */
class Sequences {
  private known = new Map<string, number>();
  async listing(listing: Parameters<typeof readListingSequence>[0]) {
    const key = JSON.stringify(listingSequenceKey(listing));
    if (!this.known.has(key)) this.known.set(key, await readListingSequence(listing));
    return this.known.get(key)!;
  }
  moved(change: ListingChange) {
    for (const { key, next } of change.advance) this.known.set(JSON.stringify(key), next);
  }
  forget() {
    this.known.clear();
  }
}

async function publishRow(
  row: StagedRow,
  context: { agency: StoredAgency; batch: ImportBatch; sequences: Sequences; at: string },
): Promise<Outcome> {
  const { agency, batch, sequences, at } = context;
  const on = beijingDateTime(new Date(at)).date;
  const content = { ...row.content, attachments: row.files };
  const change: ListingChange = { put: [], remove: [], advance: [] };
  const positions: Position[] = [];
  for (const listing of agencyListingsOf(agency.id, content.category)) {
    const previous = await sequences.listing(listing);
    change.advance.push({ key: listingSequenceKey(listing), next: previous + 1 });
    positions.push({ listing, seq: previous + 1 });
  }
  let indexNumber = row.indexNumber;
  if (!indexNumber) {
    const year = Number(row.publishedOn.slice(0, 4));
    const { indexPattern, orgCode } = agency.publishing ?? { indexPattern: defaultIndexPattern, orgCode: agency.code };
    const free = await freeIndexNumber(agency.id, year, (n) => formatIndexNumber(indexPattern, orgCode, year, n));
    change.advance.push({ key: indexSequenceKey(agency.id, year), next: free.next, previous: free.previous });
    indexNumber = free.indexNumber;
  }
  change.claim = { agencyId: agency.id, indexNumber, itemId: row.id };
  const published = {
    revision: 1,
    content,
    publishedOn: row.publishedOn,
    late: false,
    lateText: importedLateText(content.writtenOn, row.publishedOn),
  };
  const item: StoredPublication = {
    id: row.id,
    agencyId: agency.id,
    status: 'published',
    content,
    published,
    submittedBy: batch.submittedBy ?? batch.createdBy,
    review: {
      by: batch.review!.by,
      on,
      approved: true,
      ...(batch.review?.secrecyCheck && { secrecyCheck: batch.review.secrecyCheck }),
    },
    // Its text was checked when staged; its attachments are read by the privacy function now.
    privacy: textReview(content, 'sweep', at),
    version: 1,
    createdBy: batch.createdBy,
    updatedAt: at,
    indexNumber,
    positions,
    imported: { batchId: batch.id, at },
  };
  const entry = catalogueEntry(item, agency.name);
  change.put = positions.map((position) => ({ position, entry, fresh: true }));
  const event: PublicationEvent = {
    type: 'create',
    actor: batch.review!.by,
    on,
    text: `历史信息导入（批次 ${batch.id}，第 ${row.row} 行，经 ${batch.review!.by} 审核同意）。${published.lateText}`,
  };
  const scan =
    item.privacy?.state === 'scanning'
      ? jobWrites({
          id: randomBytes(8).toString('hex'),
          kind: 'privacyScan',
          params: { publicationId: item.id, key: item.privacy.key },
          by: batch.review!.by,
          agencyId: agency.id,
        }).writes
      : [];
  const failed = await recordImportedItem({
    item,
    event,
    listings: change,
    counters: counterChanges(new Map(), publicationCounters(item)),
    render: [
      { kind: 'item', itemId: item.id },
      { kind: 'county', itemId: item.id },
    ],
    also: scan,
  });
  // Published by an earlier turn that died before its slice's pages were queued: its places still count.
  if (failed === 'exists') return { placed: (await getPublication(row.id))?.item.positions ?? [], fresh: false };
  if (failed === 'claimed') {
    if (row.indexNumber)
      return {
        row: row.row,
        field: 'indexNumber',
        message: `第 ${row.row} 行 索引号：「${row.indexNumber}」已被本机关其他信息使用，未导入`,
      };
    throw new SequenceTaken();
  }
  if (failed) throw new SequenceTaken();
  sequences.moved(change);
  return { placed: positions, fresh: true };
}

export const importPublications: Work = async (job, more, save) => {
  const batchId = String(job.params.batchId);
  const batch = await getBatch(batchId);
  const agency = batch && (await getAgency(batch.agencyId));
  if (!batch || !agency || !batch.review?.approved) throw new Error(`import batch ${batchId} is not approved`);
  const result = {
    published: 0,
    skipped: 0,
    failed: [] as RowError[],
    failedCount: 0,
    next: null as string | null,
    ...(job.result as object),
  };
  const sequences = new Sequences();
  let done = job.progress.done;
  while (true) {
    if (!more()) return false;
    const page = await batchRowsPage(batch.id, { limit: rowsPerSlice, ...(result.next && { cursor: result.next }) });
    const placed: Position[] = [];
    for (const row of page.items) {
      const outcome = await takingNumbers(async () => {
        try {
          return await publishRow(row, { agency, batch, sequences, at: new Date().toISOString() });
        } catch (error) {
          if (error instanceof SequenceTaken) sequences.forget();
          throw error;
        }
      });
      if ('placed' in outcome) {
        placed.push(...outcome.placed);
        if (outcome.fresh) result.published += 1;
        else result.skipped += 1;
      } else {
        result.failedCount += 1;
        if (result.failed.length < maxListed) result.failed.push(outcome);
      }
    }
    // The slice's listing pages, queued before its progress is saved (a turn run again queues them again).
    if (placed.length) await addRenderTask(`import-${batch.id}-${done}`, sliceTargets(placed));
    done += page.items.length;
    result.next = page.next;
    const { next: _next, ...account } = result;
    await saveBatchResult(batch.id, account, page.next ? 'importing' : 'done');
    await save({ progress: { done, total: batch.rows }, cursor: done, result });
    if (!page.next) return true;
  }
};

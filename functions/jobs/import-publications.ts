/**
 * An approved import of history, published: the batch's rows in order of their 发布日期, as an
 * approval publishes an item (its 索引号 kept or given by the agency's rule, its report counters by
 * its real dates, the site's render task for its own page), but with its original dates and never
 * judged late. A page of rows is published a slice at a time (store/import-slices.ts): the 索引号
 * claims and sequences in one transaction with the slice's plan, the items in batch writes with a
 * render task for the slice that has the renderer place its rows in every listing, in order (as it
 * places an approved item: renderer/placement.ts), the counters in one transaction with the plan
 * marked done. A turn that stops part-way runs the slice again from its plan; a row published by an
 * earlier import is passed over.
 */
import { createHash } from 'node:crypto';
import { catalogueEntry } from '#core/catalogue.ts';
import { beijingDateTime } from '#core/dates.ts';
import { importedLateText, type RowError } from '#core/catalogue-import.ts';
import { textReview } from '#core/privacy.ts';
import { defaultIndexPattern, formatIndexNumber, type PublicationEvent } from '#core/publication.ts';
import { counterChanges, publicationCounters, type YearCounters } from '#core/report-counts.ts';
import type { RenderTarget } from '#core/site-plan.ts';
import type { Work } from '#store/job-turns.ts';
import { getAgency, type StoredAgency } from '#store/agencies.ts';
import {
  commitSlice,
  getSlicePlan,
  publishedAmong,
  reserveSlice,
  transactionLimit,
  writeSliceItems,
  type PlannedRow,
  type SlicePlan,
} from '#store/import-slices.ts';
import { batchRowsPage, getBatch, saveBatchResult, type ImportBatch, type StagedRow } from '#store/imports.ts';
import { freeIndexNumbers } from '#store/index-numbers.ts';
import { jobWrites } from '#store/jobs.ts';
import { indexSequenceKey } from '#store/listings.ts';
import { importedItemPuts, type ListingChange, type StoredPublication } from '#store/publications.ts';
import { renderTaskItem } from '#store/render-queue.ts';
import { SequenceTaken, takingNumbers } from '#store/sequences.ts';
import { counterWrites } from '#store/stats.ts';

/** Rows read a page at a time; progress saved after each page. */
const rowsPerPage = 100;
/** Rows the result lists as failed (the count is kept in full). */
const maxListed = 200;

/** What every row of a slice is published with. */
interface RowContext {
  agency: StoredAgency;
  batch: ImportBatch;
  at: string;
}

/**
 * A row's item as published, with its event and its page's render target (its listing places are the
 * renderer's, but for a plan made before that: those it reserved).
 */
function publishedItem(row: StagedRow, planned: PlannedRow, { agency, batch, at }: RowContext) {
  const on = beijingDateTime(new Date(at)).date;
  const content = { ...row.content, attachments: row.files };
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
    indexNumber: planned.indexNumber,
    positions: planned.positions ?? [],
    imported: { batchId: batch.id, at },
  };
  const entry = catalogueEntry(item, agency.name);
  const event: PublicationEvent = {
    type: 'create',
    actor: batch.review!.by,
    on,
    text: `历史信息导入（批次 ${batch.id}，第 ${row.row} 行，经 ${batch.review!.by} 审核同意）。${published.lateText}`,
  };
  return {
    item,
    event,
    entries: (planned.positions ?? []).map((position) => ({ position, entry, fresh: true })),
    render: [{ kind: 'item', itemId: item.id }] satisfies RenderTarget[],
  };
}

/**
 * The slice's render task: each row's places in every listing it belongs to, taken by the renderer in
 * the rows' order (of their 发布日期), queued at the slice's time, after its rows' items.
 */
const sliceTask = (batchId: string, slice: string, plan: SlicePlan) =>
  renderTaskItem(
    plan.at,
    `import-${batchId}-${slice}`,
    plan.rows.map((row): RenderTarget => ({ kind: 'listings', itemId: row.id })),
  );

/** The privacy function's scan of an imported item's attachments: one job per item, whichever turn starts it. */
const scanJobId = (itemId: string) => createHash('sha256').update(`import-scan:${itemId}`).digest('hex').slice(0, 16);

/** The years a row's counters fall in (publishedOn, writtenOn, repealedOn): each is one or two updates of a commit. */
const counterYears = (row: StagedRow) =>
  [row.publishedOn, row.content.writtenOn, row.content.validity?.repealedOn].filter(Boolean).map((d) => d!.slice(0, 4));

/**
 * A page of rows cut into slices whose reservation (the plan, a claim a row, each 索引号 sequence moved)
 * and commit (the plan, two counter updates a year, a scan's two writes a row with attachments) each
 * fit in one transaction. By the rows' content only, so a turn run again cuts the same slices.
 */
export function slicesOf(rows: readonly StagedRow[]): StagedRow[][] {
  const slices: StagedRow[][] = [];
  let current: StagedRow[] = [];
  const sequences = new Set<string>();
  const years = new Set<string>();
  let scans = 0;
  for (const row of rows) {
    const rowSequences = row.indexNumber ? [] : [row.publishedOn.slice(0, 4)];
    const nextSequences = new Set([...sequences, ...rowSequences]);
    const nextYears = new Set([...years, ...counterYears(row)]);
    const nextScans = scans + (row.files.length ? 2 : 0);
    const reserve = 1 + current.length + 1 + nextSequences.size;
    const commit = 1 + 2 * nextYears.size + nextScans;
    if (current.length && (reserve > transactionLimit || commit > transactionLimit)) {
      slices.push(current);
      current = [];
      sequences.clear();
      years.clear();
      scans = 0;
    }
    current.push(row);
    for (const s of rowSequences) sequences.add(s);
    for (const y of counterYears(row)) years.add(y);
    scans += row.files.length ? 2 : 0;
  }
  if (current.length) slices.push(current);
  return slices;
}

/**
 * The slice's plan, reserved: each new row's 索引号 (kept, or the next free by the agency's rule in
 * its year of publication), stored with the sequences moved and the numbers claimed. A row whose kept
 * 索引号 another item holds fails, and the rest are planned again without it.
 */
async function reserve(rows: StagedRow[], slice: string, context: RowContext): Promise<SlicePlan> {
  const { agency, batch } = context;
  const published = await publishedAmong(rows.map((r) => r.id));
  const failed: RowError[] = [];
  let fresh = rows.filter((r) => !published.has(r.id));
  while (true) {
    const advance: ListingChange['advance'] = [];
    const numbers = new Map(fresh.filter((r) => r.indexNumber).map((r) => [r.id, r.indexNumber!]));
    const kept = new Set(numbers.values());
    const { indexPattern, orgCode } = agency.publishing ?? { indexPattern: defaultIndexPattern, orgCode: agency.code };
    for (const [year, given] of Map.groupBy(
      fresh.filter((r) => !r.indexNumber),
      (r) => Number(r.publishedOn.slice(0, 4)),
    )) {
      const format = (n: number) => formatIndexNumber(indexPattern, orgCode, year, n);
      const free = await freeIndexNumbers(agency.id, year, given.length, format, kept);
      for (const [i, row] of given.entries()) numbers.set(row.id, free.numbers[i]!);
      advance.push({ key: indexSequenceKey(agency.id, year), next: free.next, previous: free.previous });
    }
    const plan: SlicePlan = {
      at: context.at,
      rows: fresh.map((r) => ({ id: r.id, indexNumber: numbers.get(r.id)! })),
      skipped: [...published].map((id) => ({ id })),
      failed,
    };
    const claims = plan.rows.map((r) => ({ agencyId: agency.id, indexNumber: r.indexNumber, itemId: r.id }));
    const refused = await reserveSlice(batch.id, slice, plan, { advance, claims });
    if (!refused) return plan;
    if (refused === 'planned') return (await getSlicePlan(batch.id, slice))!;
    const keptTaken =
      refused === 'sequence' ? [] : refused.claimed.filter((id) => numbers.get(id) && kept.has(numbers.get(id)!));
    // A number the rule gave, taken since it was read, or a sequence moved: read again and retry.
    if (refused === 'sequence' || keptTaken.length < refused.claimed.length) throw new SequenceTaken();
    for (const row of fresh.filter((r) => keptTaken.includes(r.id)))
      failed.push({
        row: row.row,
        field: 'indexNumber',
        message: `第 ${row.row} 行 索引号：「${row.indexNumber}」已被本机关其他信息使用，未导入`,
      });
    fresh = fresh.filter((r) => !keptTaken.includes(r.id));
  }
}

/**
 * A slice published: its plan (reserved now, or found from a turn that stopped), the rows' items in
 * batches (those whose item a stopped turn wrote already left alone) with the render task that
 * places them, then its counters and scans.
 */
async function publishSlice(rows: StagedRow[], slice: string, context: RowContext): Promise<SlicePlan> {
  const { agency, batch } = context;
  const found = await getSlicePlan(batch.id, slice);
  const plan = found ?? (await takingNumbers(() => reserve(rows, slice, context)));
  if (plan.done) return plan;
  const staged = new Map(rows.map((r) => [r.id, r]));
  const written = found ? await publishedAmong(plan.rows.map((r) => r.id)) : new Set<string>();
  const published = plan.rows.map((planned) => ({
    planned,
    ...publishedItem(staged.get(planned.id)!, planned, { ...context, at: plan.at }),
  }));
  await writeSliceItems(
    await Promise.all(
      published.map(async (p) => ({ ...(await importedItemPuts(p)), written: written.has(p.planned.id) })),
    ),
    // The rows placed in every listing by the renderer, in order, a slice's rows (at most a
    // transaction's worth) to a task: the same task again from a turn run again.
    plan.rows.length ? [{ PutRequest: { Item: sliceTask(batch.id, slice, plan) } }] : [],
  );
  const counted = new Map() as YearCounters;
  for (const { item } of published) publicationCounters(item, counted);
  const scans = published.flatMap(({ item }) =>
    item.privacy?.state === 'scanning'
      ? jobWrites({
          id: scanJobId(item.id),
          kind: 'privacyScan',
          params: { publicationId: item.id, key: item.privacy.key },
          by: batch.review!.by,
          agencyId: agency.id,
        }).writes
      : [],
  );
  await commitSlice(batch.id, slice, [
    ...(await counterWrites(agency.id, counterChanges(new Map(), counted))),
    ...scans,
  ]);
  return plan;
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
  let done = job.progress.done;
  while (true) {
    if (!more()) return false;
    const page = await batchRowsPage(batch.id, { limit: rowsPerPage, ...(result.next && { cursor: result.next }) });
    const slices = slicesOf(page.items);
    for (const [n, rows] of slices.entries()) {
      const plan = await publishSlice(rows, `${done}#${n}`, { agency, batch, at: new Date().toISOString() });
      result.published += plan.rows.length;
      result.skipped += plan.skipped.length;
      result.failedCount += plan.failed.length;
      result.failed.push(...plan.failed.slice(0, Math.max(0, maxListed - result.failed.length)));
    }
    done += page.items.length;
    result.next = page.next;
    const { next: _next, ...account } = result;
    await saveBatchResult(batch.id, account, page.next ? 'importing' : 'done');
    await save({ progress: { done, total: batch.rows }, cursor: done, result });
    if (!page.next) return true;
  }
};

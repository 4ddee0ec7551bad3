/**
 * Imports of a county's history: a batch of catalogue rows staged by the agency's staff (each row
 * claimed by one batch), approved by its reviewer, published by a job; and which 索引号 the agency's
 * items already hold.
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CatalogueRow, RowError } from '#core/catalogue-import.ts';
import {
  batchGet,
  conditionHeld,
  db,
  failedConditions,
  isConditionFailure,
  queryPage,
  tableName,
  transactWrite,
  NotAsRead,
  writeFromFreshRead,
} from '#lib/dynamo.ts';
import * as keys from './keys.ts';
import { jobWrites, type Job } from './jobs.ts';

export type BatchState = 'open' | 'submitted' | 'importing' | 'done';

export interface ImportBatch {
  id: string;
  agencyId: string;
  kind: 'publications';
  state: BatchState;
  /** Rows staged (each row once, however often it was sent). */
  rows: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  submittedBy?: string;
  /** The reviewer's decision: returned to the handler with comments, or approved (the job's id). */
  review?: { by: string; at: string; approved: boolean; secrecyCheck?: string; comments?: string };
  jobId?: string;
  /** What the job found: published, skipped as already there, and the rows it could not publish. */
  result?: { published: number; skipped: number; failed: RowError[] };
}

export interface StagedRow extends CatalogueRow {
  /** Attachments once uploaded and linked: the private key each waits under. */
  files: { id: string; fileName: string; contentType: string; size: number; privateKey: string }[];
}

export async function getBatch(id: string): Promise<ImportBatch | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.importBatch(id), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...batch } = Item;
  return batch as ImportBatch;
}

/**
 * The batch as stored, in the agency's list, written only over the batch as it was `read`: its
 * version and its count of rows, which staging moves without the version (none read: new).
 */
const batchPut = (batch: ImportBatch, read?: Pick<ImportBatch, 'version' | 'rows'>) => ({
  Put: {
    TableName: tableName,
    Item: {
      ...keys.importBatch(batch.id),
      ...keys.agencyImports(batch.agencyId, batch.createdAt, batch.id),
      ...batch,
    },
    ...(read
      ? {
          ConditionExpression: 'version = :v AND #rows = :rows',
          ExpressionAttributeNames: { '#rows': 'rows' },
          ExpressionAttributeValues: { ':v': read.version, ':rows': read.rows },
        }
      : { ConditionExpression: 'attribute_not_exists(pk)' }),
  },
});

export const createBatch = (batch: ImportBatch) => transactWrite([batchPut(batch)]);

/** The agency's batches, newest first, a page at a time. */
export function agencyBatchesPage(agencyId: string, page: { limit: number; cursor?: string }) {
  const { gsi1pk } = keys.agencyImportList(agencyId);
  return queryPage<ImportBatch>(
    {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': gsi1pk },
      ScanIndexForward: false,
    },
    { ...page, keyNames: ['pk', 'sk', 'gsi1pk', 'gsi1sk'], partition: ['gsi1pk', gsi1pk] },
  );
}

/** Which of these rows the batch already holds (by their keys). */
export async function stagedAlready(batchId: string, rows: readonly CatalogueRow[]): Promise<Set<string>> {
  const found = await batchGet(
    rows.map((r) => keys.importRow(batchId, r.publishedOn, r.id)),
    ['id'],
  );
  return new Set(found.map((item) => item.id as string));
}

/** Why a batch refused rows: no longer open (submitted meanwhile), or they would take it past its limit. */
export type StagingRefusal = 'closed' | 'full';

/**
 * Stages rows into the batch with their count, a transaction at a time: each writes its rows and adds
 * them to the count together, only while the batch is open and stays within `limit`, so a batch that
 * refuses them holds none of them. A row already there (the same call sent twice at once) cancels the
 * transaction rather than being counted again; it is left out and the rest written. The rows this call
 * wrote, and why the batch refused the rest if it did (the transactions before stand, counted).
 */
export async function stageRows(
  batch: ImportBatch,
  rows: StagedRow[],
  limit: number,
): Promise<{ staged: StagedRow[]; refused?: StagingRefusal }> {
  const staged: StagedRow[] = [];
  for (const chunk of transactionChunks(rows)) {
    const outcome = await stageChunk(batch.id, chunk, limit);
    if ('refused' in outcome) return { staged, refused: outcome.refused };
    staged.push(...outcome.staged);
  }
  return { staged };
}

// A transaction takes 100 items and 4 MB: the batch's count and 99 rows, their sizes (as JSON, a
// little more than DynamoDB counts) well inside it.
const rowsPerTransaction = 99;
const bytesPerTransaction = 3_500_000;

/** The rows in order, in groups one transaction takes. */
function transactionChunks<T>(rows: readonly T[]): T[][] {
  const chunks: T[][] = [];
  let chunk: T[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = Buffer.byteLength(JSON.stringify(row));
    if (chunk.length && (chunk.length === rowsPerTransaction || bytes + size > bytesPerTransaction)) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(row);
    bytes += size;
  }
  if (chunk.length) chunks.push(chunk);
  return chunks;
}

/**
 * One transaction's rows. Each cancellation either leaves out rows already there (fewer each time) or
 * answers why the batch refused, so the attempts are bounded by the rows and one read of the batch.
 */
async function stageChunk(
  batchId: string,
  rows: StagedRow[],
  limit: number,
): Promise<{ staged: StagedRow[] } | { refused: StagingRefusal }> {
  let writing = rows;
  while (writing.length) {
    try {
      await transactWrite([countRows(batchId, writing.length, limit), ...writing.map((row) => putRow(batchId, row))]);
      return { staged: writing };
    } catch (error) {
      const failed = failedConditions(error);
      if (!failed.length) throw error;
      // Rows already there settle nothing about the batch: leave them out and ask again.
      const there = new Set(failed.filter((i) => i > 0).map((i) => i - 1));
      if (there.size) writing = writing.filter((_, i) => !there.has(i));
      else return { refused: await refusal(batchId, writing.length, limit) };
    }
  }
  return { staged: [] };
}

/**
 * Why the batch's count refused `n` rows. The count only grows, so a batch now open with room for
 * them refused them for its state (submitted, then returned before this read): closed either way.
 */
async function refusal(batchId: string, n: number, limit: number): Promise<StagingRefusal> {
  const now = await getBatch(batchId);
  return now?.state === 'open' && now.rows + n > limit ? 'full' : 'closed';
}

const countRows = (batchId: string, n: number, limit: number) => ({
  Update: {
    TableName: tableName,
    Key: keys.importBatch(batchId),
    UpdateExpression: 'ADD #rows :n SET updatedAt = :at',
    ConditionExpression: '#state = :open AND #rows <= :room',
    ExpressionAttributeNames: { '#rows': 'rows', '#state': 'state' },
    ExpressionAttributeValues: { ':n': n, ':room': limit - n, ':at': new Date().toISOString(), ':open': 'open' },
  },
});

const putRow = (batchId: string, row: StagedRow) => ({
  Put: {
    TableName: tableName,
    Item: { ...keys.importRow(batchId, row.publishedOn, row.id), ...row },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/** A page of the batch's rows in order of their 发布日期 (the order they are published in). */
export function batchRowsPage(batchId: string, page: { limit: number; cursor?: string }) {
  const { pk } = keys.importBatch(batchId);
  return queryPage<StagedRow>(
    {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :row)',
      ExpressionAttributeValues: { ':pk': pk, ':row': 'ROW#' },
      ConsistentRead: true,
    },
    { ...page, keyNames: ['pk', 'sk'], partition: ['pk', pk] },
  );
}

type BatchJob = Pick<Job, 'id' | 'kind' | 'params' | 'by' | 'agencyId'>;

/**
 * The batch's next state, only from the version read; with the job that publishes it, when
 * approved, in the same transaction. False: someone changed it first. Staging rows meanwhile moves
 * the count and not the version: the batch is then read again and moved with the count as it now
 * stands (rows are only added, and only while open, so the caller's checks of it stand), not written
 * back with the count it read.
 */
export const moveBatch = (batch: ImportBatch, next: Partial<ImportBatch>, job?: BatchJob): Promise<boolean> =>
  writeFromFreshRead(batch, {
    reread: () => getBatch(batch.id),
    current: (read) => read.version === batch.version,
    write: (read) => writeMove(read, next, job),
    moved: false,
  });

async function writeMove(batch: ImportBatch, next: Partial<ImportBatch>, job?: BatchJob): Promise<boolean> {
  const moved = { ...batch, ...next, updatedAt: new Date().toISOString(), version: batch.version + 1 };
  try {
    await transactWrite([batchPut(moved, batch), ...(job ? jobWrites(job).writes : [])]);
    return true;
  } catch (error) {
    if (failedConditions(error).includes(0)) throw new NotAsRead();
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** The job's account of the batch so far (it alone writes it while the batch is importing). */
export const saveBatchResult = (batchId: string, result: ImportBatch['result'], state: BatchState) =>
  db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.importBatch(batchId),
      UpdateExpression: 'SET #result = :result, #state = :state, updatedAt = :at',
      ExpressionAttributeNames: { '#result': 'result', '#state': 'state' },
      ExpressionAttributeValues: { ':result': result, ':state': state, ':at': new Date().toISOString() },
    }),
  );

// --- 索引号 claims ------------------------------------------------------------------------------

/** The items already holding these 索引号 in the agency (by number). */
export async function indexClaims(agencyId: string, numbers: readonly string[]): Promise<Map<string, string>> {
  const found = await batchGet([...new Set(numbers)].map((n) => keys.indexClaim(agencyId, n)));
  return new Map(found.map((item) => [String(item.sk), item.itemId as string]));
}

/** Which of these items exist already (imported by an earlier batch, or this one's earlier turn). */
export async function existingItems(ids: readonly string[]): Promise<Set<string>> {
  const found = await batchGet(
    ids.map((id) => keys.publication(id)),
    ['id'],
  );
  return new Set(found.map((item) => item.id as string));
}

// --- Rows claimed by a batch ----------------------------------------------------------------------

/** A claim whose batch was never written (its call died first) is free again after this long. */
const orphanClaimMs = 15 * 60_000;

/**
 * Which batch holds each of these rows, where that batch still holds it: open, submitted or
 * importing (a done batch's rows are items now, or failed and may be sent again).
 */
export async function rowClaims(agencyId: string, rowIds: readonly string[]): Promise<Map<string, RowClaim>> {
  const found = await batchGet(rowIds.map((id) => keys.importRowClaim(agencyId, id)));
  const batchIds = [...new Set(found.map((c) => c.batchId as string))];
  const batches = await batchGet(
    batchIds.map((id) => keys.importBatch(id)),
    ['id', 'state'],
  );
  const state = new Map(batches.map((b) => [b.id as string, b.state as BatchState]));
  const claims = new Map<string, RowClaim>();
  for (const item of found) {
    const batchId = item.batchId as string;
    const batchState = state.get(batchId);
    const orphan = !batchState && Date.now() - Date.parse(item.at as string) > orphanClaimMs;
    claims.set(item.sk as string, {
      batchId,
      state: batchState ?? null,
      held: batchState ? batchState !== 'done' : !orphan,
    });
  }
  return claims;
}

export interface RowClaim {
  batchId: string;
  /** The holding batch's state; null while its call has not written it yet (or never will). */
  state: BatchState | null;
  /** Whether the row is still the holding batch's. */
  held: boolean;
}

/**
 * Gives up the batch's claims on rows it did not take in (refused: submitted meanwhile, or full), so
 * they can be sent to another batch at once rather than skipped as this one's.
 */
export async function releaseClaims(agencyId: string, batchId: string, rowIds: readonly string[]): Promise<void> {
  for (let i = 0; i < rowIds.length; i += 25)
    await Promise.all(
      rowIds.slice(i, i + 25).map((rowId) =>
        conditionHeld(
          db.send(
            new DeleteCommand({
              TableName: tableName,
              Key: keys.importRowClaim(agencyId, rowId),
              ConditionExpression: 'batchId = :mine',
              ExpressionAttributeValues: { ':mine': batchId },
            }),
          ),
        ),
      ),
    );
}

/**
 * Claims each row for `batchId`, unless another batch took it since `seen` was read: the rows this
 * batch now holds. Concurrent calls with the same rows each get a share and no row is in two batches.
 */
export async function claimRows(
  agencyId: string,
  batchId: string,
  rowIds: readonly string[],
  seen: ReadonlyMap<string, RowClaim>,
): Promise<Set<string>> {
  const at = new Date().toISOString();
  const mine = new Set<string>();
  for (let i = 0; i < rowIds.length; i += 25) {
    await Promise.all(
      rowIds.slice(i, i + 25).map(async (rowId) => {
        const was = seen.get(rowId)?.batchId;
        try {
          await db.send(
            new PutCommand({
              TableName: tableName,
              Item: { ...keys.importRowClaim(agencyId, rowId), batchId, at },
              ConditionExpression: `attribute_not_exists(pk) OR batchId = :mine${was ? ' OR batchId = :was' : ''}`,
              ExpressionAttributeValues: { ':mine': batchId, ...(was && { ':was': was }) },
            }),
          );
          mine.add(rowId);
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
        }
      }),
    );
  }
  return mine;
}

// --- The agency's category choices ---------------------------------------------------------------

export interface CategoryChoice {
  category: string;
  by: string;
  at: string;
}

export interface CategoryMap {
  choices: Record<string, CategoryChoice>;
  version: number;
}

export async function getCategoryMap(agencyId: string): Promise<CategoryMap> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.importCategoryMap(agencyId), ConsistentRead: true }),
  );
  return { choices: (Item?.choices as CategoryMap['choices']) ?? {}, version: (Item?.version as number) ?? 0 };
}

/** The map as chosen, written only over the version it was read at. False: someone saved first. */
export async function saveCategoryMap(agencyId: string, map: CategoryMap): Promise<boolean> {
  return conditionHeld(
    db.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...keys.importCategoryMap(agencyId), choices: map.choices, version: map.version + 1 },
        ConditionExpression: map.version ? 'version = :v' : 'attribute_not_exists(pk)',
        ...(map.version && { ExpressionAttributeValues: { ':v': map.version } }),
      }),
    ),
  );
}

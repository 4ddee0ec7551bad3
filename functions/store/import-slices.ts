/**
 * The import job's slices of rows (jobs/import-publications.ts), written in three steps so that only
 * what must be atomic is in a transaction:
 * 1. `reserveSlice`: one transaction moves the 索引号 sequences past the slice's rows, claims each
 *    row's 索引号 and stores the slice's plan (each row's 索引号, in order, and the time the slice is
 *    published at);
 * 2. `writeSliceItems`: each row's items (event, version) in batch writes, then the rows' items
 *    themselves, so that an item found means its other writes were made, then their render tasks
 *    (the renderer must find the item), with the slice's own, which has the renderer place its rows
 *    in every listing, in order (as it places an approved item: no listing place is reserved here);
 * 3. `commitSlice`: one transaction adds the slice's report counters, starts what its rows cause (the
 *    privacy function's scans of their attachments) and marks the plan done.
 * A turn that stops after step 1 or in step 2 finds the plan, writes again every row whose item is
 * not there yet (the same puts under the same keys) and every row's render task (a page rendered twice
 * is the same page), and commits; a plan marked done is not written again.
 */
import { GetCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { RowError } from '#core/catalogue-import.ts';
import type { Position } from '#core/site-plan.ts';
import { batchGet, batchWrite, db, failedConditions, tableName, transactWrite } from '#lib/dynamo.ts';
import * as keys from './keys.ts';
import { claimIndexNumber } from './index-numbers.ts';
import type { ListingChange } from './publications.ts';
import { advanceSequence } from './sequences.ts';

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

/** DynamoDB's limit on one transaction's items: a slice's reservation and its commit each fit in one. */
export const transactionLimit = 100;

export interface PlannedRow {
  id: string;
  indexNumber: string;
  /** Agency places reserved by a plan made before the renderer placed imported rows (none since). */
  positions?: Position[];
}

export interface SlicePlan {
  /** When the slice's rows are published: their events', render tasks' and list keys' time. */
  at: string;
  /** The rows published by this slice, with what they were given. */
  rows: PlannedRow[];
  /** Rows already published (by an earlier import's job). */
  skipped: { id: string }[];
  /** Rows not published: a 索引号 they keep is held by another item. */
  failed: RowError[];
  /** Its items written, counters added and scans started. */
  done?: boolean;
}

export async function getSlicePlan(batchId: string, slice: string): Promise<SlicePlan | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.importPlan(batchId, slice), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  const { pk: _pk, sk: _sk, ...plan } = Item;
  return plan as SlicePlan;
}

/** The items among these that are published already. */
export async function publishedAmong(ids: readonly string[]): Promise<Set<string>> {
  const found = await batchGet(
    ids.map((id) => keys.publication(id)),
    ['id'],
  );
  return new Set(found.map((item) => item.id as string));
}

/**
 * The plan, stored with the sequences it moves and the 索引号 it claims, in one transaction. What
 * failed, if anything: claims another item holds (their item ids), a sequence another step moved
 * first, or the plan itself (another turn stored it first).
 */
export async function reserveSlice(
  batchId: string,
  slice: string,
  plan: SlicePlan,
  reservation: {
    advance: ListingChange['advance'];
    claims: { agencyId: string; indexNumber: string; itemId: string }[];
  },
): Promise<undefined | { claimed: string[] } | 'sequence' | 'planned'> {
  const { advance, claims } = reservation;
  const writes: TransactItems = [
    {
      Put: {
        TableName: tableName,
        Item: { ...keys.importPlan(batchId, slice), ...plan },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...advance.map(({ key, next, previous }) => advanceSequence(key, next, previous)),
    ...claims.map((c) => claimIndexNumber(c.agencyId, c.indexNumber, c.itemId)),
  ];
  if (writes.length > transactionLimit) throw new Error(`a slice's reservation of ${writes.length} items`);
  try {
    await transactWrite(writes);
    return undefined;
  } catch (error) {
    const failed = failedConditions(error);
    if (!failed.length) throw error;
    if (failed.includes(0)) return 'planned';
    const claimedAt = 1 + advance.length;
    if (failed.some((i) => i < claimedAt)) return 'sequence';
    return { claimed: failed.map((i) => claims[i - claimedAt]!.itemId) };
  }
}

type RowPuts = { before: Record<string, unknown>[]; item: Record<string, unknown>; after: Record<string, unknown>[] };

/**
 * The rows' own writes in batches: of the rows not `written` yet, every row's other items, then the
 * items themselves (an item found by a later turn means its row was written so far); then every row's
 * render task, and the slice's (`also`).
 */
export async function writeSliceItems(
  rows: readonly (RowPuts & { written: boolean })[],
  also: Record<string, unknown>[] = [],
): Promise<void> {
  const unwritten = rows.filter((row) => !row.written);
  await batchWrite(unwritten.flatMap((row) => row.before));
  await batchWrite(unwritten.map((row) => row.item));
  await batchWrite([...rows.flatMap((row) => row.after), ...also]);
}

/** The slice's counters and what its rows cause, with the plan marked done: once (a plan done already is left). */
export async function commitSlice(batchId: string, slice: string, writes: TransactItems): Promise<void> {
  const all: TransactItems = [
    {
      Update: {
        TableName: tableName,
        Key: keys.importPlan(batchId, slice),
        UpdateExpression: 'SET done = :done',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(done)',
        ExpressionAttributeValues: { ':done': true },
      },
    },
    ...writes,
  ];
  if (all.length > transactionLimit) throw new Error(`a slice's commit of ${all.length} items`);
  try {
    await transactWrite(all);
  } catch (error) {
    if (failedConditions(error).includes(0)) return;
    throw error;
  }
}

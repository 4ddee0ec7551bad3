/**
 * Publications (主动公开): the item, its events and published versions, and the one transaction a
 * step writes (with what it does to the listings, counters, render queue and lateness marker).
 */
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { CatalogueEntry } from '#core/pages/site.ts';
import type { PublicationEvent, PublicationState } from '#core/publication.ts';
import type { CounterChange } from '#core/report-counts.ts';
import type { Position, RenderTarget } from '#core/site-plan.ts';
import { NotAsRead, queryAll, queryPage, tableName, transactWrite } from '#lib/dynamo.ts';
import * as keys from './keys.ts';
import { claimIndexNumber } from './index-numbers.ts';
import { latenessMarkerWrites } from './lateness.ts';
import { listingEntryPut } from './listings.ts';
import { privacyIndex } from './privacy-list.ts';
import { renderTaskItem, renderTaskPut } from './render-queue.ts';
import { advanceSequence, transactStep } from './sequences.ts';
import { counterWrites } from './stats.ts';

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

export interface StoredPublication extends PublicationState {
  id: string;
  agencyId: string;
  version: number;
  createdBy: string;
  updatedAt: string;
  indexNumber?: string;
  /**
   * The agency places a step took, or an import reserved for its row, before the renderer placed
   * every listing (the renderer reads them for such an item); empty for an item published or
   * imported since, whose places the renderer keeps apart (store/listings.ts).
   */
  positions: Position[];
  /** Brought in from the agency's old site by an import (its batch), published with its original dates. */
  imported?: { batchId: string; at: string };
}

export interface StoredPublicationEvent extends PublicationEvent {
  at: string;
}

/** A new draft with its first event, and what its save causes (the privacy function's scan of its attachments). */
export async function createPublication(
  item: StoredPublication,
  event: PublicationEvent,
  also: TransactItems = [],
): Promise<void> {
  await transactWrite([
    {
      Put: {
        TableName: tableName,
        Item: {
          ...keys.publication(item.id),
          ...keys.agencyPublications(item.agencyId, item.updatedAt, item.id),
          ...item,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Put: {
        TableName: tableName,
        Item: { ...keys.publicationEvent(item.id, item.updatedAt, item.version), ...event, at: item.updatedAt },
      },
    },
    ...also,
  ]);
}

export async function getPublication(
  id: string,
): Promise<{ item: StoredPublication; events: StoredPublicationEvent[] } | undefined> {
  const items = await queryAll<Record<string, unknown>>({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.publication(id).pk },
    ConsistentRead: true,
  });
  const item = items.find((i) => i.sk === 'ITEM') as StoredPublication | undefined;
  if (!item) return undefined;
  return {
    item,
    events: items.filter((i) => String(i.sk).startsWith('EVENT#')) as unknown as StoredPublicationEvent[],
  };
}

/** A page of an agency's publications, most recently changed first. */
export function agencyPublicationsPage(agencyId: string, page: { limit: number; cursor?: string }) {
  const { gsi1pk } = keys.agencyPublicationList(agencyId);
  return queryPage<StoredPublication>(
    {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': gsi1pk },
      ScanIndexForward: false,
    },
    { ...page, keyNames: ['pk', 'sk', 'gsi1pk', 'gsi1sk'], partition: ['gsi1pk', gsi1pk] },
  );
}

/** An agency's publications, most recently changed first. */
export const listAgencyPublications = (agencyId: string) =>
  queryAll<StoredPublication>({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.agencyPublicationList(agencyId).gsi1pk },
    ScanIndexForward: false,
  });

/** What a step does to the site's listings, beyond the item itself. */
export interface ListingChange {
  /**
   * Entries to write: only an imported row's, at the places its import's plan reserved before the
   * renderer placed imported rows (the renderer places everything else: renderer/placement.ts).
   */
  put: { position: Position; entry: CatalogueEntry; fresh: boolean }[];
  /** Sequences to move (fresh listing positions, the 索引号): each moves only from the value read. */
  advance: { key: { pk: string; sk: string }; next: number; previous?: number }[];
  /** The 索引号 given now, claimed for the item (fails if another item holds it). */
  claim?: { agencyId: string; indexNumber: string; itemId: string };
}

/**
 * One transaction: the item's new state (only from `expectedVersion`), its event, the published
 * version's snapshot, the 索引号 claim and sequences (an imported row's reserved entries), the report counters and the site's render
 * task. A sequence another step moved first cancels it with SequenceTaken (the caller retries).
 */
export async function recordPublicationStep(options: {
  item: StoredPublication;
  expectedVersion: number;
  next: StoredPublication;
  event: PublicationEvent;
  listings?: ListingChange;
  counters?: CounterChange[];
  render?: RenderTarget[];
  /** Work the step causes, written with it (the privacy function's scan of the attachments). */
  also?: TransactItems;
}): Promise<void> {
  // Not as read: another step moved the version, or the privacy function saved a check (a scan's
  // result, the sweep's check of the published version), which moves none. The step is read again and
  // tried afresh (takingNumbers), answering stale if the version moved; written from the old copy, it
  // would undo the check (`scanning` carried over a check done, which no scan would end; the sweep's
  // findings gone from the reviewer's list).
  await transactStep((await stepWrites(options)).writes, () => new NotAsRead());
}

/**
 * A step's writes: the item (only from `expectedVersion`, or only if new when there is no `item`
 * before), its event, a newly approved version's snapshot, the sequences moved and the 索引号 claimed
 * (at `claimAt`), the listing entries, counters, render task, lateness marker and what else it causes.
 */
async function stepWrites(options: {
  item?: StoredPublication;
  expectedVersion?: number;
  next: StoredPublication;
  event: PublicationEvent;
  listings?: ListingChange;
  counters?: CounterChange[];
  render?: RenderTarget[];
  also?: TransactItems;
}): Promise<{ writes: TransactItems; claimAt: number }> {
  const { item, expectedVersion, next, event, listings, counters, render, also = [] } = options;
  const at = next.updatedAt;
  const {
    gsi1sk: _old,
    gsi2pk: _p2,
    gsi2sk: _s2,
    gsi3pk: _p3,
    gsi3sk: _s3,
    ...stored
  } = next as StoredPublication & Partial<Record<'gsi1sk' | 'gsi2pk' | 'gsi2sk' | 'gsi3pk' | 'gsi3sk', string>>;
  const head: TransactItems = [
    {
      Put: {
        TableName: tableName,
        Item: {
          ...keys.publication(next.id),
          ...keys.agencyPublications(next.agencyId, at, next.id),
          ...privacyIndex(next, at),
          ...stored,
        },
        ...(item ? stepCondition(item, expectedVersion!) : { ConditionExpression: 'attribute_not_exists(pk)' }),
      },
    },
    { Put: { TableName: tableName, Item: { ...keys.publicationEvent(next.id, at, next.version), ...event, at } } },
    ...(next.published && next.published.revision !== item?.published?.revision
      ? [
          {
            Put: {
              TableName: tableName,
              Item: { ...keys.publicationVersion(next.id, next.published.revision), ...next.published },
            },
          },
        ]
      : []),
    ...(listings?.advance ?? []).map(({ key, next: n, previous }) => advanceSequence(key, n, previous)),
  ];
  const writes: TransactItems = [
    ...head,
    ...(listings?.claim
      ? [claimIndexNumber(listings.claim.agencyId, listings.claim.indexNumber, listings.claim.itemId)]
      : []),
    ...(listings?.put ?? []).map(({ position, entry }) => listingEntryPut(position, entry)),
    ...(await counterWrites(next.agencyId, counters ?? [])),
    ...(render?.length ? [renderTaskPut(at, `${next.id}#${next.version}`, render)] : []),
    // A newly approved version carries its own lateness; other steps keep the published one's.
    ...latenessMarkerWrites(
      next.id,
      item?.published?.latenessPendingYear,
      next.published?.revision !== item?.published?.revision
        ? next.published?.latenessPendingYear
        : item?.published?.latenessPendingYear,
    ),
    ...also,
  ];
  return { writes, claimAt: head.length };
}

/**
 * Only from the version read, with its checks as read: each one by its `at` (a scan or the sweep
 * saves a check with a fresh one), each one absent still absent.
 */
function stepCondition(item: StoredPublication, expectedVersion: number) {
  const checks = (['privacy', 'draftCheck'] as const).map((check) =>
    item[check] ? `${check}.#at = :${check}At` : `attribute_not_exists(${check})`,
  );
  return {
    ConditionExpression: ['version = :expected', ...checks].join(' AND '),
    ExpressionAttributeValues: {
      ':expected': expectedVersion,
      ...(item.privacy && { ':privacyAt': item.privacy.at }),
      ...(item.draftCheck && { ':draftCheckAt': item.draftCheck.at }),
    },
    ...((item.privacy || item.draftCheck) && { ExpressionAttributeNames: { '#at': 'at' } }),
  };
}

/**
 * An imported item's own writes, published as it was on the old site, as plain puts for batch
 * writes: its event, version and listing entries at the places it was given (`before`), the item
 * itself, and its render task (`after`: the renderer must find the item). Its sequences, 索引号
 * claim and counters are not among them: the import job writes those in transactions
 * (store/import-slices.ts).
 */
export async function importedItemPuts(options: {
  item: StoredPublication;
  event: PublicationEvent;
  entries: ListingChange['put'];
  render: RenderTarget[];
}): Promise<{ before: Record<string, unknown>[]; item: Record<string, unknown>; after: Record<string, unknown>[] }> {
  const { item, event, entries, render } = options;
  const { writes } = await stepWrites({ next: item, event, listings: { put: entries, advance: [] } });
  const [own, ...rest] = writes.map((write) => {
    if (!write.Put) throw new Error('an imported item writes puts only');
    return { PutRequest: { Item: write.Put.Item } };
  });
  const task = renderTaskItem(item.updatedAt, `${item.id}#${item.version}`, render);
  return { before: rest, item: own!, after: [{ PutRequest: { Item: task } }] };
}

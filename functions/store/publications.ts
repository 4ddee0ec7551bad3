/** Publications (主动公开), their catalogue entries in the site's listings, and the site's render queue. */
import {
  BatchGetCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { CatalogueEntry } from '#core/pages/site.ts';
import { openFindings, type PrivacyFinding, type PrivacyReview } from '#core/privacy.ts';
import type { PublicationEvent, PublicationState, PublishedVersion } from '#core/publication.ts';
import type { CounterChange } from '#core/report-counts.ts';
import { countyListing, type Listing, type Position, type RenderTarget } from '#core/site-plan.ts';
import {
  db,
  failedConditions,
  isConditionFailure,
  queryAll,
  queryPage,
  tableName,
  transactWrite,
} from '#lib/dynamo.ts';
import { errorFields, log } from '#lib/log.ts';
import { randomBytes } from 'node:crypto';
import { keys } from './design.ts';
import { renderTaskItem, renderTaskPut } from './render-queue.ts';
import { jobWrites } from './jobs.ts';
import { counterWrites } from './stats.ts';
import { claimIndexNumber } from './index-numbers.ts';
import { advanceSequence, readSequence, SequenceTaken, transactStep } from './sequences.ts';
import { StaleVersionError } from './stale.ts';

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

export interface StoredPublication extends PublicationState {
  id: string;
  agencyId: string;
  version: number;
  createdBy: string;
  updatedAt: string;
  indexNumber?: string;
  /** Where the published item sits in each listing (empty unless published). */
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
  /** Entries to write, at positions already held or to be taken. */
  put: { position: Position; entry: CatalogueEntry; fresh: boolean }[];
  /** Entries to remove. */
  remove: Position[];
  /** Sequences to move (fresh listing positions, the 索引号): each moves only from the value read. */
  advance: { key: { pk: string; sk: string }; next: number; previous?: number }[];
  /** The 索引号 given now, claimed for the item (fails if another item holds it). */
  claim?: { agencyId: string; indexNumber: string; itemId: string };
}

/**
 * One transaction: the item's new state (only from `expectedVersion`), its event, the published
 * version's snapshot, the listing entries and sequences, the report counters and the site's render
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
  await transactStep((await stepWrites(options)).writes, () => new StaleVersionError());
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
        ...(item
          ? { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } }
          : { ConditionExpression: 'attribute_not_exists(pk)' }),
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
    ...(listings?.remove ?? []).map((position) => ({
      Delete: { TableName: tableName, Key: keys.listingEntry(position.listing, position.seq) },
    })),
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
 * The privacy function's job reading the attachments of a check a step has just started (the
 * review's or the saved draft's) that is still `scanning`: none when there is nothing to read, or
 * when the check is one already being read (a submission taking over the draft's).
 */
export function privacyScanWrites(next: StoredPublication, before: StoredPublication | undefined, by: string) {
  const reading = [before?.privacy, before?.draftCheck].filter((c) => c?.state === 'scanning');
  return [next.privacy, next.draftCheck].flatMap((review) => {
    if (review?.state !== 'scanning' || reading.some((c) => c!.key === review.key && c!.at === review.at)) return [];
    return jobWrites({
      id: randomBytes(8).toString('hex'),
      kind: 'privacyScan',
      params: { publicationId: next.id, key: review.key },
      by,
      agencyId: next.agencyId,
    }).writes;
  });
}

/** A listing's entry; one published on the platform also in the listing's index of what is new. */
export const listingEntryPut = (position: Position, entry: CatalogueEntry) => ({
  Put: {
    TableName: tableName,
    Item: {
      ...keys.listingEntry(position.listing, position.seq),
      ...(!entry.imported && keys.listingFresh(position.listing, position.seq)),
      ...entry,
    },
  },
});

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
  const { writes } = await stepWrites({ next: item, event, listings: { put: entries, remove: [], advance: [] } });
  const [own, ...rest] = writes.map((write) => {
    if (!write.Put) throw new Error('an imported item writes puts only');
    return { PutRequest: { Item: write.Put.Item } };
  });
  const task = renderTaskItem(item.updatedAt, `${item.id}#${item.version}`, render);
  return { before: rest, item: own!, after: [{ PutRequest: { Item: task } }] };
}

/**
 * The sparse index of what a reviewer must look at: an item submitted or on the site with a
 * 个人信息检查 finding open (a draft is the handler's to mend; a withdrawn item is off the site).
 */
function privacyIndex(item: Pick<StoredPublication, 'id' | 'agencyId' | 'status' | 'privacy'>, at: string) {
  const open = item.privacy && openFindings(item.privacy.findings).length > 0;
  return open && item.status !== 'draft' && item.status !== 'withdrawn'
    ? keys.privacyOpen(item.agencyId, at, item.id)
    : {};
}

/**
 * A scan's result saved on its item, with its event: only over the scan it completes (`scanning`
 * under the same key) or, for the sweep, only from the version read; never over a step taken since.
 * `draftCheck` is a saved draft's check (the handler's; never on the reviewer's list).
 */
export async function savePrivacyReview(
  item: StoredPublication,
  review: PrivacyReview,
  event: PublicationEvent,
  over: 'scan' | 'version',
  attribute: 'privacy' | 'draftCheck' = 'privacy',
): Promise<boolean> {
  const at = new Date().toISOString();
  const index = attribute === 'privacy' ? privacyIndex({ ...item, privacy: review }, at) : undefined;
  const set = [`${attribute} = :review`, ...Object.keys(index ?? {}).map((k) => `${k} = :${k}`)];
  const remove = index ? ['gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk'].filter((k) => !(k in index)) : [];
  try {
    await transactWrite([
      {
        Update: {
          TableName: tableName,
          Key: keys.publication(item.id),
          UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
          ConditionExpression:
            over === 'scan' ? `${attribute}.#key = :key AND ${attribute}.#state = :scanning` : 'version = :version',
          ...(over === 'scan' && { ExpressionAttributeNames: { '#key': 'key', '#state': 'state' } }),
          ExpressionAttributeValues: {
            ':review': review,
            ...Object.fromEntries(Object.entries(index ?? {}).map(([k, v]) => [`:${k}`, v])),
            ...(over === 'scan' ? { ':key': review.key, ':scanning': 'scanning' } : { ':version': item.version }),
          },
        },
      },
      {
        Put: {
          TableName: tableName,
          Item: { ...keys.publicationEvent(item.id, at, item.version), ...event, at },
        },
      },
    ]);
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export interface PrivacyListEntry {
  id: string;
  agencyId: string;
  title: string;
  status: PublicationState['status'];
  privacy: PrivacyReview;
  published?: Pick<PublishedVersion, 'publishedOn'>;
}

/** A page of the items with a finding open: one agency's, or the county's (every agency's), newest first. */
export function privacyOpenPage(agencyId: string | 'county', page: { limit: number; cursor?: string }) {
  const [index, name, value] =
    agencyId === 'county'
      ? (['gsi3', 'gsi3pk', keys.countyPrivacyList().gsi3pk] as const)
      : (['gsi2', 'gsi2pk', keys.agencyPrivacyList(agencyId).gsi2pk] as const);
  return queryPage<StoredPublication>(
    {
      IndexName: index,
      KeyConditionExpression: `${name} = :pk`,
      ExpressionAttributeValues: { ':pk': value },
      ScanIndexForward: false,
    },
    { ...page, keyNames: ['pk', 'sk', name, `${name.slice(0, 4)}sk`], partition: [name, value] },
  );
}

/** Keeps the marker of a lateness waiting for a calendar year in step with the published version. */
function latenessMarkerWrites(id: string, was: number | undefined, is: number | undefined): TransactItems {
  if (was === is) return [];
  return [
    ...(was ? [{ Delete: { TableName: tableName, Key: keys.latenessPending(was, id) } }] : []),
    ...(is ? [{ Put: { TableName: tableName, Item: { ...keys.latenessPending(is, id), id } } }] : []),
  ];
}

/** Publications whose lateness waits for a calendar year, earliest year first: one bounded page. */
export async function listLatenessPending(limit: number): Promise<{ year: number; id: string }[]> {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.latenessPending(0, '').pk },
      Limit: limit,
    }),
  );
  return Items.map((i) => ({ year: Number(String(i.sk).split('#')[0]), id: i.id as string }));
}

/**
 * A pending lateness judged now that its year's calendar is entered: the item (only from the version
 * read) and its version snapshot, its event, the late counter if it was late, the marker moved or gone.
 */
export async function recordLatenessJudged(
  item: StoredPublication,
  judged: PublishedVersion,
  event: PublicationEvent,
  counters: CounterChange[],
): Promise<void> {
  const at = new Date().toISOString();
  const version = item.version + 1;
  await transactStep(
    [
      {
        Update: {
          TableName: tableName,
          Key: keys.publication(item.id),
          UpdateExpression: 'SET published = :published, version = :version',
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':published': judged, ':version': version, ':expected': item.version },
        },
      },
      { Put: { TableName: tableName, Item: { ...keys.publicationVersion(item.id, judged.revision), ...judged } } },
      { Put: { TableName: tableName, Item: { ...keys.publicationEvent(item.id, at, version), ...event, at } } },
      ...(await counterWrites(item.agencyId, counters)),
      ...latenessMarkerWrites(item.id, item.published?.latenessPendingYear, judged.latenessPendingYear),
    ],
    () => new StaleVersionError(),
  );
}

// --- The county listing: placed by the renderer, the only writer of its sequence ----------------------

/** The item's place in the county listing: held, or given up (`gone`, kept so a retried render knows which files to rewrite). */
export async function getCountyPosition(id: string): Promise<{ seq: number; gone?: true } | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.countyPosition(id), ConsistentRead: true }),
  );
  return Item && { seq: Item.seq as number, ...(Item.gone && { gone: true as const }) };
}

/**
 * The item's entry in the county listing, at the place it holds, or at the next one (taken only
 * from the sequence's value read: SequenceTaken if another renderer took it first); with the
 * search index's note that the position changed.
 */
export async function placeInCounty(
  id: string,
  entry: CatalogueEntry,
  place: { seq: number; fresh: boolean },
): Promise<void> {
  const { seq, fresh } = place;
  try {
    await transactWrite([
      listingEntryPut({ listing: countyListing, seq }, entry),
      searchDeltaWrite({ changed: seq }),
      ...(fresh
        ? [
            advanceSequence(keys.listingSequence(countyListing), seq),
            {
              Put: {
                TableName: tableName,
                Item: { ...keys.countyPosition(id), seq },
                ConditionExpression: 'attribute_not_exists(pk) OR gone = :gone',
                ExpressionAttributeValues: { ':gone': true },
              },
            },
          ]
        : []),
    ]);
  } catch (error) {
    if (failedConditions(error).length) throw new SequenceTaken();
    throw error;
  }
}

/** The item leaves the county listing (withdrawn): its entry goes, its place is marked given up, with the search index's note. */
export async function removeFromCounty(id: string, seq: number): Promise<void> {
  await transactWrite([
    { Delete: { TableName: tableName, Key: keys.listingEntry(countyListing, seq) } },
    { Put: { TableName: tableName, Item: { ...keys.countyPosition(id), seq, gone: true } } },
    searchDeltaWrite({ removed: seq }),
  ]);
}

export const readListingSequence = (listing: Listing) => readSequence(keys.listingSequence(listing));
export const listingSequenceKey = (listing: Listing) => keys.listingSequence(listing);
export const readIndexSequence = (agencyId: string, year: number) => readSequence(keys.indexSequence(agencyId, year));
export const indexSequenceKey = (agencyId: string, year: number) => keys.indexSequence(agencyId, year);

/** A listing item as the entry it holds, with its position: the table's keys (its place, the fresh index's) stay behind. */
function entryOf(item: Record<string, unknown>): CatalogueEntry & { seq: number } {
  const { pk: _pk, sk, gsi1pk: _gsi1pk, gsi1sk: _gsi1sk, ...entry } = item;
  return { ...(entry as unknown as CatalogueEntry), seq: Number(String(sk).slice(2)) };
}

/** A listing's entries with positions `from`..`to`, oldest first. */
export async function listingEntries(
  listing: Listing,
  from: number,
  to: number,
): Promise<(CatalogueEntry & { seq: number })[]> {
  if (to < from) return [];
  const items = await queryAll<Record<string, unknown>>({
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': keys.listingEntry(listing, 0).pk,
      ':from': keys.listingEntry(listing, from).sk,
      ':to': keys.listingEntry(listing, to).sk,
    },
  });
  return items.map(entryOf);
}

/**
 * A listing's newest `count` entries, newest first; `fresh`: only those published on the platform
 * (feeds and homes: imported history is not news).
 */
export async function newestEntries(listing: Listing, count: number, fresh = false): Promise<CatalogueEntry[]> {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      ...(fresh
        ? {
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk',
            ExpressionAttributeValues: { ':pk': keys.listingFresh(listing, 0).gsi1pk },
          }
        : {
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
            ExpressionAttributeValues: { ':pk': keys.listingEntry(listing, 0).pk, ':e': 'E#' },
          }),
      ScanIndexForward: false,
      Limit: count,
    }),
  );
  return Items.map(entryOf);
}

// --- The agency's edited pages (指南, 制度) ---------------------------------------------------------

export async function getAgencyPage(
  agencyId: string,
  page: string,
): Promise<{ html: string; version: number; privacy?: PrivacyFinding[] } | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.agencyPage(agencyId, page), ConsistentRead: true }),
  );
  return Item as { html: string; version: number; privacy?: PrivacyFinding[] } | undefined;
}

/**
 * An agency's first guide and rules, drafted from the regulation and its settings when it is set up:
 * stored as its own pages (version 1, by the system), never over one already written.
 */
export async function draftAgencyPages(
  agencyId: string,
  pages: { page: 'guide' | 'rules'; html: string }[],
): Promise<void> {
  const at = new Date().toISOString();
  for (const { page, html } of pages) {
    await db
      .send(
        new PutCommand({
          TableName: tableName,
          Item: { ...keys.agencyPage(agencyId, page), html, version: 1, updatedBy: '系统', updatedAt: at },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error;
      });
  }
}

/** Saves the page if still at `expectedVersion`, with its render task; false if someone saved first. */
export async function saveAgencyPage(
  agencyId: string,
  page: string,
  html: string,
  expectedVersion: number,
  by: string,
  render: RenderTarget[],
  /** Its 个人信息检查: what was found, each acknowledged with its reason (kept with the page as its record). */
  privacy: PrivacyFinding[] = [],
): Promise<number | false> {
  const at = new Date().toISOString();
  try {
    await transactWrite([
      {
        Put: {
          TableName: tableName,
          Item: {
            ...keys.agencyPage(agencyId, page),
            html,
            version: expectedVersion + 1,
            ...(privacy.length && { privacy }),
            updatedBy: by,
            updatedAt: at,
          },
          ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
          ...(expectedVersion > 0 && { ExpressionAttributeValues: { ':expected': expectedVersion } }),
        },
      },
      renderTaskPut(at, `${agencyId}#${page}`, render),
    ]);
    return expectedVersion + 1;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

// --- The render queue --------------------------------------------------------------------------

export interface RenderTask {
  sk: string;
  targets: RenderTarget[];
  /** The request that caused it (older tasks have none). */
  requestId?: string;
}

/** The oldest waiting tasks, at most `limit` (the renderer works the queue a round at a time). */
export async function listRenderTasks(limit: number): Promise<RenderTask[]> {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :task)',
      ExpressionAttributeValues: { ':pk': 'RENDER', ':task': 'TASK#' },
      ConsistentRead: true,
      Limit: limit,
    }),
  );
  return Items as RenderTask[];
}

export const addRenderTask = (id: string, targets: RenderTarget[]) =>
  db.send(new PutCommand(renderTaskPut(new Date().toISOString(), id, targets).Put));

/**
 * Wakes the renderer (in AWS every new task is a stream record that invokes it): a task with
 * nothing to render, so that the renderer works whatever waits before it.
 */
export const nudgeRenderer = (why: string) => addRenderTask(`nudge-${why}`, []);

export const deleteRenderTask = (sk: string) =>
  db.send(new DeleteCommand({ TableName: tableName, Key: { pk: 'RENDER', sk } }));

const lockSeconds = 60;

/** One renderer at a time: a lease that lapses if its holder dies (or stops renewing it). */
export async function takeRenderLock(owner: string): Promise<boolean> {
  const now = Math.floor(Date.now() / 1000);
  try {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...keys.renderLock(), owner, until: now + lockSeconds },
        ConditionExpression: 'attribute_not_exists(pk) OR #until < :now OR #owner = :owner',
        ExpressionAttributeNames: { '#until': 'until', '#owner': 'owner' },
        ExpressionAttributeValues: { ':now': now, ':owner': owner },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export const releaseRenderLock = (owner: string) =>
  db
    .send(
      new DeleteCommand({
        TableName: tableName,
        Key: keys.renderLock(),
        ConditionExpression: '#owner = :owner',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':owner': owner },
      }),
    )
    // Not fatal: the lease expires by itself. Logged so a pattern of failures shows.
    .catch((error: unknown) => log.warn('render lock release failed', errorFields(error)));

export { getSiteUrl, putSiteUrl } from './site-config.ts';

// --- The search index's changes since the base: all of them, those already in the recent tier -----

/**
 * One step's change to the search: the item's county-wide position changed (or withdrawn). It leaves
 * the recent tier's set (a newer version waits in the delta), and the version counter moves, so a
 * rebuild of the recent tier that read the changes before this one does not claim it.
 */
function searchDeltaWrite({ changed, removed }: { changed?: number; removed?: number }) {
  return {
    Update: {
      TableName: tableName,
      Key: keys.searchDelta(),
      UpdateExpression:
        changed !== undefined
          ? 'ADD changed :seq, v :one DELETE promoted :seq'
          : 'ADD removed :seq, v :one DELETE changed :seq, promoted :seq',
      ExpressionAttributeValues: { ':seq': new Set([changed ?? removed!]), ':one': 1 },
    },
  };
}

export interface SearchChanges {
  /** Positions published or revised since the base, and withdrawn since. */
  changed: number[];
  removed: number[];
  /** Of those, the ones the recent tier already holds as they are. */
  promoted: number[];
  /** Moves with every step: a claim on the changes read is made only from this value. */
  v: number;
}

export async function readSearchDelta(): Promise<SearchChanges> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.searchDelta(), ConsistentRead: true }),
  );
  const list = (name: string) => [...((Item?.[name] as Set<number> | undefined) ?? [])];
  return { changed: list('changed'), removed: list('removed'), promoted: list('promoted'), v: Number(Item?.v ?? 0) };
}

/** Records that the recent tier now holds every change read (false: a step came between, nothing recorded). */
export async function markPromoted(read: SearchChanges): Promise<boolean> {
  const all = [...read.changed, ...read.removed];
  if (!all.length) return true;
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.searchDelta(),
        UpdateExpression: 'ADD promoted :all',
        ConditionExpression: read.v ? 'v = :v' : 'attribute_not_exists(v)',
        ExpressionAttributeValues: { ':all': new Set(all), ...(read.v && { ':v': read.v }) },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** After a new base built from the changes read: forget them, unless a step came between (then the next fold does). */
export async function clearSearchDelta(read: SearchChanges): Promise<boolean> {
  if (!read.changed.length && !read.removed.length && !read.promoted.length) return true;
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.searchDelta(),
        UpdateExpression: 'REMOVE changed, removed, promoted',
        ConditionExpression: read.v ? 'v = :v' : 'attribute_not_exists(v)',
        ...(read.v && { ExpressionAttributeValues: { ':v': read.v } }),
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** County listing entries at the given positions (those still there). */
export async function countyEntriesAt(seqs: number[]): Promise<(CatalogueEntry & { seq: number })[]> {
  const out: (CatalogueEntry & { seq: number })[] = [];
  for (let i = 0; i < seqs.length; i += 100) {
    let keysLeft: Record<string, unknown>[] | undefined = seqs
      .slice(i, i + 100)
      .map((seq) => keys.listingEntry('county', seq));
    while (keysLeft?.length) {
      const { Responses, UnprocessedKeys } = await db.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keysLeft } } }),
      );
      for (const item of Responses?.[tableName] ?? []) out.push(entryOf(item));
      keysLeft = UnprocessedKeys?.[tableName]?.Keys as Record<string, unknown>[] | undefined;
    }
  }
  return out;
}

/**
 * The site's listings: their entries in order, their sequences, and the places the renderer keeps
 * for each item (the county's, its agency's and its category's).
 */
import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CatalogueEntry } from '#core/pages/site.ts';
import { countyListing, type Listing, type Position } from '#core/site-plan.ts';
import { db, failedConditions, queryAll, tableName, transactWrite } from '#lib/dynamo.ts';
import * as keys from './keys.ts';
import { searchDeltaWrite } from './search-delta.ts';
import { advanceSequence, readSequence, SequenceTaken } from './sequences.ts';

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
 * An item's place in one listing: held (`seq`), or given up (`gone`, kept so that every later render
 * of the item rewrites the files that listed it there).
 */
export interface Place {
  seq: number;
  gone?: true;
}

/** Where the item's place in `listing` is kept: the county's under its own key, the others by listing. */
const placeKey = (id: string, listing: Listing) =>
  listing === countyListing ? keys.countyPosition(id) : keys.listingPlace(id, listing);

const placeOf = (item: Record<string, unknown>): Place => ({
  seq: item.seq as number,
  ...(item.gone === true && { gone: true as const }),
});

/** The places the renderer has kept for the item, by listing (the county's, its agency's, its categories'). */
export async function getPlaces(id: string): Promise<Map<Listing, Place>> {
  const [{ Item: county }, others] = await Promise.all([
    db.send(new GetCommand({ TableName: tableName, Key: keys.countyPosition(id), ConsistentRead: true })),
    queryAll<Record<string, unknown>>({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :place)',
      ExpressionAttributeValues: { ':pk': keys.listingPlace(id, '').pk, ':place': keys.listingPlace(id, '').sk },
      ConsistentRead: true,
    }),
  ]);
  const places = new Map<Listing, Place>();
  if (county) places.set(countyListing, placeOf(county));
  for (const item of others)
    places.set(String(item.sk).slice(keys.listingPlace(id, '').sk.length) as Listing, placeOf(item));
  return places;
}

/** What one render does to an item's places: its entry written (at a place held, or at the next one), entries given up. */
export interface PlaceChange {
  entry?: CatalogueEntry;
  put: { listing: Listing; seq: number; fresh: boolean }[];
  remove: { listing: Listing; seq: number }[];
}

/**
 * One transaction: the item's entries at the places it holds or takes (a fresh place only from the
 * sequence's value read: SequenceTaken if another writer moved it first), the entries it gives up
 * (their places marked gone), and the search index's note of the county's.
 */
export async function placeItem(id: string, change: PlaceChange): Promise<void> {
  const { entry } = change;
  if (change.put.length && !entry) throw new Error('an item placed needs its entry');
  const inCounty = (listing: Listing) => listing === countyListing;
  try {
    await transactWrite([
      ...change.put.flatMap(({ listing, seq, fresh }) => [
        listingEntryPut({ listing, seq }, entry!),
        ...(inCounty(listing) ? [searchDeltaWrite({ changed: seq })] : []),
        ...(fresh
          ? [
              advanceSequence(keys.listingSequence(listing), seq),
              {
                Put: {
                  TableName: tableName,
                  Item: { ...placeKey(id, listing), seq },
                  ConditionExpression: 'attribute_not_exists(pk) OR gone = :gone',
                  ExpressionAttributeValues: { ':gone': true },
                },
              },
            ]
          : []),
      ]),
      ...change.remove.flatMap(({ listing, seq }) => [
        { Delete: { TableName: tableName, Key: keys.listingEntry(listing, seq) } },
        { Put: { TableName: tableName, Item: { ...placeKey(id, listing), seq, gone: true } } },
        ...(inCounty(listing) ? [searchDeltaWrite({ removed: seq })] : []),
      ]),
    ]);
  } catch (error) {
    if (failedConditions(error).length) throw new SequenceTaken();
    throw error;
  }
}

export const readListingSequence = (listing: Listing) => readSequence(keys.listingSequence(listing));
export const listingSequenceKey = (listing: Listing) => keys.listingSequence(listing);
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

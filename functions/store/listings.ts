/**
 * The site's listings: their entries in order, their sequences, and the county listing's places
 * (placed by the renderer, the only writer of its sequence).
 */
import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CatalogueEntry } from '#core/pages/site.ts';
import { countyListing, type Listing, type Position } from '#core/site-plan.ts';
import { db, failedConditions, queryAll, tableName, transactWrite } from '#lib/dynamo.ts';
import { keys } from './design.ts';
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

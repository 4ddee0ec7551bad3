/**
 * 个人信息检查's own records: how far the sweep over what was published before the guard has read
 * the county listing, and the items it reads there; the applicant's own numbers, which the check of
 * the files given to them leaves out.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { countyListing } from '#core/site-plan.ts';
import { batchGet, db, tableName } from '#lib/dynamo.ts';
import * as keys from './keys.ts';
import { listingEntries, readListingSequence } from './listings.ts';
import type { StoredPublication } from './publications.ts';

/**
 * The sweep's place: the last county-listing position it read, under the rules of `rules` (the
 * scanner's and the 表述检查 dictionary's versions; a place kept under others starts again).
 */
export interface SweepPlace {
  after: number;
  rules: string;
}

export async function getSweepPlace(): Promise<SweepPlace | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.privacySweep(), ConsistentRead: true }),
  );
  return Item && { after: Item.after as number, rules: String(Item.rules) };
}

export const putSweepPlace = (place: SweepPlace) =>
  db.send(new PutCommand({ TableName: tableName, Item: { ...keys.privacySweep(), ...place } }));

/** The applicant's own identity number and phone (nothing else of the application is read). */
export async function applicantNumbers(receiptNumber: string): Promise<string[]> {
  const { Item } = await db.send(
    new GetCommand({
      TableName: tableName,
      Key: keys.application(receiptNumber),
      ProjectionExpression: 'applicant.idNumber, applicant.phone',
    }),
  );
  const applicant = (Item?.applicant ?? {}) as { idNumber?: string; phone?: string };
  return [applicant.idNumber, applicant.phone].filter((n): n is string => Boolean(n));
}

/**
 * The next `count` published items after position `after` in the county listing (every agency's
 * items, in the order they were first published), and the last position read; `end` once none is left.
 */
export async function publishedAfter(
  after: number,
  count: number,
): Promise<{ items: StoredPublication[]; last: number; end: boolean }> {
  const head = await readListingSequence(countyListing);
  const last = Math.min(head, after + count);
  const entries = await listingEntries(countyListing, after + 1, last);
  const items = (await batchGet(entries.map((e) => keys.publication(e.itemId)))) as unknown as StoredPublication[];
  return { items, last, end: last >= head };
}

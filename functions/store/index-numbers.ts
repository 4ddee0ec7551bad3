/**
 * Each 索引号 held by one item of its agency: a claim written with the step that gives the number
 * (an approval, or an import keeping the old site's number), and the agency's rule passing over any
 * number a kept one already holds.
 */
import { GetCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { batchGet, db, tableName } from '#lib/dynamo.ts';
import * as keys from './keys.ts';
import { readSequence } from './sequences.ts';

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

/** The transaction item claiming a 索引号 for an item: fails if another item holds it. */
export const claimIndexNumber = (agencyId: string, indexNumber: string, itemId: string): TransactItems[number] => ({
  Put: {
    TableName: tableName,
    Item: { ...keys.indexClaim(agencyId, indexNumber), itemId },
    ConditionExpression: 'attribute_not_exists(pk) OR itemId = :id',
    ExpressionAttributeValues: { ':id': itemId },
  },
});

/**
 * The agency's next free 索引号 of a year by its rule: the sequence's next number, passing over any
 * an imported item already holds. `previous` is the sequence as read (the transaction moves it from there).
 */
export async function freeIndexNumber(
  agencyId: string,
  year: number,
  format: (sequence: number) => string,
): Promise<{ indexNumber: string; next: number; previous: number }> {
  const previous = await readSequence(keys.indexSequence(agencyId, year));
  for (let from = previous + 1; ; from += 10) {
    const candidates = Array.from({ length: 10 }, (_, i) => ({ seq: from + i, indexNumber: format(from + i) }));
    for (const candidate of candidates) {
      const { Item } = await db.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.indexClaim(agencyId, candidate.indexNumber),
          ConsistentRead: true,
        }),
      );
      if (!Item) return { indexNumber: candidate.indexNumber, next: candidate.seq, previous };
    }
  }
}

/**
 * `count` free 索引号 of an agency's year by its rule, in order (an import's slice of rows): the
 * sequence's next numbers, passing over any an item already holds or `passOver` names (numbers rows
 * of the same slice keep), read a batch at a time. `next` is where the sequence moves, from `previous`.
 */
export async function freeIndexNumbers(
  agencyId: string,
  year: number,
  count: number,
  format: (sequence: number) => string,
  passOver: ReadonlySet<string> = new Set(),
): Promise<{ numbers: string[]; next: number; previous: number }> {
  const previous = await readSequence(keys.indexSequence(agencyId, year));
  const numbers: string[] = [];
  let next = previous;
  while (numbers.length < count) {
    const candidates = Array.from({ length: count - numbers.length + 5 }, (_, i) => ({
      seq: next + 1 + i,
      indexNumber: format(next + 1 + i),
    }));
    const held = new Set(
      (
        await batchGet(
          candidates.map((c) => keys.indexClaim(agencyId, c.indexNumber)),
          ['sk'],
        )
      ).map((i) => i.sk),
    );
    for (const candidate of candidates) {
      if (numbers.length === count) break;
      next = candidate.seq;
      if (!held.has(candidate.indexNumber) && !passOver.has(candidate.indexNumber)) numbers.push(candidate.indexNumber);
    }
  }
  return { numbers, next, previous };
}

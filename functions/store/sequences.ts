/**
 * Gapless sequences (letter numbers, 索引号, listing positions): read the current value, then move it
 * to the next inside the transaction that uses the number, on condition that it has not moved. If
 * another transaction took the number first, the caller reads again and retries.
 */
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { db, failedConditions, tableName } from '#lib/dynamo.ts';

type Key = { pk: string; sk: string };

export async function readSequence(key: Key): Promise<number> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  return (Item?.seq as number | undefined) ?? 0;
}

/** The transaction item that moves the sequence at `key` to `next` (only from `next - 1`). */
export const advanceSequence = (key: Key, next: number) => ({
  Update: {
    TableName: tableName,
    Key: key,
    UpdateExpression: 'SET seq = :seq',
    ConditionExpression: next === 1 ? 'attribute_not_exists(seq)' : 'seq = :previous',
    ExpressionAttributeValues: { ':seq': next, ...(next > 1 && { ':previous': next - 1 }) },
  },
});

/** A transaction cancelled because a sequence had moved: the caller retries with fresh numbers. */
export class SequenceTaken extends Error {}

/**
 * Writes a step whose first item is the record guarded by its version: that item failing its
 * condition is `stale()`; any other item failing is a sequence another step moved first.
 */
export async function transactStep(items: NonNullable<TransactWriteCommandInput['TransactItems']>, stale: () => Error): Promise<void> {
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    const failed = failedConditions(error);
    if (failed.includes(0)) throw stale();
    if (failed.length) throw new SequenceTaken();
    throw error;
  }
}

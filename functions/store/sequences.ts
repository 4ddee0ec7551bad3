/**
 * Gapless sequences (letter numbers, 索引号, listing positions): read the current value, then move it
 * to the next inside the transaction that uses the number, on condition that it has not moved. If
 * another transaction took the number first, the caller reads again and retries.
 */
import { GetCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { db, failedConditions, NotAsRead, tableName, transactWrite, WriteContention } from '#lib/dynamo.ts';
import { withRetries, type Backoff } from '#lib/retry.ts';

type Key = { pk: string; sk: string };

export async function readSequence(key: Key): Promise<number> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  return (Item?.seq as number | undefined) ?? 0;
}

/** The transaction item that moves the sequence at `key` to `next` (only from `previous`, by default `next - 1`). */
export const advanceSequence = (key: Key, next: number, previous = next - 1) => ({
  Update: {
    TableName: tableName,
    Key: key,
    UpdateExpression: 'SET seq = :seq',
    ConditionExpression: previous === 0 ? 'attribute_not_exists(seq)' : 'seq = :previous',
    ExpressionAttributeValues: { ':seq': next, ...(previous > 0 && { ':previous': previous }) },
  },
});

/** A transaction cancelled because a sequence had moved: the caller retries with fresh numbers. */
export class SequenceTaken extends Error {
  constructor() {
    super('a sequence moved before the transaction');
    this.name = 'SequenceTaken';
  }
}

// Each round one contender wins the number; short jittered waits let a few dozen through in a few
// seconds, and a request keeps contending while it has time (withRetries, mayRetryLonger).
const sequenceBackoff: Backoff = { attempts: 16, baseMs: 20, capMs: 400 };

/**
 * Runs a step that takes sequence numbers until it takes them first: `attempt` reads the sequences
 * (and its record: NotAsRead, a part of it moved without its version) afresh each time. Still losing
 * after the last attempt is contention the caller may retry later.
 */
export const takingNumbers = <T>(attempt: () => Promise<T>): Promise<T> =>
  withRetries(
    attempt,
    (error) => error instanceof SequenceTaken || error instanceof NotAsRead,
    sequenceBackoff,
    (error) => new WriteContention(error),
  );

/**
 * Writes a step whose first item is the record guarded by its version: that item failing its
 * condition is `stale()`; any other item failing is a sequence another step moved first.
 */
export async function transactStep(
  items: NonNullable<TransactWriteCommandInput['TransactItems']>,
  stale: () => Error,
): Promise<void> {
  try {
    await transactWrite(items);
  } catch (error) {
    const failed = failedConditions(error);
    if (failed.includes(0)) throw stale();
    if (failed.length) throw new SequenceTaken();
    throw error;
  }
}

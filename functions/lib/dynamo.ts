import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DynamoDBDocumentClient,
  QueryCommand,
  TransactWriteCommand,
  type QueryCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { config } from './config.ts';
import { BadCursorError, isTransientConflict, WriteContention } from './dynamo-errors.ts';
import { refuseAfterAnswer } from './request-scope.ts';
import { jitteredDelay, sleep, withRetries, type Backoff } from './retry.ts';

export {
  BadCursorError,
  conditionHeld,
  failedConditions,
  isConditionFailure,
  WriteContention,
} from './dynamo-errors.ts';

// The endpoint comes from AWS_ENDPOINT_URL_DYNAMODB when set (the local stack); nothing else differs.
export const db = DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 2 }), {
  marshallOptions: { removeUndefinedValues: true },
});
refuseAfterAnswer(db);
export const tableName = config.table();

/** Where a page ended, as an opaque string for `?cursor=` (the key DynamoDB continues from). */
export const encodeCursor = (key: Record<string, unknown>) => Buffer.from(JSON.stringify(key)).toString('base64url');

/**
 * The key a cursor stands for, if it names exactly `names` (all strings) and lies in the partition
 * being read: a cursor cannot be turned into a read of another list.
 */
export function decodeCursor(
  cursor: string,
  names: string[],
  partition: [name: string, value: string],
): Record<string, string> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new BadCursorError();
  }
  const record = key as Record<string, unknown>;
  const valid =
    typeof key === 'object' &&
    key !== null &&
    !Array.isArray(key) &&
    Object.keys(record).length === names.length &&
    names.every((name) => typeof record[name] === 'string') &&
    record[partition[0]] === partition[1];
  if (!valid) throw new BadCursorError();
  return record as Record<string, string>;
}

/** One page of a query: at most `limit` items, and the cursor of the next page (null at the end). */
export async function queryPage<T>(
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey' | 'Limit'>,
  page: { limit: number; cursor?: string; keyNames: string[]; partition: [name: string, value: string] },
): Promise<{ items: T[]; next: string | null }> {
  const start = page.cursor ? decodeCursor(page.cursor, page.keyNames, page.partition) : undefined;
  const result = await db.send(
    new QueryCommand({ ...input, TableName: tableName, Limit: page.limit, ExclusiveStartKey: start }),
  );
  return {
    items: (result.Items ?? []) as T[],
    next: result.LastEvaluatedKey ? encodeCursor(result.LastEvaluatedKey) : null,
  };
}

/** Every item a query matches, following pagination. */
export async function queryAll<T>(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<T[]> {
  const items: T[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new QueryCommand({ ...input, TableName: tableName, ExclusiveStartKey }));
    items.push(...((page.Items ?? []) as T[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

// About 2 s of waiting at most: well inside the API's timeout, long enough for dozens of contenders.
const conflictBackoff: Backoff = { attempts: 10, baseMs: 10, capMs: 400 };

/**
 * One transaction, retried with jittered back-off while it only conflicts with concurrent writes.
 * A cancelled transaction applied nothing, so each attempt is all or nothing.
 */
export async function transactWrite(items: NonNullable<TransactWriteCommandInput['TransactItems']>): Promise<void> {
  await withRetries(
    () => db.send(new TransactWriteCommand({ TransactItems: items })),
    isTransientConflict,
    conflictBackoff,
    (error) => new WriteContention(error),
  );
}

/**
 * A write made from a copy read earlier found the record not as read: its version moved, or a part
 * that other writers move without the version (a check a scan saved, settings saved apart, rows
 * counted as they are staged).
 */
export class NotAsRead extends Error {
  constructor() {
    super('the record moved since it was read');
    this.name = 'NotAsRead';
  }
}

// Such parts are saved by hand or by one job: a write crossing one needs a second try, seldom a third.
const notAsReadBackoff: Backoff = { attempts: 4, baseMs: 20, capMs: 200 };

/**
 * Writes from the record as the caller read and checked it (`first`); when the write throws
 * NotAsRead, reads it again and, while `current` holds of the fresh copy (its version as first read,
 * so the caller's checks stand), writes afresh from that copy, never putting back the parts moved
 * meanwhile. Once the version has moved, or the record is gone, the answer is `moved` (stale).
 */
export function writeFromFreshRead<R, T>(
  first: R,
  options: {
    reread: () => Promise<R | undefined>;
    current: (read: R) => boolean;
    write: (read: R) => Promise<T>;
    moved: T;
  },
): Promise<T> {
  return withRetries(
    async (attempt) => {
      const read = attempt === 1 ? first : await options.reread();
      return read && options.current(read) ? options.write(read) : options.moved;
    },
    (error) => error instanceof NotAsRead,
    notAsReadBackoff,
    (error) => new WriteContention(error),
  );
}

const unprocessedBackoff: Backoff = { attempts: 8, baseMs: 50, capMs: 2000 };
/** What a batch left unprocessed after every retry: throttled, so the request answers 503. */
const throttled = () =>
  Object.assign(new Error('batch request left items unprocessed'), { name: 'ProvisionedThroughputExceededException' });

/**
 * The items with these keys (100 a request), retrying what DynamoDB leaves unprocessed; missing ones
 * are absent. `attributes`: only these of each (whether items exist, without reading their bodies).
 */
export async function batchGet(
  keys: Record<string, unknown>[],
  attributes?: string[],
): Promise<Record<string, unknown>[]> {
  const projection = attributes && {
    ProjectionExpression: attributes.map((_, i) => `#a${i}`).join(', '),
    ExpressionAttributeNames: Object.fromEntries(attributes.map((name, i) => [`#a${i}`, name])),
  };
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Record<string, unknown>[] = keys.slice(i, i + 100);
    for (let n = 1; pending.length; n++) {
      if (n > unprocessedBackoff.attempts) throw throttled();
      if (n > 1) await sleep(jitteredDelay(n, unprocessedBackoff));
      const { Responses = {}, UnprocessedKeys } = await db.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ...projection } } }),
      );
      items.push(...(Responses[tableName] ?? []));
      pending = (UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return items;
}

/** Puts and deletes, 25 a request (each key once per batch), retrying what DynamoDB leaves unprocessed. */
export async function batchWrite(requests: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < requests.length; i += 25) {
    let pending = requests.slice(i, i + 25);
    for (let n = 1; pending.length; n++) {
      if (n > unprocessedBackoff.attempts) throw throttled();
      if (n > 1) await sleep(jitteredDelay(n, unprocessedBackoff));
      const { UnprocessedItems } = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (UnprocessedItems?.[tableName] ?? []) as Record<string, unknown>[];
    }
  }
}

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, TransactWriteCommand, type QueryCommandInput, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { env, requireEnv } from './config.ts';
import { isTransientConflict, WriteContention } from './dynamo-errors.ts';
import { withRetries, type Backoff } from './retry.ts';

export { failedConditions, isConditionFailure, WriteContention } from './dynamo-errors.ts';

// The endpoint comes from AWS_ENDPOINT_URL_DYNAMODB when set (the local stack); nothing else differs.
export const db = DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 2 }), {
  marshallOptions: { removeUndefinedValues: true },
});
export const tableName = requireEnv(env.table);

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

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { env, requireEnv } from './config.ts';

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

/** A conditional write (alone or in a transaction) that failed its condition. */
export const isConditionFailure = (error: unknown) =>
  (error as Error).name === 'ConditionalCheckFailedException' ||
  ((error as Error).name === 'TransactionCanceledException' && String((error as Error).message).includes('ConditionalCheckFailed'));

/** Which items of a cancelled transaction failed their condition (by position); empty for other errors. */
export const failedConditions = (error: unknown): number[] =>
  ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [])
    .flatMap((reason, i) => (reason.Code === 'ConditionalCheckFailed' ? [i] : []));

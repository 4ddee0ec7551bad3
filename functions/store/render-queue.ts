/**
 * How far the site's renderer is behind: the render tasks waiting, counted by key only and up to a
 * cap, so a progress line costs the same whatever the queue holds.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '#lib/dynamo.ts';

export async function renderTasksWaiting(cap: number): Promise<{ count: number; more: boolean }> {
  const { Count = 0, LastEvaluatedKey } = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :task)',
      ExpressionAttributeValues: { ':pk': 'RENDER', ':task': 'TASK#' },
      Select: 'COUNT',
      Limit: cap,
    }),
  );
  return { count: Count, more: Boolean(LastEvaluatedKey) };
}

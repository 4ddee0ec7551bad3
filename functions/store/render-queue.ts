/**
 * The render queue's writes and how far the renderer is behind: the render tasks waiting, counted by
 * key only and up to a cap, so a progress line costs the same whatever the queue holds.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { RenderTarget } from '#core/site-plan.ts';
import { db, tableName } from '#lib/dynamo.ts';
import { requestTrace } from '#lib/log.ts';
import { keys } from './design.ts';

/** A render task as written: the pages to render, and the request that caused it (the renderer logs it). */
export const renderTaskItem = (at: string, id: string, targets: RenderTarget[]) => ({
  ...keys.renderTask(at, id),
  targets,
  ...requestTrace(),
});

/** The write that queues a render task, in the transaction of the step that changed the pages. */
export const renderTaskPut = (at: string, id: string, targets: RenderTarget[]) => ({
  Put: { TableName: tableName, Item: renderTaskItem(at, id, targets) },
});

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

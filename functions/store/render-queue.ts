/**
 * The render queue: its tasks' writes, the oldest read a round at a time, the renderer's lock, and
 * how far the renderer is behind (the tasks waiting, counted by key only and up to a cap, so a
 * progress line costs the same whatever the queue holds).
 */
import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { RenderTarget } from '#core/site-plan.ts';
import { conditionHeld, db, tableName } from '#lib/dynamo.ts';
import { errorFields, log, requestTrace } from '#lib/log.ts';
import * as keys from './keys.ts';

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

export interface RenderTask {
  sk: string;
  targets: RenderTarget[];
  /** The request that caused it (older tasks have none). */
  requestId?: string;
}

/** The oldest waiting tasks, at most `limit` (the renderer works the queue a round at a time). */
export async function listRenderTasks(limit: number): Promise<RenderTask[]> {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :task)',
      ExpressionAttributeValues: { ':pk': 'RENDER', ':task': 'TASK#' },
      ConsistentRead: true,
      Limit: limit,
    }),
  );
  return Items as RenderTask[];
}

export const addRenderTask = (id: string, targets: RenderTarget[]) =>
  db.send(new PutCommand(renderTaskPut(new Date().toISOString(), id, targets).Put));

/**
 * Wakes the renderer (in AWS every new task is a stream record that invokes it): a task with
 * nothing to render, so that the renderer works whatever waits before it.
 */
export const nudgeRenderer = (why: string) => addRenderTask(`nudge-${why}`, []);

export const deleteRenderTask = (sk: string) =>
  db.send(new DeleteCommand({ TableName: tableName, Key: { pk: 'RENDER', sk } }));

const lockSeconds = 60;

/** One renderer at a time: a lease that lapses if its holder dies (or stops renewing it). */
export async function takeRenderLock(owner: string): Promise<boolean> {
  const now = Math.floor(Date.now() / 1000);
  return conditionHeld(
    db.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...keys.renderLock(), owner, until: now + lockSeconds },
        ConditionExpression: 'attribute_not_exists(pk) OR #until < :now OR #owner = :owner',
        ExpressionAttributeNames: { '#until': 'until', '#owner': 'owner' },
        ExpressionAttributeValues: { ':now': now, ':owner': owner },
      }),
    ),
  );
}

export const releaseRenderLock = (owner: string) =>
  db
    .send(
      new DeleteCommand({
        TableName: tableName,
        Key: keys.renderLock(),
        ConditionExpression: '#owner = :owner',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':owner': owner },
      }),
    )
    // Not fatal: the lease expires by itself. Logged so a pattern of failures shows.
    .catch((error: unknown) => log.warn('render lock release failed', errorFields(error)));

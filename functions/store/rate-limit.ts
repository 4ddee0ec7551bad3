import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '#lib/dynamo.ts';
import * as keys from './keys.ts';

/**
 * Counts one attempt against `scope`/`id` in a fixed window; false once `limit` attempts were made in
 * it. One atomic update a check; the window's item expires by TTL.
 */
export async function allowAttempt(
  scope: string,
  id: string,
  limit: number,
  windowSeconds: number,
  now = Date.now(),
): Promise<boolean> {
  const window = Math.floor(now / 1000 / windowSeconds);
  const { Attributes } = await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.rate(scope, id, window),
      UpdateExpression: 'ADD attempts :one SET expiresAt = if_not_exists(expiresAt, :expires)',
      ExpressionAttributeValues: { ':one': 1, ':expires': (window + 2) * windowSeconds },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return (Attributes?.attempts as number) <= limit;
}

/** Takes back an attempt `allowAttempt` counted at `now` (it turned out not to be one: a retry of one made). */
export async function giveBackAttempt(scope: string, id: string, windowSeconds: number, now: number): Promise<void> {
  const window = Math.floor(now / 1000 / windowSeconds);
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.rate(scope, id, window),
      UpdateExpression: 'ADD attempts :less',
      ExpressionAttributeValues: { ':less': -1 },
    }),
  );
}

/** The attempts counted against `scope`/`id` in the current window so far (counting none). */
export async function attemptsSoFar(
  scope: string,
  id: string,
  windowSeconds: number,
  now = Date.now(),
): Promise<number> {
  const window = Math.floor(now / 1000 / windowSeconds);
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.rate(scope, id, window) }));
  return (Item?.attempts as number | undefined) ?? 0;
}

import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '#lib/dynamo.ts';
import { keys } from './design.ts';

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

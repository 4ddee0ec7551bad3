import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '#lib/dynamo.ts';
import { keys } from './design.ts';

/** Writes a fresh token for `fn` and reads it back consistently: proves the table is reachable and writable. */
export async function probeTable(fn: string, token: string): Promise<boolean> {
  const expiresAt = Math.floor(Date.now() / 1000) + 24 * 3600;
  await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.health(fn), token, expiresAt } }));
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.health(fn), ConsistentRead: true }));
  return Item?.token === token;
}

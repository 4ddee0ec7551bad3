/**
 * Secrets the platform makes for itself on first use and keeps in the table (encrypted at rest like
 * every item), so every instance of every function uses the same ones: the OpenID provider's keys,
 * the key that signs the application form's start token. Two first uses at once keep one.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '#lib/dynamo.ts';
import { isConditionFailure } from '#lib/dynamo-errors.ts';

type Key = { pk: string; sk: string };

async function read<T>(key: Key): Promise<T | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  if (!Item) return undefined;
  const { pk: _p, sk: _s, createdAt: _c, ...secret } = Item;
  return secret as T;
}

export async function keptSecret<T extends object>(key: Key, make: () => T): Promise<T> {
  const stored = await read<T>(key);
  if (stored) return stored;
  const made = make();
  try {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...key, ...made, createdAt: new Date().toISOString() },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return made;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return (await read<T>(key))!; // another instance made it first
  }
}

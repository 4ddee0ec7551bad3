/**
 * The platform's own sign-in (where there is no Cognito): each account's password hash, whether
 * the password is a temporary one to be changed at first sign-in, its TOTP second factor, and the
 * failed attempts that lock it. Separate from the profile, so no profile read ever carries a hash.
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '#lib/dynamo.ts';
import { keys } from './design.ts';

export interface Credential {
  username: string;
  passwordHash: string;
  /** The password was set by an administrator: it must be changed at the next sign-in. */
  mustChange: boolean;
  /** Base32 TOTP secret, once the second factor is enrolled. */
  totpSecret?: string;
  /** Failed attempts since the last success, and until when the account is locked. */
  failures: number;
  lockedUntil?: string;
  /** Bumped by a reset or a disable, which end the account's sessions: those signed in before `sessionsEndedAt`. */
  generation: number;
  sessionsEndedAt?: string;
  updatedAt: string;
}

export async function getCredential(username: string): Promise<Credential | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.credential(username), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  const { pk: _pk, sk: _sk, ...credential } = Item;
  return credential as Credential;
}

export async function putCredential(credential: Credential): Promise<void> {
  await db.send(
    new PutCommand({ TableName: tableName, Item: { ...keys.credential(credential.username), ...credential } }),
  );
}

export async function deleteCredential(username: string): Promise<void> {
  await db.send(new DeleteCommand({ TableName: tableName, Key: keys.credential(username) }));
}

/**
 * What a sign-in attempt changes, written as one update of the fields it touches (so an attempt
 * never overwrites a reset made meanwhile): the failure count and lock, a new password, an enrolled
 * second factor. The account must still have its credential.
 */
export async function updateCredential(
  username: string,
  change: Partial<Pick<Credential, 'failures' | 'lockedUntil' | 'passwordHash' | 'mustChange' | 'totpSecret'>>,
): Promise<void> {
  const set = Object.entries({ ...change, updatedAt: new Date().toISOString() }).filter(([, v]) => v !== undefined);
  const remove = 'lockedUntil' in change && change.lockedUntil === undefined ? ' REMOVE lockedUntil' : '';
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.credential(username),
      UpdateExpression: `SET ${set.map(([k]) => `#${k} = :${k}`).join(', ')}${remove}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: Object.fromEntries(set.map(([k]) => [`#${k}`, k])),
      ExpressionAttributeValues: Object.fromEntries(set.map(([k, v]) => [`:${k}`, v])),
    }),
  );
}

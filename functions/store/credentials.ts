/**
 * The platform's own sign-in (where there is no Cognito): each account's password hash, whether
 * the password is a temporary one to be changed at first sign-in, its TOTP second factor, and the
 * failed attempts that lock it. Separate from the profile, so no profile read ever carries a hash.
 */
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
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
  /** Bumped by a reset or a disable: sessions of an earlier generation are ended. */
  generation: number;
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

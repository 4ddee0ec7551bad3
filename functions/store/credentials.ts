/**
 * The platform's own sign-in (where there is no Cognito): each account's password hash, whether
 * the password is a temporary one to be changed at first sign-in, its TOTP second factor and the
 * codes it has used. Separate from the profile, so no profile read ever carries a hash. (Failed
 * attempts are counted apart, by account and by source: `sign-in-guard.ts`.)
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { conditionHeld, db, tableName } from '#lib/dynamo.ts';
import * as keys from './keys.ts';

export interface Credential {
  username: string;
  passwordHash: string;
  /** The password was set by an administrator: it must be changed at the next sign-in. */
  mustChange: boolean;
  /** Base32 TOTP secret, once the second factor is enrolled. */
  totpSecret?: string;
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

/**
 * What a sign-in step changes, written as one update of the fields it touches (so it never
 * overwrites a reset made meanwhile): a new password, an enrolled second factor. The account must
 * still have its credential.
 */
export async function updateCredential(
  username: string,
  change: Partial<Pick<Credential, 'passwordHash' | 'mustChange' | 'totpSecret'>>,
): Promise<void> {
  const set = Object.entries({ ...change, updatedAt: new Date().toISOString() }).filter(([, v]) => v !== undefined);
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.credential(username),
      UpdateExpression: `SET ${set.map(([k]) => `#${k} = :${k}`).join(', ')}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: Object.fromEntries(set.map(([k]) => [`#${k}`, k])),
      ExpressionAttributeValues: Object.fromEntries(set.map(([k, v]) => [`:${k}`, v])),
    }),
  );
}

/**
 * Takes a dynamic code's time step for the account: false when a sign-in took it already (a code
 * seen once, replayed or sent twice at once). Kept until the code can no longer be accepted.
 */
export async function takeTotpStep(username: string, step: number, stepSeconds: number): Promise<boolean> {
  return conditionHeld(
    db.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...keys.totpUsed(username, step), expiresAt: (step + 3) * stepSeconds },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
}

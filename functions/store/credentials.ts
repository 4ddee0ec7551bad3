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
  /**
   * Bumped by a reset or a disable, which end the account's sessions (those signed in before
   * `sessionsEndedAt`); a sign-in step writes only at the generation the person passed at.
   */
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

/** What else an update does beside setting fields: attribute names here are plain (none is reserved). */
interface Clauses {
  add?: string;
  remove?: string;
  condition?: string;
  values?: Record<string, unknown>;
}

/** One update of the named fields (undefined ones left alone): no step writes back a copy of the rest. */
function updateOf(username: string, fields: Record<string, unknown>, clauses: Clauses) {
  const set = Object.entries({ ...fields, updatedAt: new Date().toISOString() }).filter(([, v]) => v !== undefined);
  return new UpdateCommand({
    TableName: tableName,
    Key: keys.credential(username),
    UpdateExpression: [
      `SET ${set.map(([k]) => `#${k} = :${k}`).join(', ')}`,
      clauses.add && `ADD ${clauses.add}`,
      clauses.remove && `REMOVE ${clauses.remove}`,
    ]
      .filter(Boolean)
      .join(' '),
    ConditionExpression: clauses.condition,
    ExpressionAttributeNames: Object.fromEntries(set.map(([k]) => [`#${k}`, k])),
    ExpressionAttributeValues: { ...Object.fromEntries(set.map(([k, v]) => [`:${k}`, v])), ...clauses.values },
  });
}

/**
 * What a sign-in step changes (a new password, an enrolled second factor), written only while the
 * credential is still at the `generation` the person passed at: false, and nothing written, when a
 * reset or a disable came since (the person signs in again, rather than undoing the reset).
 */
export function updateCredential(
  username: string,
  generation: number,
  change: Partial<Pick<Credential, 'passwordHash' | 'mustChange' | 'totpSecret'>>,
): Promise<boolean> {
  return conditionHeld(
    db.send(
      updateOf(username, change, { condition: 'generation = :generation', values: { ':generation': generation } }),
    ),
  );
}

/**
 * Ends the account's sessions (its disabling or enabling): the generation moves on, and nothing else
 * of the credential is touched. An account without a credential has no sessions to end.
 */
export async function endSessions(username: string): Promise<void> {
  await conditionHeld(
    db.send(
      updateOf(
        username,
        { sessionsEndedAt: new Date().toISOString() },
        { add: 'generation :one', condition: 'attribute_exists(pk)', values: { ':one': 1 } },
      ),
    ),
  );
}

/**
 * A reset: a temporary password, to be changed at the next sign-in, and no second factor (a reset is
 * what someone who lost the phone asks for); the sessions end. Written over whatever the credential
 * holds (or creating it), its generation moved on from the stored one, so every step begun before fails.
 */
export async function resetCredential(username: string, passwordHash: string): Promise<void> {
  await db.send(
    updateOf(
      username,
      { username, passwordHash, mustChange: true, sessionsEndedAt: new Date().toISOString() },
      { add: 'generation :one', remove: 'totpSecret', values: { ':one': 1 } },
    ),
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

/**
 * The sign-in's counts of attempts, under the limits of `core/sign-in.ts`: each account's attempts
 * from each source, each source's attempts at any account, and each account's failures from all
 * sources. An attempt is counted by one conditional update before its password is looked at, and
 * whether it may go on is decided by that update alone: attempts sent together cannot all pass a
 * check made before any of them was counted. Usernames are taken as typed, so an account that does
 * not exist is counted exactly as one that does.
 */
import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { signInLimits, waitAfter } from '#core/sign-in.ts';
import { batchGet, db, isConditionFailure, tableName, transactWrite } from '#lib/dynamo.ts';
import { adminLogPut } from './admin-log.ts';
import * as keys from './keys.ts';

type Key = { pk: string; sk: string };
export type Admission = { admitted: true } | { admitted: false; waitSeconds: number };

const secondsOf = (ms: number) => Math.floor(ms / 1000);

/** The free attempts at an account from one source: once the account has many failures, one (a clean source's). */
const freeAttempts = (accountFailures: number) =>
  accountFailures >= signInLimits.account ? 1 : signInLimits.accountFromSource;

/** Counts one attempt against `key`, if it may be made now: within the free ones, or the one turn after a wait. */
async function take(key: Key, free: number, now: number): Promise<Admission> {
  const at = secondsOf(now);
  const count = (condition: string, values: Record<string, number>, openAt: number) =>
    db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        // openAt: when the next attempt past the free ones may be made (from the last attempt).
        UpdateExpression: 'ADD attempts :one SET openAt = :openAt, lastAt = :at, expiresAt = :expires',
        ConditionExpression: condition,
        ExpressionAttributeValues: {
          ':one': 1,
          ':openAt': openAt,
          ':at': at,
          ':expires': at + signInLimits.forgetSeconds,
          ...values,
        },
      }),
    );
  try {
    await count('attribute_not_exists(attempts) OR attempts < :free', { ':free': free }, at + waitAfter(0));
    return { admitted: true };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  // Past the free attempts: one each time the wait is over, taken by whichever attempt moves the count first.
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  const attempts = Number(Item?.attempts ?? 0);
  const openAt = Number(Item?.openAt ?? 0);
  if (at < openAt) return { admitted: false, waitSeconds: openAt - at };
  const wait = waitAfter(attempts + 1 - free);
  try {
    await count('attempts = :seen', { ':seen': attempts }, at + wait);
    return { admitted: true };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return { admitted: false, waitSeconds: wait };
  }
}

/** Takes back an attempt counted against `key` that was not made (another limit stopped it) or that succeeded. */
const giveBack = (key: Key) =>
  db
    .send(
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: 'ADD attempts :minus',
        ConditionExpression: 'attempts > :zero',
        ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
      }),
    )
    .catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });

/**
 * Counts an attempt at `username` from `source` before anything is checked: admitted, or how long
 * to wait. The source's own count first, then the account's from this source.
 */
export async function admitAttempt(username: string, source: string, now = Date.now()): Promise<Admission> {
  const [account, fromSource] = await Promise.all([
    db.send(new GetCommand({ TableName: tableName, Key: keys.guardAccount(username), ConsistentRead: true })),
    take(keys.guardSource(source), signInLimits.source, now),
  ]);
  if (!fromSource.admitted) return fromSource;
  const admitted = await take(
    keys.guardAccountFrom(username, source),
    freeAttempts(Number(account.Item?.failures ?? 0)),
    now,
  );
  if (!admitted.admitted) await giveBack(keys.guardSource(source));
  return admitted;
}

/** A failed attempt, added to the account's failures from every source. */
export async function recordFailure(username: string, now = Date.now()): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.guardAccount(username),
      UpdateExpression: 'ADD failures :one SET lastFailureAt = :at, expiresAt = :expires',
      ExpressionAttributeValues: {
        ':one': 1,
        ':at': new Date(now).toISOString(),
        ':expires': secondsOf(now) + signInLimits.forgetSeconds,
      },
    }),
  );
}

/**
 * The right password and code from `source`: its count at the account starts again and the
 * attempt leaves the source's count. The account's failures stay (an administrator sees them)
 * until they are forgotten or cleared.
 */
export async function recordSuccess(username: string, source: string): Promise<void> {
  await Promise.all([
    db.send(new DeleteCommand({ TableName: tableName, Key: keys.guardAccountFrom(username, source) })),
    giveBack(keys.guardSource(source)),
  ]);
}

/** What an administrator sees of an account's sign-in: its failures, and the sources that must wait. */
export interface SignInLimits {
  /** Failures from every source since they were last forgotten (a day after the last) or cleared. */
  failures: number;
  lastFailureAt?: string;
  sources: { source: string; attempts: number; waitUntil?: string }[];
}

type GuardItem = {
  sk: string;
  failures?: number;
  lastFailureAt?: string;
  attempts?: number;
  openAt?: number;
  expiresAt?: number;
};

/** Every count kept for `username`'s account (expired ones too, until TTL removes them). */
async function partition(username: string): Promise<GuardItem[]> {
  const { pk } = keys.guardAccount(username);
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ConsistentRead: true,
    }),
  );
  return Items as GuardItem[];
}

const limitsIn = (username: string, kept: GuardItem[], now: number): SignInLimits => {
  // TTL removes expired items some time after they expire: they count for nothing meanwhile.
  const items = kept.filter((item) => (item.expiresAt ?? Number.POSITIVE_INFINITY) > secondsOf(now));
  const all = items.find((item) => item.sk === keys.guardAccount(username).sk);
  const failures = all?.failures ?? 0;
  const free = freeAttempts(failures);
  return {
    failures,
    ...(all?.lastFailureAt && { lastFailureAt: all.lastFailureAt }),
    sources: items
      .filter((item) => item.sk.startsWith('FROM#') && (item.attempts ?? 0) > 0)
      .map((item) => ({
        source: item.sk.slice('FROM#'.length),
        attempts: item.attempts ?? 0,
        ...((item.attempts ?? 0) >= free &&
          (item.openAt ?? 0) > secondsOf(now) && { waitUntil: new Date((item.openAt ?? 0) * 1000).toISOString() }),
      })),
  };
};

export const signInLimitsOf = async (username: string, now = Date.now()): Promise<SignInLimits> =>
  limitsIn(username, await partition(username), now);

/** The failures of each of `usernames` (absent: none), for the list of an agency's staff. */
export async function failuresOf(usernames: string[], now = Date.now()): Promise<Map<string, number>> {
  const found = await batchGet(usernames.map(keys.guardAccount), ['pk', 'failures', 'expiresAt']);
  return new Map(
    (found as { pk: string; failures?: number; expiresAt?: number }[])
      .filter((item) => (item.failures ?? 0) > 0 && (item.expiresAt ?? Number.POSITIVE_INFINITY) > secondsOf(now))
      .map((item) => [item.pk.slice(keys.guardAccount('').pk.length), item.failures ?? 0]),
  );
}

/** An administrator clears an account's counts (all sources): in one transaction with the log's entry. */
export async function clearSignInLimits(
  username: string,
  agencyId: string,
  by: string,
  now = Date.now(),
): Promise<SignInLimits> {
  const items = await partition(username);
  const before = limitsIn(username, items, now);
  const { pk } = keys.guardAccount(username);
  const log = adminLogPut({
    by,
    subject: 'staff',
    target: username,
    agencyId,
    action: '解除登录限制',
    before,
    after: { failures: 0, sources: [] },
  });
  // A transaction holds 100 items: the log's entry and the first 99, then the rest (one account has few sources).
  for (let i = 0; i === 0 || i < items.length; i += 99)
    await transactWrite([
      ...(i === 0 ? [log] : []),
      ...items.slice(i, i + 99).map((item) => ({ Delete: { TableName: tableName, Key: { pk, sk: item.sk } } })),
    ]);
  return before;
}

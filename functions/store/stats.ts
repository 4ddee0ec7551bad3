/**
 * The report counters (`core/report-counts.ts`): one item per agency and year, and their sum over the
 * agencies directly under each government (in a few shards, so the agencies under one do not all
 * write one item). Steps add to both in their own transactions; the report compiler reads all of an
 * agency's years in one query, a government's 工作统计 its own year and the shards of the sum.
 */
import { GetCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { CounterChange, Counters, YearCounters } from '#core/report-counts.ts';
import { batchGet, db, queryAll, tableName } from '#lib/dynamo.ts';
import * as keys from './keys.ts';

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;
const counterName = /^(received|ended|fee|doc|published|case|m\d\d)_/;
const countersOf = (item: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(item).filter(([k]) => counterName.test(k))) as Counters;

/** Shards of a government's sum of the counters of the agencies under it; an agency always adds to the same one. */
const underShards = 4;
const shardOf = (agencyId: string) => {
  let hash = 0;
  for (const char of agencyId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % underShards;
};

/** How long a function instance trusts the parent it read for an agency (an agency rarely moves). */
const parentMs = 300_000;
const parents = new Map<string, { at: number; parent: Promise<string | null> }>();

/**
 * The government an agency's counters are also added up under (its parent; null for the portal's
 * top): its profile, read once in five minutes per function instance.
 */
export function parentOf(agencyId: string): Promise<string | null> {
  const known = parents.get(agencyId);
  if (known && Date.now() - known.at < parentMs) return known.parent;
  const parent = db
    .send(new GetCommand({ TableName: tableName, Key: keys.agency(agencyId), ProjectionExpression: 'parentId' }))
    .then(({ Item }) => (Item?.parentId as string | null | undefined) ?? null);
  parents.set(agencyId, { at: Date.now(), parent });
  parent.catch(() => parents.delete(agencyId));
  return parent;
}

const addTo = (Key: Record<string, string>, list: CounterChange[]) => ({
  Update: {
    TableName: tableName,
    Key,
    UpdateExpression: `ADD ${list.map((_, i) => `#c${i} :v${i}`).join(', ')}`,
    ExpressionAttributeNames: Object.fromEntries(list.map((c, i) => [`#c${i}`, c.name])),
    ExpressionAttributeValues: Object.fromEntries(list.map((c, i) => [`:v${i}`, c.by])),
  },
});

/**
 * The writes that add `changes` to an agency's counters and to their sum under its parent: one
 * update of each per year (a transaction may touch an item once).
 */
export async function counterWrites(agencyId: string, changes: CounterChange[]): Promise<TransactItems> {
  if (!changes.length) return [];
  const parent = await parentOf(agencyId);
  return [...Map.groupBy(changes, (c) => c.year)].flatMap(([year, list]) => [
    addTo(keys.stats(agencyId, year), list),
    ...(parent ? [addTo(keys.statsUnder(parent, year, shardOf(agencyId)), list)] : []),
  ]);
}

/**
 * Adds each agency's `changes` to the sum under its parent straight (a recount's repair; seeds and
 * data migrations), gathered into one update per government, year and shard (of 100 counters at most).
 */
export async function addToSumsUnder(
  entries: readonly { agencyId: string; parentId: string | null; changes: readonly CounterChange[] }[],
): Promise<void> {
  const sums = new Map<string, { key: Record<string, string>; counters: Map<string, number> }>();
  for (const { agencyId, parentId, changes } of entries) {
    if (!parentId) continue;
    for (const { year, name, by } of changes) {
      const key = keys.statsUnder(parentId, year, shardOf(agencyId));
      const id = `${key.pk}|${key.sk}`;
      const sum = sums.get(id) ?? { key, counters: new Map<string, number>() };
      sum.counters.set(name, (sum.counters.get(name) ?? 0) + by);
      sums.set(id, sum);
    }
  }
  for (const { key, counters } of sums.values()) {
    const list = [...counters].map(([name, by]) => ({ year: 0, name, by }));
    for (let i = 0; i < list.length; i += 100)
      await db.send(new UpdateCommand(addTo(key, list.slice(i, i + 100)).Update));
  }
}

/** The counters of a government's year added up over the agencies directly under it: its shards, one query. */
export async function getStatsUnder(agencyId: string, year: number): Promise<Counters[]> {
  const shards = await queryAll<Record<string, unknown>>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :under)',
    ExpressionAttributeValues: { ':pk': keys.agency(agencyId).pk, ':under': `STATSUNDER#${year}#` },
    ConsistentRead: true,
  });
  return shards.map(countersOf);
}

/** The counters of an agency's year. */
export async function getStats(agencyId: string, year: number): Promise<Counters> {
  const { Item = {} } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.stats(agencyId, year), ConsistentRead: true }),
  );
  return countersOf(Item);
}

/** The counters of several agencies' year, in their order: one batch read per 100 agencies. */
export async function getStatsOf(agencyIds: string[], year: number): Promise<Counters[]> {
  const found = new Map(
    (await batchGet(agencyIds.map((id) => keys.stats(id, year)))).map((i) => [i.pk, countersOf(i)]),
  );
  return agencyIds.map((id) => found.get(keys.stats(id, year).pk) ?? {});
}

/** Every year's counters of an agency: one query, as many items as years. */
export async function listStats(agencyId: string): Promise<YearCounters> {
  const items = await queryAll<Record<string, unknown>>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :stats)',
    ExpressionAttributeValues: { ':pk': keys.stats(agencyId, 0).pk, ':stats': 'STATS#' },
    ConsistentRead: true,
  });
  return new Map(items.map((item) => [Number(String(item.sk).slice('STATS#'.length)), countersOf(item)]));
}

/** Sets the named counters of a year to recounted values (the recount's repair); others are left alone. */
export async function setStats(agencyId: string, year: number, counters: Counters): Promise<void> {
  const entries = Object.entries(counters);
  if (!entries.length) return;
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.stats(agencyId, year),
      UpdateExpression: `SET ${entries.map((_, i) => `#c${i} = :v${i}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(entries.map(([name], i) => [`#c${i}`, name])),
      ExpressionAttributeValues: Object.fromEntries(entries.map(([, value], i) => [`:v${i}`, value])),
    }),
  );
}

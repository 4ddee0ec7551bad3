/**
 * The report counters (`core/report-counts.ts`): one item per agency and year. Steps add to them in
 * their own transactions; the report compiler reads all of an agency's years in one query.
 */
import { GetCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { CounterChange, Counters, YearCounters } from '#core/report-counts.ts';
import { batchGet, db, queryAll, tableName } from '#lib/dynamo.ts';
import { keys } from './design.ts';

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;
const counterName = /^(received|ended|fee|doc|published|case|m\d\d)_/;
const countersOf = (item: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(item).filter(([k]) => counterName.test(k))) as Counters;

/** The writes that add `changes` to an agency's counters: one update per year (a transaction may touch an item once). */
export function counterWrites(agencyId: string, changes: CounterChange[]): TransactItems {
  const years = Map.groupBy(changes, (c) => c.year);
  return [...years].map(([year, list]) => ({
    Update: {
      TableName: tableName,
      Key: keys.stats(agencyId, year),
      UpdateExpression: `ADD ${list.map((_, i) => `#c${i} :v${i}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(list.map((c, i) => [`#c${i}`, c.name])),
      ExpressionAttributeValues: Object.fromEntries(list.map((c, i) => [`:v${i}`, c.by])),
    },
  }));
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

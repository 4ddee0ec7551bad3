/**
 * 自查's judgement of each agency: its records as the last check found them, its findings by run
 * (read as of any run), the counts of the agencies under each parent, those gone from under it, its
 * day on the agenda, and the portal's running totals that each new judgement moves.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AgencyKind } from '#core/agency.ts';
import { tallyKinds, type ColumnTally, type Finding, type Severity } from '#core/inspection.ts';
import { batchGet, db, tableName, transactWrite } from '#lib/dynamo.ts';
import * as keys from './keys.ts';

export type SeverityCounts = Partial<Record<Severity, number>>;

/**
 * What 自查 last found of one agency's records: its columns by their newest item, whether last year's
 * report was published, what its findings count (by severity and rule), the stale and blank columns it
 * adds to the portal's tally, and the day its judgement next changes with nothing published (`due`).
 * Its findings are an item of their own, written by the run that found them (`findingsAt`) and
 * referenced by every run after until they change. A run checks again only the agencies whose pages
 * changed since and those due today, so a column gone stale or a report gone late is found on its day.
 */
export interface AgencyRecords {
  agencyId: string;
  name: string;
  kind: AgencyKind;
  /** Portal order (the order every agency was listed in). */
  order: number;
  /** Its parent (whose totals count it); none for the portal's government. */
  parentId?: string;
  columns: { slug: string; name: string; page: string; newest?: string }[];
  report: { year: number; done: boolean };
  counts: SeverityCounts;
  byRule: Partial<Record<string, number>>;
  tally: ColumnTally;
  /** The digest of its findings, and the run whose item holds them. */
  digest: string;
  findingsAt: string;
  /**
   * The run whose item held its findings before (none: it had none before `findingsAt`): a report
   * of an earlier run, asked while a later run is judging the agencies, finds them here in one read.
   */
  findingsBefore?: string;
  due?: string;
  /** The urgent findings last e-mailed (their digest): an agency is told again only when they change. */
  told?: string;
  /** Written over the revision read (a run's writes apply once). */
  rev: number;
}

/** One agency's findings as a run found them (at most `listedPerRule` of each rule, the rest counted). */
export interface AgencyFindings {
  agencyId: string;
  since: string;
  findings: Finding[];
  /** Beyond those listed, by rule (and agency, where another's). */
  omitted: { rule: string; count: number; agencyId?: string }[];
  counts: SeverityCounts;
}

/** The portal's running totals, moved by what each agency's new judgement changes. */
export interface InspectionTotals {
  bySeverity: SeverityCounts;
  byRule: Partial<Record<string, number>>;
  /** Stale and blank columns counted, and the first of them named (at most ten a kind). */
  columns: Record<keyof ColumnTally, number>;
  names: ColumnTally;
  rev: number;
}

const strip = <T>({ pk: _pk, sk: _sk, ...rest }: Record<string, unknown>) => rest as T;

/** The kept records of these agencies (one batch read). */
export async function getAgencyRecords(agencyIds: string[]): Promise<Map<string, AgencyRecords>> {
  const items = await batchGet(agencyIds.map((id) => keys.inspectionRecords(id)));
  return new Map(items.map((item) => strip<AgencyRecords>(item)).map((r) => [r.agencyId, r]));
}

/**
 * A page of every agency's records after `after` (an agency id), in id order: a run that judges every
 * agency (a full run, or one after the thresholds changed) reads them a page a slice, to find those
 * whose agency is gone.
 */
export async function agencyRecordsPage(
  after: string | undefined,
  limit: number,
): Promise<{ records: AgencyRecords[]; last?: string }> {
  const { Items = [], LastEvaluatedKey } = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': keys.inspectionState().pk, ':from': 'REC#', ':to': 'REC#\uffff' },
      ...(after && { ExclusiveStartKey: keys.inspectionRecords(after) }),
      Limit: limit,
    }),
  );
  const records = Items.map((item) => strip<AgencyRecords>(item));
  return { records, ...(LastEvaluatedKey && { last: records.at(-1)!.agencyId }) };
}

/**
 * A page of the agencies whose judgement changes on or before `day` (their index by date, not every
 * agency), after the entry `after`; `last`: where the next page starts, none when this was the last.
 * A run moves each agency it judges to its next day, so the entries before `last` may be gone.
 */
export async function dueAgenciesPage(
  day: string,
  after: string | undefined,
  limit: number,
): Promise<{ agencyIds: string[]; last?: string }> {
  const { Items = [], LastEvaluatedKey } = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': keys.inspectionState().pk, ':from': 'DUE#', ':to': `DUE#${day}#\uffff` },
      ...(after && { ExclusiveStartKey: { pk: keys.inspectionState().pk, sk: after } }),
      Limit: limit,
    }),
  );
  const entries = Items.map((i) => i.sk as string);
  return { agencyIds: entries.map((sk) => sk.split('#')[2]!), ...(LastEvaluatedKey && { last: entries.at(-1)! }) };
}

export async function getTotals(): Promise<InspectionTotals> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.inspectionTotals(), ConsistentRead: true }),
  );
  const empty = { dynamic: 0, notice: 0, any: 0, blank: 0 };
  return Item
    ? strip<InspectionTotals>(Item)
    : { bySeverity: {}, byRule: {}, columns: empty, names: { dynamic: [], notice: [], any: [], blank: [] }, rev: 0 };
}

/** The newest item of a versioned series (`AGENCY#<id>#`, `UNDER#<id>#`) written at or before `at`. */
async function asOf<T>(prefix: string, at: string): Promise<T | undefined> {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': keys.inspectionState().pk, ':from': prefix, ':to': `${prefix}${at}` },
      ScanIndexForward: false,
      Limit: 1,
    }),
  );
  return Items[0] && strip<T>(Items[0]);
}

/** The newest `limit` items of a versioned series written at or before `at`, newest first. */
async function versions<T>(prefix: string, at: string, limit: number): Promise<T[]> {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': keys.inspectionState().pk, ':from': prefix, ':to': `${prefix}${at}` },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return Items.map((item) => strip<T>(item));
}

/** The counts of the agencies directly under a parent as a run left them. */
export async function underAsOf(parentId: string, at: string): Promise<SeverityCounts> {
  return (await asOf<{ counts: SeverityCounts }>(keys.inspectionUnder(parentId, '').sk, at))?.counts ?? {};
}

/** The counts of an agency and of those under it as the runs up to `at` left them, newest first. */
export async function countsHistory(agencyId: string, at: string, limit: number) {
  const [own, under] = await Promise.all([
    versions<{ since: string; counts: SeverityCounts }>(keys.inspectionAgencyFindings(agencyId, '').sk, at, limit),
    versions<{ since: string; counts: SeverityCounts }>(keys.inspectionUnder(agencyId, '').sk, at, limit),
  ]);
  return { own, under };
}

/**
 * The findings of these agencies as the run at `ranAt` found them: the item each agency's records
 * reference, as the latest to have judged it left them or as it was before (a run still judging has
 * moved it on): two batch reads. Only for a run further back, a query each; an agency with no records
 * was never judged and has none, unless it is `gone` (a later run took its records off): a query each.
 */
export async function agencyFindingsAsOf(
  agencyIds: string[],
  ranAt: string,
  gone: string[] = [],
): Promise<AgencyFindings[]> {
  const records = await batchGet(
    agencyIds.map((id) => keys.inspectionRecords(id)),
    ['agencyId', 'findingsAt', 'findingsBefore'],
  );
  const direct = new Map<string, string>();
  const earlier = [...gone];
  for (const record of records) {
    const since = [record.findingsAt, record.findingsBefore].find((at) => typeof at === 'string' && at <= ranAt);
    if (since) direct.set(record.agencyId as string, since as string);
    else earlier.push(record.agencyId as string);
  }
  const [found, older] = await Promise.all([
    batchGet([...direct].map(([id, since]) => keys.inspectionAgencyFindings(id, since))),
    Promise.all(earlier.map((id) => asOf<AgencyFindings>(keys.inspectionAgencyFindings(id, '').sk, ranAt))),
  ]);
  return [...found.map((item) => strip<AgencyFindings>(item)), ...older.filter((f) => f !== undefined)];
}

/**
 * The agencies a run found gone from directly under `parentId` after `ranAt`, with their names: an
 * earlier run's report lists them with what that run found (they are no longer in the directory).
 */
export async function goneSince(
  parentId: string,
  ranAt: string,
): Promise<{ agencyId: string; name: string; order: number }[]> {
  const prefix = keys.inspectionGone(parentId, '').sk;
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: 'goneAt > :ranAt',
      ExpressionAttributeValues: { ':pk': keys.inspectionState().pk, ':prefix': prefix, ':ranAt': ranAt },
    }),
  );
  return Items.map((item) => strip<{ agencyId: string; name: string; order: number }>(item));
}

/** One agency's judgement by a run: its records before (none: new) and after (none: gone), its findings if they changed. */
export interface Judgement {
  before?: AgencyRecords;
  after?: Omit<AgencyRecords, 'rev'>;
  findings?: AgencyFindings;
}

const add = (into: Record<string, number | undefined>, from: Record<string, number | undefined>, sign: number) => {
  for (const [k, v] of Object.entries(from)) if (v) into[k] = (into[k] ?? 0) + sign * v;
  for (const [k, v] of Object.entries(into)) if (!v) delete into[k];
};

/** Moves the portal's totals (in place) by the difference one agency's new judgement makes. */
export function moveTotals(totals: InspectionTotals, { before, after }: Pick<Judgement, 'before' | 'after'>): void {
  for (const [record, sign] of [
    [before, -1],
    [after, 1],
  ] as const) {
    if (!record?.counts) continue;
    add(totals.bySeverity, record.counts, sign);
    add(totals.byRule, record.byRule ?? {}, sign);
    for (const kind of tallyKinds) totals.columns[kind] += sign * (record.tally?.[kind]?.length ?? 0);
  }
  for (const kind of tallyKinds) {
    const gone = new Set(before?.tally?.[kind] ?? []);
    for (const name of after?.tally?.[kind] ?? []) gone.delete(name);
    totals.names[kind] = totals.names[kind].filter((name) => !gone.has(name));
    for (const name of after?.tally?.[kind] ?? [])
      if (totals.names[kind].length < 10 && !totals.names[kind].includes(name)) totals.names[kind].push(name);
  }
}

/**
 * Writes a run's judgements, a few agencies a transaction: each agency's records over the revision
 * read, its findings' item when they changed, its place on the agenda by date, and the totals moved by
 * the difference (the portal's, and its parent's from this run on). Answers the totals after.
 */
export async function saveJudgements(
  judgements: Judgement[],
  totals: InspectionTotals,
  ranAt: string,
): Promise<InspectionTotals> {
  const under = new Map<string, SeverityCounts>();
  const perTransaction = 15;
  for (let i = 0; i < judgements.length; i += perTransaction) {
    const chunk = judgements.slice(i, i + perTransaction);
    const items: NonNullable<Parameters<typeof transactWrite>[0]> = [];
    const next = structuredClone(totals);
    const moved = new Set<string>();
    for (const { before, after, findings } of chunk) {
      const agencyId = (after ?? before)!.agencyId;
      const key = keys.inspectionRecords(agencyId);
      const condition = before?.rev
        ? { ConditionExpression: 'rev = :rev', ExpressionAttributeValues: { ':rev': before.rev } }
        : before
          ? { ConditionExpression: 'attribute_not_exists(rev)' }
          : { ConditionExpression: 'attribute_not_exists(pk)' };
      if (after)
        items.push({
          Put: { TableName: tableName, Item: { ...key, ...after, rev: (before?.rev ?? 0) + 1 }, ...condition },
        });
      else items.push({ Delete: { TableName: tableName, Key: key, ...condition } });
      // Gone: what an earlier run's report needs to list it under its government (its directory entry is gone).
      if (!after && before?.parentId)
        items.push({
          Put: {
            TableName: tableName,
            Item: {
              ...keys.inspectionGone(before.parentId, agencyId),
              agencyId,
              name: before.name,
              order: before.order,
              goneAt: ranAt,
            },
          },
        });
      if (findings)
        items.push({
          Put: {
            TableName: tableName,
            Item: { ...keys.inspectionAgencyFindings(agencyId, findings.since), ...findings },
          },
        });
      if (before?.due !== after?.due) {
        if (before?.due)
          items.push({ Delete: { TableName: tableName, Key: keys.inspectionDue(before.due, agencyId) } });
        if (after?.due)
          items.push({ Put: { TableName: tableName, Item: { ...keys.inspectionDue(after.due, agencyId), agencyId } } });
      }
      moveTotals(next, { before, after });
      for (const [record, sign] of [
        [before, -1],
        [after, 1],
      ] as const) {
        if (!record?.counts || !record.parentId) continue;
        if (!under.has(record.parentId)) under.set(record.parentId, await underAsOf(record.parentId, ranAt));
        add(under.get(record.parentId)!, record.counts, sign);
        moved.add(record.parentId);
      }
    }
    next.rev = totals.rev + 1;
    items.push({
      Put: {
        TableName: tableName,
        Item: { ...keys.inspectionTotals(), ...next },
        ...(totals.rev
          ? { ConditionExpression: 'rev = :rev', ExpressionAttributeValues: { ':rev': totals.rev } }
          : { ConditionExpression: 'attribute_not_exists(pk)' }),
      },
    });
    for (const parentId of moved)
      items.push({
        Put: {
          TableName: tableName,
          Item: { ...keys.inspectionUnder(parentId, ranAt), parentId, since: ranAt, counts: under.get(parentId) },
        },
      });
    await transactWrite(items);
    totals = next;
  }
  return totals;
}

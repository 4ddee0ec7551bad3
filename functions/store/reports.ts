/**
 * 年度报告 and the cases of table 四. A year's report is one item beside the agency (its entries, its
 * status, the figures as submitted and as published) with its audit log; a case hangs under its
 * application and adds to the counters in its own transaction.
 */
import {
  DeleteCommand,
  GetCommand,
  QueryCommand,
  UpdateCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import {
  emptyEntries,
  figureChanges,
  reportedFigures,
  type AnnualReport,
  type ReportEntries,
} from '#core/annual-report.ts';
import type { ReportStatus } from '#core/report-lifecycle.ts';
import { caseCounters, counterChanges, type CaseRecord } from '#core/report-counts.ts';
import type { RenderTarget } from '#core/site-plan.ts';
import { batchGet, db, isConditionFailure, queryAll, tableName } from '#lib/dynamo.ts';
import type { OutboxMail } from './outbox.ts';
import { outboxPut } from './outbox.ts';
import * as keys from './keys.ts';
import { renderTaskPut } from './render-queue.ts';
import { transactStep } from './sequences.ts';
import { counterWrites } from './stats.ts';
import { StaleVersionError } from './stale.ts';

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

export interface StoredReport {
  agencyId: string;
  year: number;
  status: ReportStatus;
  entries: ReportEntries;
  version: number;
  updatedAt: string;
  /** The figures as submitted: what the county reviews and, approved, publishes. */
  submitted?: { by: string; at: string; report: AnnualReport };
  review?: { by: string; on: string; approved: boolean; comments?: string };
  published?: { on: string; report: AnnualReport };
  /** An earlier year's report kept as a document (the format before 2021, or before the platform). */
  archive?: { title: string; text: string; publishedOn: string; source: string };
  /** Its tables as data, when the old report is in the 2021 format: last year's figures for the cross-year rule. */
  archiveReport?: AnnualReport;
  /** The deadlines the sweep has reminded of. */
  reminded?: string[];
}

export interface ReportEvent {
  at: string;
  actor: string;
  /** The staff member's display name at the time (陈静). */
  actorName?: string;
  type: string;
  text: string;
}

/** A year's report before anyone has saved it (version 0). */
export const blankReport = (agencyId: string, year: number): StoredReport => ({
  agencyId,
  year,
  status: 'draft',
  entries: emptyEntries(),
  version: 0,
  updatedAt: '',
});

export async function getReport(agencyId: string, year: number): Promise<StoredReport | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.report(agencyId, year), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  const { pk: _pk, sk: _sk, ...report } = Item;
  return report as StoredReport;
}

/** The year's reports of several agencies, in their order (undefined where none is saved): one batch read per 100. */
export async function getReportsOf(agencyIds: readonly string[], year: number): Promise<(StoredReport | undefined)[]> {
  const found = new Map(
    (await batchGet(agencyIds.map((id) => keys.report(id, year)))).map(({ pk, sk: _sk, ...report }) => [
      pk,
      report as unknown as StoredReport,
    ]),
  );
  return agencyIds.map((id) => found.get(keys.report(id, year).pk));
}

/** Every year's report of an agency (statuses and what the column lists), oldest first. */
export async function listReports(agencyId: string): Promise<StoredReport[]> {
  const items = await queryAll<StoredReport & { pk: string; sk: string }>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :report)',
    ExpressionAttributeValues: { ':pk': keys.report(agencyId, 0).pk, ':report': 'REPORT#' },
  });
  return items.map(({ pk: _pk, sk: _sk, ...report }) => report);
}

export async function listReportEvents(agencyId: string, year: number): Promise<ReportEvent[]> {
  const { pk, skPrefix } = keys.reportLogPrefix(agencyId, year);
  const items = await queryAll<ReportEvent>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
    ConsistentRead: true,
  });
  return items.map(({ at, actor, actorName, type, text }) => ({
    at,
    actor,
    ...(actorName && { actorName }),
    type,
    text,
  }));
}

/** Shards of a government's sum of reports: each cell is always in the same one, and each shard updated at most once a step. */
const sumShards = 6;
const shardOf = (cell: string) => {
  let hash = 0;
  for (const char of cell) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % sumShards;
};

/** The writes that add `changes` to each owner's sum of the year's reports: one update per shard touched. */
function sumWrites(owners: readonly string[], year: number, changes: Record<string, number>): TransactItems {
  const byShard = Map.groupBy(Object.entries(changes), ([cell]) => shardOf(cell));
  return owners.flatMap((owner) =>
    [...byShard].map(([shard, cells]) => ({
      Update: {
        TableName: tableName,
        Key: keys.reportSum(owner, year, shard),
        UpdateExpression: `ADD ${cells.map((_, i) => `#c${i} :v${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(cells.map(([cell], i) => [`#c${i}`, cell])),
        ExpressionAttributeValues: Object.fromEntries(cells.map(([, by], i) => [`:v${i}`, by])),
      },
    })),
  );
}

/**
 * Where a report's figures are added up: the overview of the government over its agency, and, for a
 * government's own report, its own overview (`core/access.ts`: each government oversees the level below).
 */
export const sumOwners = (agency: { id: string; parentId: string | null }, governs: boolean) =>
  [agency.parentId, governs ? agency.id : null].filter((id): id is string => id !== null);

/** Adds `changes` to the owners' sums of a year's reports straight (seeds and data migrations; a step adds its own in its transaction). */
export async function addToReportSums(owners: readonly string[], year: number, changes: Record<string, number>) {
  for (const { Update } of sumWrites(owners, year, changes)) await db.send(new UpdateCommand(Update!));
}

/** A government's sum of the year's reports (its own and those of the agencies directly under it), cell by cell: its shards, one query. */
export async function getReportSums(agencyId: string, year: number): Promise<Record<string, number>> {
  const { pk, skPrefix } = keys.reportSumPrefix(agencyId, year);
  const shards = await queryAll<Record<string, unknown>>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
    ConsistentRead: true,
  });
  const cells: Record<string, number> = {};
  for (const { pk: _pk, sk: _sk, ...shard } of shards) Object.assign(cells, shard);
  return cells;
}

/**
 * One transaction: the report at its next version (only from `expectedVersion`; 0 is a report not
 * yet saved), its audit event, the site's render task when the step publishes, an e-mail (a
 * reminder) in the outbox, and what its step changes in the sums of reports of `sums.owners` (from
 * the report as it was, `sums.before`; a step that cannot change the figures, a reminder, gives none).
 */
export async function saveReport(
  next: StoredReport,
  expectedVersion: number,
  event: Omit<ReportEvent, 'at'>,
  also: {
    render?: RenderTarget[];
    mail?: OutboxMail;
    sums?: { owners: readonly string[]; before: StoredReport | undefined };
  } = {},
): Promise<void> {
  const { render, mail, sums } = also;
  const at = next.updatedAt;
  const writes: TransactItems = [
    {
      Put: {
        TableName: tableName,
        Item: { ...keys.report(next.agencyId, next.year), ...next },
        ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
        ...(expectedVersion !== 0 && { ExpressionAttributeValues: { ':expected': expectedVersion } }),
      },
    },
    {
      Put: {
        TableName: tableName,
        Item: { ...keys.reportLog(next.agencyId, next.year, at, next.version), ...event, at },
      },
    },
    ...(render?.length ? [renderTaskPut(at, `report#${next.agencyId}#${next.year}`, render)] : []),
    ...(mail ? [outboxPut(mail)] : []),
    ...(sums
      ? sumWrites(sums.owners, next.year, figureChanges(reportedFigures(sums.before), reportedFigures(next)))
      : []),
  ];
  await transactStep(writes, () => new StaleVersionError());
}

/** An agency on the sweep's agenda of report reminders, as the sweep finds it. */
export interface ReminderEntry {
  agencyId: string;
  /** `<day>#<agency>`: where it stands on the agenda. */
  gsi1sk: string;
}

/** One page of the agencies whose day on the agenda of report reminders has come (those the sweep looks at today). */
export async function reminderAgendaPage(
  today: string,
  cursor?: Record<string, unknown>,
  limit = 100,
): Promise<{ items: ReminderEntry[]; next?: Record<string, unknown> }> {
  const { Items = [], LastEvaluatedKey } = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :to',
      ExpressionAttributeValues: { ':pk': keys.reminderAgenda().gsi1pk, ':to': `${today}#~` },
      ExclusiveStartKey: cursor,
      Limit: limit,
    }),
  );
  return { items: Items as ReminderEntry[], next: LastEvaluatedKey };
}

/**
 * Puts the agency at `on` on the agenda, if it still stands where the sweep found it (a change of
 * its kind meanwhile put it back at once); with `on` undefined, takes it off (the agency is gone).
 */
export async function moveOnReminderAgenda(entry: ReminderEntry, on: string | undefined): Promise<void> {
  const { pk, sk } = keys.reportReminder(entry.agencyId, '');
  const condition = { ConditionExpression: 'gsi1sk = :was', ExpressionAttributeValues: { ':was': entry.gsi1sk } };
  await db
    .send(
      on
        ? new UpdateCommand({
            TableName: tableName,
            Key: { pk, sk },
            UpdateExpression: 'SET gsi1sk = :to',
            ...condition,
            ExpressionAttributeValues: {
              ...condition.ExpressionAttributeValues,
              ':to': keys.reportReminder(entry.agencyId, on).gsi1sk,
            },
          })
        : new DeleteCommand({ TableName: tableName, Key: { pk, sk }, ...condition }),
    )
    .catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
}

/** An imported report taken off (its log stays, with this event, and its figures leave the sums of `owners`): one transaction, on the version read. */
export async function removeArchivedReport(
  stored: StoredReport,
  event: Omit<ReportEvent, 'at'>,
  render: RenderTarget[],
  owners: readonly string[],
): Promise<void> {
  const at = new Date().toISOString();
  await transactStep(
    [
      {
        Delete: {
          TableName: tableName,
          Key: keys.report(stored.agencyId, stored.year),
          ConditionExpression: 'version = :expected AND #status = :archived',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':expected': stored.version, ':archived': 'archived' },
        },
      },
      {
        Put: {
          TableName: tableName,
          Item: { ...keys.reportLog(stored.agencyId, stored.year, at, stored.version + 1), ...event, at },
        },
      },
      renderTaskPut(at, `report#${stored.agencyId}#${stored.year}`, render),
      ...sumWrites(owners, stored.year, figureChanges(reportedFigures(stored), undefined)),
    ],
    () => new StaleVersionError(),
  );
}

// --- Table 四: reconsideration and litigation cases ---------------------------------------------

export interface StoredCase extends CaseRecord {
  id: string;
  receiptNumber: string;
  agencyId: string;
  /** 复议机关 or the court. */
  body: string;
  note?: string;
  version: number;
  updatedBy: string;
  updatedAt: string;
}

export async function listApplicationCases(receiptNumber: string): Promise<StoredCase[]> {
  return queryAll<StoredCase>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :case)',
    ExpressionAttributeValues: { ':pk': keys.application(receiptNumber).pk, ':case': 'CASE#' },
    ConsistentRead: true,
  });
}

/** An agency's cases by filing date (the recount). */
export function listAgencyCases(agencyId: string): Promise<StoredCase[]> {
  return queryAll<StoredCase>({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.agencyCaseList(agencyId).gsi1pk },
  });
}

/**
 * One transaction: the case (new, or from `before` at its version), the counters it moves, and an
 * internal event on the application's timeline.
 */
export async function saveCase(next: StoredCase, before: StoredCase | undefined, eventText: string): Promise<void> {
  const writes: TransactItems = [
    {
      Put: {
        TableName: tableName,
        Item: {
          ...keys.case(next.receiptNumber, next.id),
          ...keys.agencyCases(next.agencyId, next.filedOn, next.id),
          ...next,
        },
        ConditionExpression: before ? 'version = :expected' : 'attribute_not_exists(pk)',
        ...(before && { ExpressionAttributeValues: { ':expected': before.version } }),
      },
    },
    ...(await counterWrites(
      next.agencyId,
      counterChanges(before ? caseCounters(before) : new Map(), caseCounters(next)),
    )),
    {
      Put: {
        TableName: tableName,
        Item: {
          ...keys.caseEvent(next.receiptNumber, next.updatedAt, next.id),
          at: next.updatedAt,
          type: 'case',
          text: eventText,
          actor: next.updatedBy,
          public: false,
        },
      },
    },
  ];
  await transactStep(writes, () => new StaleVersionError());
}

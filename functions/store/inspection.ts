/**
 * 自查's records: the renderer's journal of the site's changes (what each render pass put and
 * removed), each page's last check (its links to items, files and reports, and its findings), the
 * links into each such target (to re-check what pointed at a page once it is removed), the runs with
 * their reports, and the thresholds.
 */
import { randomUUID } from 'node:crypto';
import { BatchGetCommand, BatchWriteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { defaultThresholds, type Finding, type InspectionThresholds, type Severity } from '#core/inspection.ts';
import { db, queryAll, tableName } from '#lib/dynamo.ts';
import { keys } from './design.ts';

/** Journal entries are kept this long: an inspection that has not run for longer starts afresh (a full run). */
const journalDays = 60;
const journalChunk = 400;

/** Records what a render pass wrote: one item per 400 keys, in the order written. */
export async function journalSiteChanges(put: string[], removed: string[]): Promise<void> {
  if (!put.length && !removed.length) return;
  const at = new Date().toISOString();
  const id = randomUUID().slice(0, 8);
  const expiresAt = Math.floor(Date.now() / 1000) + journalDays * 86_400;
  const chunks: { put: string[]; removed: string[] }[] = [];
  for (let i = 0; i < Math.max(put.length, removed.length); i += journalChunk)
    chunks.push({ put: put.slice(i, i + journalChunk), removed: removed.slice(i, i + journalChunk) });
  await batchWrite(
    chunks.map((chunk, n) => ({
      PutRequest: { Item: { ...keys.siteChanges(at, `${id}#${String(n).padStart(4, '0')}`), ...chunk, expiresAt } },
    })),
  );
}

export interface SiteChanges {
  sk: string;
  put: string[];
  removed: string[];
}

/** The journal's newest entry (where a run that starts now reads up to). */
export async function latestSiteChange(): Promise<string | undefined> {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.siteChanges('', '').pk },
      ScanIndexForward: false,
      Limit: 1,
    }),
  );
  return Items[0]?.sk as string | undefined;
}

/** The journal's entries after `from` up to and including `to`, oldest first. */
export async function siteChangesBetween(from: string | undefined, to: string): Promise<SiteChanges[]> {
  const items = await queryAll<SiteChanges>({
    KeyConditionExpression: from ? 'pk = :pk AND sk BETWEEN :from AND :to' : 'pk = :pk AND sk <= :to',
    ExpressionAttributeValues: { ':pk': keys.siteChanges('', '').pk, ':to': to, ...(from && { ':from': from }) },
  });
  return items.filter((i) => i.sk !== from).map((i) => ({ sk: i.sk, put: i.put ?? [], removed: i.removed ?? [] }));
}

/** The oldest entry the journal still holds: a run whose cursor is older has lost changes and runs in full. */
export async function oldestSiteChange(): Promise<string | undefined> {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.siteChanges('', '').pk },
      Limit: 1,
    }),
  );
  return Items[0]?.sk as string | undefined;
}

// --- Each page's last check -------------------------------------------------------------------

export interface PageRecord {
  key: string;
  agencyId: string;
  /** Its links to items, attachments and reports (what can disappear). */
  links: string[];
  findings: Omit<Finding, 'agencyId' | 'page'>[];
}

export async function getPageRecords(pageKeys: string[]): Promise<Map<string, PageRecord>> {
  const found = new Map<string, PageRecord>();
  for (let i = 0; i < pageKeys.length; i += 100) {
    let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
      [tableName]: { Keys: pageKeys.slice(i, i + 100).map((k) => keys.sitePage(k)) },
    };
    for (let attempt = 0; request?.[tableName]; attempt++) {
      const { Responses = {}, UnprocessedKeys } = await db.send(new BatchGetCommand({ RequestItems: request }));
      for (const item of Responses[tableName] ?? []) found.set(item.key as string, item as PageRecord);
      request = UnprocessedKeys as typeof request;
      if (request?.[tableName]) await pause(attempt);
    }
  }
  return found;
}

/**
 * Writes pages' new checks and the link changes they bring; removes the records of pages gone. A
 * page with findings is on its agency's list (sparse index), one without is not.
 */
export async function savePageChecks(
  checks: { record: PageRecord; previous?: PageRecord }[],
  gone: PageRecord[],
): Promise<void> {
  const writes: Record<string, unknown>[] = [];
  for (const { record, previous } of checks) {
    writes.push({
      PutRequest: {
        Item: {
          ...keys.sitePage(record.key),
          ...record,
          ...(record.findings.length && { gsi1pk: keys.pageFindings(record.agencyId).gsi1pk, gsi1sk: record.key }),
        },
      },
    });
    const before = new Set(previous?.links ?? []);
    const after = new Set(record.links);
    for (const target of after)
      if (!before.has(target)) writes.push({ PutRequest: { Item: keys.linkTo(target, record.key) } });
    for (const target of before)
      if (!after.has(target)) writes.push({ DeleteRequest: { Key: keys.linkTo(target, record.key) } });
  }
  for (const record of gone) {
    writes.push({ DeleteRequest: { Key: keys.sitePage(record.key) } });
    for (const target of record.links) writes.push({ DeleteRequest: { Key: keys.linkTo(target, record.key) } });
  }
  await batchWrite(writes);
}

/** The pages that link to `target` (as their last check found them). */
export async function linksInto(target: string): Promise<string[]> {
  const items = await queryAll<{ sk: string }>({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.linkTo(target, '').pk },
  });
  return items.map((i) => i.sk);
}

/** An agency's pages with findings: as many as have them, not as many as it has. */
export async function pagesWithFindings(agencyId: string): Promise<PageRecord[]> {
  return queryAll<PageRecord>({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.pageFindings(agencyId).gsi1pk },
  });
}

// --- Runs, state, thresholds ---------------------------------------------------------------------

export interface InspectionState {
  /** The journal entry the last run read up to. */
  journalCursor?: string;
  lastRunAt?: string;
}

export async function getInspectionState(): Promise<InspectionState> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.inspectionState(), ConsistentRead: true }),
  );
  return (Item ?? {}) as InspectionState;
}

export async function saveInspectionState(state: InspectionState): Promise<void> {
  await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.inspectionState(), ...state } }));
}

export interface InspectionRun {
  ranAt: string;
  /** Every page read (a full run), or only those changed since the last run. */
  full: boolean;
  by: string;
  findings: Finding[];
  /** Findings of each rule and agency beyond those listed (a run lists at most `listedPerRule` of each). */
  omitted: { rule: string; agencyId: string; count: number }[];
  measure: { pagesRead: number; s3Requests: number; linksChecked: number; removed: number; ms: number };
  /** Findings by agency and severity (the history lists these without reading the findings). */
  counts: Record<string, Partial<Record<Severity, number>>>;
}

export async function saveInspectionRun(run: InspectionRun): Promise<void> {
  await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.inspectionRun(run.ranAt), ...run } }));
}

/** The newest runs, newest first: when, whether in full, and their counts (not their findings). */
export async function listInspectionRuns(limit: number): Promise<Pick<InspectionRun, 'ranAt' | 'full' | 'counts'>[]> {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      ProjectionExpression: 'ranAt, #full, #counts',
      ExpressionAttributeNames: { '#full': 'full', '#counts': 'counts' },
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :run)',
      ExpressionAttributeValues: { ':pk': keys.inspectionState().pk, ':run': 'RUN#' },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return Items as Pick<InspectionRun, 'ranAt' | 'full' | 'counts'>[];
}

export async function getInspectionRun(ranAt: string): Promise<InspectionRun | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.inspectionRun(ranAt) }));
  return Item as InspectionRun | undefined;
}

export async function getThresholds(): Promise<InspectionThresholds & { version: number }> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.inspectionSettings(), ConsistentRead: true }),
  );
  if (!Item) return { ...defaultThresholds, version: 0 };
  const { pk: _pk, sk: _sk, ...stored } = Item;
  return { ...defaultThresholds, ...(stored as Partial<InspectionThresholds>), version: Number(stored.version) || 0 };
}

/** Saves thresholds over the version read; false when someone saved meanwhile. */
export async function saveThresholds(thresholds: InspectionThresholds, version: number, by: string): Promise<boolean> {
  try {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...keys.inspectionSettings(), ...thresholds, version: version + 1, by, at: new Date().toISOString() },
        ConditionExpression: version ? 'version = :v' : 'attribute_not_exists(pk)',
        ...(version && { ExpressionAttributeValues: { ':v': version } }),
      }),
    );
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

// --- Helpers -------------------------------------------------------------------------------------

const pause = (attempt: number) => {
  if (attempt > 8) throw new Error('batch request left items unprocessed');
  return new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
};

/** BatchWrite in 25s, retrying what DynamoDB left unprocessed; each key once per batch. */
async function batchWrite(requests: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < requests.length; i += 25) {
    let items: Record<string, unknown>[] | undefined = requests.slice(i, i + 25);
    for (let attempt = 0; items?.length; attempt++) {
      const { UnprocessedItems } = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: items } }));
      items = UnprocessedItems?.[tableName] as Record<string, unknown>[] | undefined;
      if (items?.length) await pause(attempt);
    }
  }
}

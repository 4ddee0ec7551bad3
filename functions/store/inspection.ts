/**
 * 自查's records: the renderer's journal of the site's changes (what each render pass put and
 * removed), each page's last check (its links to items, files and reports, and its findings), the
 * links into each such target (to re-check what pointed at a page once it is removed), the runs with
 * their reports, and the thresholds.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AgencyKind } from '#core/agency.ts';
import { defaultThresholds, type Finding, type InspectionThresholds, type Severity } from '#core/inspection.ts';
import { batchGet, batchWrite, db, isConditionFailure, queryAll, tableName } from '#lib/dynamo.ts';
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

// --- Each page's last check -------------------------------------------------------------------

export interface PageRecord {
  key: string;
  agencyId: string;
  /** Its links to items, attachments and reports (what can disappear). */
  links: string[];
  findings: Omit<Finding, 'agencyId' | 'page'>[];
}

export async function getPageRecords(pageKeys: string[]): Promise<Map<string, PageRecord>> {
  const items = (await batchGet(pageKeys.map((k) => keys.sitePage(k)))) as unknown as PageRecord[];
  return new Map(items.map((item) => [item.key, item]));
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

// --- Each agency's records, as its last check found them -----------------------------------------

/**
 * What 自查 last found of one agency's records: its columns by their newest item, whether last year's
 * report was published, and its pages' findings (at most `listedPerRule` of each rule, the rest
 * counted). A run checks again only the agencies whose pages changed since (a publication, a
 * withdrawal, a report published: the renderer writes their pages) and judges every agency's dates
 * against today from these, so a column gone stale or a report gone late is found on its day.
 */
export interface AgencyRecords {
  agencyId: string;
  name: string;
  kind: AgencyKind;
  /** Portal order (the order every agency was listed in). */
  order: number;
  columns: { slug: string; name: string; page: string; newest?: string }[];
  report: { year: number; done: boolean };
  pages: Finding[];
  /** Page findings beyond those kept, by rule. */
  pagesOmitted: Partial<Record<string, number>>;
  /** The urgent findings last e-mailed (their digest): an agency is told again only when they change. */
  told?: string;
}

/** Every agency's records (one query over small items: no read per agency). */
export async function listAgencyRecords(): Promise<Map<string, AgencyRecords>> {
  const items = await queryAll<AgencyRecords & { pk: string; sk: string }>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :rec)',
    ExpressionAttributeValues: { ':pk': keys.inspectionState().pk, ':rec': 'REC#' },
  });
  return new Map(items.map(({ pk: _pk, sk: _sk, ...record }) => [record.agencyId, record]));
}

export async function saveAgencyRecords(records: AgencyRecords[], removed: string[]): Promise<void> {
  await batchWrite([
    ...records.map((record) => ({ PutRequest: { Item: { ...keys.inspectionRecords(record.agencyId), ...record } } })),
    ...removed.map((agencyId) => ({ DeleteRequest: { Key: keys.inspectionRecords(agencyId) } })),
  ]);
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
  measure: {
    pagesRead: number;
    s3Requests: number;
    linksChecked: number;
    removed: number;
    ms: number;
    /** External links checked this run (at most `checksPerRun`) and the requests they took. */
    externalChecked?: number;
    externalRequests?: number;
  };
  /** Findings by agency and severity (the history lists these without reading the findings). */
  counts: Record<string, Partial<Record<Severity, number>>>;
}

/**
 * A run: its summary in one item, and each agency's findings in one of its own, so a province's run
 * never meets the item size limit and a report reads only the agencies its reader sees.
 */
export async function saveInspectionRun(run: InspectionRun): Promise<void> {
  const { findings, omitted, ...summary } = run;
  const agencies = new Set([...findings.map((f) => f.agencyId), ...omitted.map((o) => o.agencyId)]);
  await batchWrite(
    [...agencies].map((agencyId) => ({
      PutRequest: {
        Item: {
          ...keys.inspectionFindings(run.ranAt, agencyId),
          agencyId,
          findings: findings.filter((f) => f.agencyId === agencyId),
          omitted: omitted.filter((o) => o.agencyId === agencyId),
        },
      },
    })),
  );
  // The summary last: a run is listed only once its findings are all written.
  await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.inspectionRun(run.ranAt), ...summary } }));
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

/** A run with the findings of the agencies named (one item each). */
export async function getInspectionRun(ranAt: string, agencyIds: string[]): Promise<InspectionRun | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.inspectionRun(ranAt) }));
  if (!Item) return undefined;
  const parts = (await batchGet(agencyIds.map((id) => keys.inspectionFindings(ranAt, id)))) as unknown as Pick<
    InspectionRun,
    'findings' | 'omitted'
  >[];
  return {
    ...(Item as Omit<InspectionRun, 'findings' | 'omitted'>),
    findings: parts.flatMap((p) => p.findings),
    omitted: parts.flatMap((p) => p.omitted),
  };
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
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

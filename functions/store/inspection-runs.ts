/**
 * 自查's runs: the state the next run starts from, each run's summary (its findings are the agencies',
 * referenced: store/agency-judgements.ts), and the thresholds the runs judge by.
 */
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { defaultThresholds, type Finding, type InspectionThresholds } from '#core/inspection.ts';
import { batchGet, conditionHeld, db, tableName } from '#lib/dynamo.ts';
import { agencyFindingsAsOf, type SeverityCounts } from './agency-judgements.ts';
import * as keys from './keys.ts';

export interface InspectionState {
  /** The journal entry the last run read up to. */
  journalCursor?: string;
  lastRunAt?: string;
  /** The thresholds' version the kept judgements were made under (another: every agency judged again). */
  thresholdsVersion?: number;
  /** The records' format (2: counts kept, findings referenced); an older one: every agency checked again. */
  records?: number;
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
  /** 2: the agencies' findings are their own items, referenced (earlier: copied per run, `FINDINGS#`). */
  format?: number;
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
  /**
   * Format 2: the portal's totals by severity (its government and the agencies under it, as the
   * portal-wide report counts them) and by rule over every agency. Earlier: by agency and severity.
   */
  counts: SeverityCounts | Record<string, SeverityCounts>;
  byRule?: Partial<Record<string, number>>;
}

/** A run's summary: one item whatever the number of agencies (their findings are referenced, not copied). */
export async function saveInspectionRun(run: InspectionRun): Promise<void> {
  await db.send(
    new PutCommand({ TableName: tableName, Item: { ...keys.inspectionRun(run.ranAt), ...run, format: 2 } }),
  );
}

/** The newest runs, newest first: when, whether in full, and their counts (not their findings). */
export async function listInspectionRuns(
  limit: number,
): Promise<Pick<InspectionRun, 'ranAt' | 'full' | 'counts' | 'format'>[]> {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      ProjectionExpression: 'ranAt, #full, #counts, #format',
      ExpressionAttributeNames: { '#full': 'full', '#counts': 'counts', '#format': 'format' },
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :run)',
      ExpressionAttributeValues: { ':pk': keys.inspectionState().pk, ':run': 'RUN#' },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return Items as Pick<InspectionRun, 'ranAt' | 'full' | 'counts' | 'format'>[];
}

export async function getInspectionRunSummary(ranAt: string): Promise<InspectionRun | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.inspectionRun(ranAt) }));
  if (!Item) return undefined;
  const { pk: _pk, sk: _sk, ...run } = Item;
  return run as InspectionRun;
}

/**
 * A run's findings and counts of the agencies named, each agency's: referenced (format 2), or as an
 * earlier run copied them (its counts by agency in its summary).
 */
export async function runFindings(
  run: Pick<InspectionRun, 'ranAt' | 'format' | 'counts'>,
  agencyIds: string[],
  gone: string[] = [],
): Promise<
  {
    agencyId: string;
    findings: Finding[];
    omitted: { rule: string; count: number; agencyId?: string }[];
    counts: SeverityCounts;
  }[]
> {
  if (run.format === 2) return agencyFindingsAsOf(agencyIds, run.ranAt, gone);
  agencyIds = [...agencyIds, ...gone];
  const parts = (await batchGet(agencyIds.map((id) => keys.inspectionFindings(run.ranAt, id)))) as unknown as {
    agencyId: string;
    findings: Finding[];
    omitted: { rule: string; count: number }[];
  }[];
  const counts = run.counts as Record<string, SeverityCounts>;
  const found = new Map(parts.map((p) => [p.agencyId, p]));
  return agencyIds.map((agencyId) => ({
    agencyId,
    findings: found.get(agencyId)?.findings ?? [],
    omitted: found.get(agencyId)?.omitted ?? [],
    counts: counts[agencyId] ?? {},
  }));
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
  return conditionHeld(
    db.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...keys.inspectionSettings(), ...thresholds, version: version + 1, by, at: new Date().toISOString() },
        ConditionExpression: version ? 'version = :v' : 'attribute_not_exists(pk)',
        ...(version && { ExpressionAttributeValues: { ':v': version } }),
      }),
    ),
  );
}

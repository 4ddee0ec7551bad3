import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Application, ApplicantColumn, TimelineEvent } from '#core/application.ts';
import type { AuditEvent, CaseState } from '#core/workflow.ts';
import { db, isConditionFailure, queryAll, tableName } from '#lib/dynamo.ts';
import { keys } from './design.ts';

const dayInSeconds = 24 * 3600;
/** A claim older than this belongs to a request that died; a retry may take it over. */
const staleClaimMs = 30_000;

/** What a submission's idempotency key maps to for 24 hours. */
export interface SubmissionRecord {
  fingerprint: string;
  state: 'pending' | 'done';
  claimedAt: number;
  receiptNumber?: string;
  /** Salt of the query code's derivation (see deriveQueryCode); gone with the record. */
  codeSalt?: string;
  receiptDate?: string;
  replyDue?: string | null;
}

/** Claims the key for this request, or returns what an earlier request with the key left. */
export async function claimSubmission(keyHash: string, fingerprint: string, now = Date.now()): Promise<{ claimed: true; claimedAt: number } | { claimed: false; record?: SubmissionRecord }> {
  try {
    await db.send(new PutCommand({
      TableName: tableName,
      Item: { ...keys.idempotency(keyHash), fingerprint, state: 'pending', claimedAt: now, expiresAt: Math.floor(now / 1000) + dayInSeconds },
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now OR (#state = :pending AND claimedAt < :stale)',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':now': Math.floor(now / 1000), ':pending': 'pending', ':stale': now - staleClaimMs },
    }));
    return { claimed: true, claimedAt: now };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return { claimed: false, record: await readSubmission(keyHash) };
  }
}

export async function readSubmission(keyHash: string): Promise<SubmissionRecord | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.idempotency(keyHash), ConsistentRead: true }));
  return Item as SubmissionRecord | undefined;
}

/** Gives the key back after a failed attempt, so an immediate retry is not told to wait. */
export async function releaseClaim(keyHash: string, claimedAt: number): Promise<void> {
  await db.send(new DeleteCommand({
    TableName: tableName,
    Key: keys.idempotency(keyHash),
    ConditionExpression: 'claimedAt = :claimedAt AND #state = :pending',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: { ':claimedAt': claimedAt, ':pending': 'pending' },
  })).catch(() => undefined);
}

/** The agency's next receipt sequence number for the year (a failed submission leaves a gap). */
export async function nextReceiptSequence(agencyId: string, year: number): Promise<number> {
  const { Attributes } = await db.send(new UpdateCommand({
    TableName: tableName,
    Key: keys.sequence(agencyId, year),
    UpdateExpression: 'ADD seq :one',
    ExpressionAttributeValues: { ':one': 1 },
    ReturnValues: 'UPDATED_NEW',
  }));
  return Attributes!.seq as number;
}

export interface StoredApplication extends Application {
  queryCodeHash: string;
  queryCodeHashSalt: string;
}

export interface Submission {
  application: StoredApplication;
  event: TimelineEvent;
  column: ApplicantColumn;
  keyHash: string;
  claimedAt: number;
  codeSalt: string;
  replyDue: string | null;
}

/**
 * One transaction: the application, its first timeline event, the report counter it adds to
 * (本年新收, by receipt year and applicant column) and the idempotency record's result.
 */
export async function recordSubmission(submission: Submission): Promise<void> {
  const { application, event, column, keyHash, claimedAt, codeSalt, replyDue } = submission;
  const year = Number(application.receiptDate.slice(0, 4));
  await db.send(new TransactWriteCommand({
    TransactItems: [
      {
        Put: {
          TableName: tableName,
          Item: { ...keys.application(application.receiptNumber), ...keys.agencyApplications(application.agencyId, application.receiptDate, application.receiptNumber), ...application },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      { Put: { TableName: tableName, Item: { ...keys.applicationEvent(application.receiptNumber, event.at, 0), ...event } } },
      {
        Update: {
          TableName: tableName,
          Key: keys.stats(application.agencyId, year),
          UpdateExpression: 'ADD #column :one',
          ExpressionAttributeNames: { '#column': `received_${column}` },
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
      {
        Update: {
          TableName: tableName,
          Key: keys.idempotency(keyHash),
          UpdateExpression: 'SET #state = :done, receiptNumber = :number, codeSalt = :salt, receiptDate = :date, replyDue = :due',
          ConditionExpression: 'claimedAt = :claimedAt',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':done': 'done', ':number': application.receiptNumber, ':salt': codeSalt, ':date': application.receiptDate,
            ':due': replyDue, ':claimedAt': claimedAt,
          },
        },
      },
    ],
  }));
}

export interface StoredEvent extends TimelineEvent {
  actor?: string;
  public: boolean;
}

/** The application and its whole timeline (public and internal), oldest first, in one query. */
export async function getApplication(receiptNumber: string): Promise<{ application: StoredApplication; events: StoredEvent[] } | undefined> {
  const { Items = [] } = await db.send(new QueryCommand({
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.application(receiptNumber).pk },
    ConsistentRead: true,
  }));
  const item = Items.find((i) => i.sk === 'APP');
  if (!item) return undefined;
  const events = Items.filter((i) => String(i.sk).startsWith('EVENT#'))
    .map(({ at, type, text, actor, public: visible }) => ({ at, type, text, actor, public: visible !== false }) as StoredEvent);
  return { application: item as StoredApplication, events };
}

/** The report counters of an agency's year: `received_<column>`, and `ended_<row>_<column>` by table 三 row. */
export async function getStats(agencyId: string, year: number): Promise<Record<string, number>> {
  const { Item = {} } = await db.send(new GetCommand({ TableName: tableName, Key: keys.stats(agencyId, year), ConsistentRead: true }));
  return Object.fromEntries(Object.entries(Item).filter(([k]) => /^(received|ended)_/.test(k))) as Record<string, number>;
}

/** An agency's applications, newest receipt first (the staff queue). */
export function listAgencyApplications(agencyId: string): Promise<StoredApplication[]> {
  return queryAll<StoredApplication>({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.agencyApplicationList(agencyId).gsi1pk },
    ScanIndexForward: false,
  });
}

export class StaleApplicationError extends Error {
  constructor() {
    super('stale application version');
    this.name = 'StaleApplicationError';
  }
}

/**
 * One transaction: the application's new state (only if still at `expectedVersion` and of the
 * agency acting), its audit event, and, when the transition ends the application, the table 三
 * counter of its row and applicant column in the year it ended.
 */
export async function recordTransition(options: {
  application: StoredApplication;
  expectedVersion: number;
  agencyId: string;
  state: CaseState;
  event: AuditEvent;
  column: ApplicantColumn;
  /** Shown on the applicant's timeline (internal steps such as an extension request are not). */
  visibleToApplicant: boolean;
}): Promise<number> {
  const { application, expectedVersion, agencyId, state, event, column, visibleToApplicant } = options;
  const { status, clock, ...handling } = state;
  const version = expectedVersion + 1;
  const at = new Date().toISOString();
  const ends = state.reportRow && state.reportRow !== application.handling?.reportRow;
  try {
    await db.send(new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: tableName,
            Key: keys.application(application.receiptNumber),
            UpdateExpression: 'SET #status = :status, clock = :clock, handling = :handling, receiptDate = :receiptDate, version = :version',
            ConditionExpression: 'version = :expected AND agencyId = :agency',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':status': status, ':clock': clock, ':handling': handling, ':receiptDate': clock.receiptDate,
              ':version': version, ':expected': expectedVersion, ':agency': agencyId,
            },
          },
        },
        { Put: { TableName: tableName, Item: { ...keys.applicationEvent(application.receiptNumber, at, version), at, type: event.type, text: event.text, actor: event.actor, public: visibleToApplicant } } },
        ...(ends ? [{
          Update: {
            TableName: tableName,
            Key: keys.stats(application.agencyId, Number(event.on.slice(0, 4))),
            UpdateExpression: 'ADD #counter :one',
            ExpressionAttributeNames: { '#counter': `ended_${state.reportRow}_${column}` },
            ExpressionAttributeValues: { ':one': 1 },
          },
        }] : []),
      ],
    }));
  } catch (error) {
    if (isConditionFailure(error)) throw new StaleApplicationError();
    throw error;
  }
  return version;
}

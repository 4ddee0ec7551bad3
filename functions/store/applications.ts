import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Application, ApplicantColumn, TimelineEvent } from '#core/application.ts';
import { db, tableName } from '#lib/dynamo.ts';
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

const isConditionFailure = (error: unknown) =>
  (error as Error).name === 'ConditionalCheckFailedException' ||
  ((error as Error).name === 'TransactionCanceledException' && String((error as Error).message).includes('ConditionalCheckFailed'));

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

/** The application and its timeline, oldest first, in one query. */
export async function getApplication(receiptNumber: string): Promise<{ application: StoredApplication; events: TimelineEvent[] } | undefined> {
  const { Items = [] } = await db.send(new QueryCommand({
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.application(receiptNumber).pk },
    ConsistentRead: true,
  }));
  const item = Items.find((i) => i.sk === 'APP');
  if (!item) return undefined;
  const events = Items.filter((i) => String(i.sk).startsWith('EVENT#')).map(({ at, type, text }) => ({ at, type, text }) as TimelineEvent);
  return { application: item as StoredApplication, events };
}

/** The report counters of an agency's year (table 三 columns as `received_<column>`). */
export async function getStats(agencyId: string, year: number): Promise<Record<string, number>> {
  const { Item = {} } = await db.send(new GetCommand({ TableName: tableName, Key: keys.stats(agencyId, year), ConsistentRead: true }));
  return Object.fromEntries(Object.entries(Item).filter(([k]) => k.startsWith('received_'))) as Record<string, number>;
}

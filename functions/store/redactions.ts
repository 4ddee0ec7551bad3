/**
 * Redactions (部分公开): one file's marks, its state from marking to applied, the verification of the
 * produced file and its audit, and the pointer from the pending upload a produced file became to the
 * redaction, so the answer that gives that upload records what was withheld and on which grounds.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { LocatedMark, Verification, WithheldPart } from '#core/redaction.ts';
import { conditionHeld, db, isConditionFailure, tableName, transactWrite } from '#lib/dynamo.ts';
import * as keys from './keys.ts';
import { StaleVersionError } from './stale.ts';

export type RedactionState = 'marking' | 'producing' | 'ready' | 'failed' | 'applied';
export type RedactionSource =
  | { kind: 'answer'; receiptNumber: string; upload: string }
  | { kind: 'attachment'; publicationId: string; attachment: string };

export interface StoredRedaction {
  id: string;
  version: number;
  agencyId: string;
  state: RedactionState;
  source: RedactionSource;
  fileName: string;
  contentType: string;
  format: string;
  /** Each page's size in its own units (PDF points, image pixels); none for DOCX, XLSX. */
  pages: { width: number; height: number }[];
  /** The original, kept in the private bucket (never public). */
  originalKey: string;
  /** Located marks; `strings` (what they withhold) stay here, for the engine's check only. */
  marks: LocatedMark[];
  /** Marks found nowhere in the file, named for the staff member. */
  warnings?: string[];
  /** The producing job. */
  jobId?: string;
  verification?: Verification;
  /** The produced file (only when its verification passed), and the upload it became for an answer. */
  result?: { key: string; contentType: string; fileName: string; size: number; upload?: string };
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** One line of a redaction's audit: grounds, reasons and counts, never the withheld words. */
export interface RedactionEvent {
  type: 'create' | 'mark' | 'produce' | 'ready' | 'failed' | 'apply';
  actor: string;
  actorName?: string;
  at: string;
  text: string;
}

type TransactItems = Parameters<typeof transactWrite>[0];

const eventPut = (id: string, event: RedactionEvent, n = 0) => ({
  Put: { TableName: tableName, Item: { ...keys.redactionEvent(id, event.at, n), ...event } },
});

export async function createRedaction(item: StoredRedaction, event: RedactionEvent): Promise<void> {
  await transactWrite([
    {
      Put: {
        TableName: tableName,
        Item: { ...keys.redaction(item.id), ...item },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    eventPut(item.id, event),
  ]);
}

export async function getRedaction(id: string): Promise<StoredRedaction | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.redaction(id), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  const { pk: _pk, sk: _sk, ...item } = Item;
  return item as StoredRedaction;
}

export async function redactionEvents(id: string): Promise<RedactionEvent[]> {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :events)',
      ExpressionAttributeValues: { ':pk': keys.redaction(id).pk, ':events': 'EVENT#' },
      // The newest 50 steps (each saved set of marks is one): a view's size does not grow with the clicks.
      ScanIndexForward: false,
      Limit: 50,
    }),
  );
  return Items.map(({ type, actor, actorName, at, text }) => ({ type, actor, actorName, at, text }) as RedactionEvent);
}

/** The redaction's next state, only from `expectedVersion`, with its audit event: a transaction's writes (a publication's step carries them). */
export const redactionWrites = (
  next: StoredRedaction,
  expectedVersion: number,
  event: RedactionEvent | undefined,
): TransactItems => [
  {
    Put: {
      TableName: tableName,
      Item: { ...keys.redaction(next.id), ...next },
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: { ':expected': expectedVersion },
    },
  },
  ...(event ? [eventPut(next.id, event)] : []),
];

/**
 * The redaction's next state, only from `expectedVersion` (else StaleVersionError), with its audit
 * event and whatever else the step writes in the same transaction (the producing job, the pointer).
 */
export async function saveRedaction(
  next: StoredRedaction,
  expectedVersion: number,
  event: RedactionEvent | undefined,
  also: TransactItems = [],
): Promise<void> {
  try {
    await transactWrite([...redactionWrites(next, expectedVersion, event), ...also]);
  } catch (error) {
    if (isConditionFailure(error)) throw new StaleVersionError('redaction');
    throw error;
  }
}

/** What the answer records of a file that came from a redaction. */
export interface RedactedUpload {
  redactionId: string;
  agencyId: string;
  /** The application it was redacted for (whose own numbers the privacy guard's marks left out): given in no other. */
  receiptNumber: string;
  withheld: WithheldPart[];
}

/** Pending uploads expire within two days (the bucket's lifecycle); the pointer a little later. */
const pointerSeconds = 3 * 24 * 3600;

/** The pointer from the pending upload a produced file became to its redaction, as a transaction's write. */
export const redactedUploadPut = (uploadId: string, pointer: RedactedUpload) => ({
  Put: {
    TableName: tableName,
    Item: {
      ...keys.redactedUpload(uploadId),
      ...pointer,
      expiresAt: Math.floor(Date.now() / 1000) + pointerSeconds,
    },
  },
});

export async function getRedactedUpload(uploadId: string): Promise<RedactedUpload | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.redactedUpload(uploadId), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  const { redactionId, agencyId, receiptNumber, withheld } = Item;
  return { redactionId, agencyId, receiptNumber, withheld } as RedactedUpload;
}

/** The job's outcome, written only while the redaction is still being produced by that job. */
export async function finishProducing(next: StoredRedaction, jobId: string, event: RedactionEvent): Promise<boolean> {
  return conditionHeld(
    transactWrite([
      {
        Put: {
          TableName: tableName,
          Item: { ...keys.redaction(next.id), ...next },
          ConditionExpression: '#state = :producing AND jobId = :job',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':producing': 'producing', ':job': jobId },
        },
      },
      eventPut(next.id, event),
    ]),
  );
}

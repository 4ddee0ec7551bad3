/**
 * What a submission takes before it writes: the claim on its idempotency key (24 hours: a retry
 * answers the first submission's receipt) and the agency's next receipt sequence number.
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, isConditionFailure, tableName } from '#lib/dynamo.ts';
import { errorFields, log } from '#lib/log.ts';
import * as keys from './keys.ts';

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
export async function claimSubmission(
  keyHash: string,
  fingerprint: string,
  now = Date.now(),
): Promise<{ claimed: true; claimedAt: number } | { claimed: false; record?: SubmissionRecord }> {
  try {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.idempotency(keyHash),
          fingerprint,
          state: 'pending',
          claimedAt: now,
          expiresAt: Math.floor(now / 1000) + dayInSeconds,
        },
        ConditionExpression:
          'attribute_not_exists(pk) OR expiresAt < :now OR (#state = :pending AND claimedAt < :stale)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':now': Math.floor(now / 1000),
          ':pending': 'pending',
          ':stale': now - staleClaimMs,
        },
      }),
    );
    return { claimed: true, claimedAt: now };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return { claimed: false, record: await readSubmission(keyHash) };
  }
}

export async function readSubmission(keyHash: string): Promise<SubmissionRecord | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.idempotency(keyHash), ConsistentRead: true }),
  );
  return Item as SubmissionRecord | undefined;
}

/** Gives the key back after a failed attempt, so an immediate retry is not told to wait. */
export async function releaseClaim(keyHash: string, claimedAt: number): Promise<void> {
  await db
    .send(
      new DeleteCommand({
        TableName: tableName,
        Key: keys.idempotency(keyHash),
        ConditionExpression: 'claimedAt = :claimedAt AND #state = :pending',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':claimedAt': claimedAt, ':pending': 'pending' },
      }),
    )
    .catch((error: unknown) => log.warn('idempotency claim release failed; it expires by itself', errorFields(error)));
}

/** The agency's next receipt sequence number for the year (a failed submission leaves a gap). */
export async function nextReceiptSequence(agencyId: string, year: number): Promise<number> {
  const { Attributes } = await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.sequence(agencyId, year),
      UpdateExpression: 'ADD seq :one',
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Attributes!.seq as number;
}

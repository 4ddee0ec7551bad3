/** What DynamoDB's errors mean for the caller: a failed condition, or a race worth retrying. */
type CancellationReason = { Code?: string };
const reasonsOf = (error: unknown): CancellationReason[] =>
  (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? [];

/** A conditional write (alone or in a transaction) that failed its condition. */
export const isConditionFailure = (error: unknown) =>
  (error as Error).name === 'ConditionalCheckFailedException' ||
  ((error as Error).name === 'TransactionCanceledException' &&
    String((error as Error).message).includes('ConditionalCheckFailed'));

/**
 * A conditional write awaited: true once written, false when its condition did not hold (a race lost,
 * a record already there); any other error is thrown. The one place that turns a condition into a boolean.
 */
export async function conditionHeld(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Which items of a cancelled transaction failed their condition (by position); empty for other errors. */
export const failedConditions = (error: unknown): number[] =>
  reasonsOf(error).flatMap((reason, i) => (reason.Code === 'ConditionalCheckFailed' ? [i] : []));

/** Reasons a transaction may be cancelled that say nothing about its own items: try again. */
const transientReasons = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);

/**
 * A write that lost a race with another transaction on a shared item (an agency's counters, a
 * sequence) rather than failing on its own terms: it changed nothing, and trying again is safe.
 */
export function isTransientConflict(error: unknown): boolean {
  const name = (error as Error | undefined)?.name;
  if (name === 'TransactionConflictException' || name === 'TransactionInProgressException') return true;
  if (name !== 'TransactionCanceledException') return false;
  const reasons = reasonsOf(error).map((r) => r.Code ?? 'None');
  return (
    reasons.some((code) => transientReasons.has(code)) &&
    reasons.every((code) => code === 'None' || transientReasons.has(code))
  );
}

/** A write made only from the version read found the record changed since: the caller reads again (or tells the user to). */
export class StaleVersionError extends Error {
  constructor(what = 'record') {
    super(`stale ${what} version`);
    this.name = 'StaleVersionError';
  }
}

/** A page cursor the caller did not get from us, or got for another list (dynamo.ts decodeCursor). */
export class BadCursorError extends Error {
  constructor() {
    super('bad page cursor');
    this.name = 'BadCursorError';
  }
}

/** Contention that outlasted the retries: the write changed nothing; the caller may try again later. */
export class WriteContention extends Error {
  constructor(cause: unknown) {
    super('transaction kept conflicting with concurrent writes', { cause });
    this.name = 'WriteContention';
  }
}

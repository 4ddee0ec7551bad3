/**
 * One request's scope: once it has answered, nothing it started may touch the table or the buckets;
 * while it has time, a transient conflict may be retried beyond its usual count.
 * An answer given early (middy's timeout, 503 「处理超时」) leaves the operation's promise running —
 * locally in the same process, on Lambda in the next invocation that thaws it — and a write it made
 * then would be a write nobody was told of (an imported case whose query code never reached staff).
 * The clients refuse every call made from a scope that has answered.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

interface Scope {
  answered: boolean;
  /** Until when a transient conflict may still be retried (a share of the function's time), if known. */
  retryUntil?: number;
}

/** The share of a request's time that retries of transient conflicts may take; the rest is margin. */
const retryShare = 0.6;

const scopes = new AsyncLocalStorage<Scope>();

/** A call made after its request had answered: refused, so nothing is written that nobody was told of. */
export class AfterAnswerError extends Error {
  constructor(call: string) {
    super(`${call} refused: the request had already answered`);
    this.name = 'AfterAnswerError';
  }
}

/**
 * Runs one request's work (`timeLeftMs`: the function's remaining time, when known); when it has
 * answered (however), its scope is closed.
 */
export async function answering<T>(work: () => Promise<T>, timeLeftMs?: number): Promise<T> {
  const scope: Scope = {
    answered: false,
    ...(timeLeftMs !== undefined &&
      Number.isFinite(timeLeftMs) && { retryUntil: Date.now() + timeLeftMs * retryShare }),
  };
  try {
    return await scopes.run(scope, work);
  } finally {
    scope.answered = true;
  }
}

/** Whether the work this is called from belongs to a request that has answered. */
export const hasAnswered = () => scopes.getStore()?.answered === true;

/**
 * Whether a request may still retry a transient conflict: a request with time left keeps contending
 * (say for a gapless letter number with thirty colleagues) rather than answering 503 after a fixed
 * count. Outside a request (the workers), false: their retries are counted.
 */
export function mayRetryLonger(): boolean {
  const scope = scopes.getStore();
  return Boolean(scope?.retryUntil && !scope.answered && Date.now() < scope.retryUntil);
}

/** Holds a client to the rule: no call from a request's scope after it answered. */
export function refuseAfterAnswer(client: DynamoDBDocumentClient | S3Client) {
  (client as DynamoDBDocumentClient).middlewareStack.add(
    (next, context) => async (args) => {
      if (hasAnswered()) throw new AfterAnswerError(context.commandName ?? 'call');
      return next(args);
    },
    { step: 'initialize', name: 'refuseAfterAnswer' },
  );
}

import { mayRetryLonger } from './request-scope.ts';

/**
 * Bounded retries with full-jitter exponential back-off (AWS's recommended shape): the n-th wait is
 * uniform in [0, min(cap, base·2ⁿ)], so contenders that collided once spread out instead of
 * colliding again in step.
 */
export interface Backoff {
  attempts: number;
  baseMs: number;
  capMs: number;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const jitteredDelay = (attempt: number, { baseMs, capMs }: Backoff) =>
  Math.random() * Math.min(capMs, baseMs * 2 ** attempt);

/**
 * Runs `attempt` until it succeeds, fails with an error `retryable` does not accept, or the
 * attempts are used up (and, within a request, its share of time for retries: `mayRetryLonger`);
 * then `exhausted` turns the last retryable error into what the caller sees.
 */
export async function withRetries<T>(
  attempt: (n: number) => Promise<T>,
  retryable: (error: unknown) => boolean,
  backoff: Backoff,
  exhausted: (error: unknown) => Error = (error) => error as Error,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (!retryable(error)) throw error;
      // Past its count, a request with time left keeps trying (contention for one item clears in turn).
      if (n >= backoff.attempts && !mayRetryLonger()) throw exhausted(error);
      await sleep(jitteredDelay(n, backoff));
    }
  }
}

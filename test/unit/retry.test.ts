import { describe, expect, it } from 'vitest';
import { isTransientConflict } from '#lib/dynamo-errors.ts';
import { withRetries } from '#lib/retry.ts';

const cancelled = (...codes: string[]) =>
  Object.assign(new Error(`Transaction cancelled [${codes.join(', ')}]`), {
    name: 'TransactionCanceledException',
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

describe('transient write conflicts', () => {
  it('retries a transaction cancelled only because another one held a shared item', () => {
    expect(isTransientConflict(cancelled('None', 'TransactionConflict', 'None'))).toBe(true);
    expect(isTransientConflict(Object.assign(new Error('x'), { name: 'TransactionConflictException' }))).toBe(true);
  });

  it('does not retry a transaction that failed a condition of its own, even alongside a conflict', () => {
    expect(isTransientConflict(cancelled('ConditionalCheckFailed', 'TransactionConflict'))).toBe(false);
    expect(isTransientConflict(cancelled('None', 'None'))).toBe(false);
    expect(isTransientConflict(new Error('ValidationException'))).toBe(false);
  });
});

describe('bounded retries', () => {
  const fast = { attempts: 4, baseMs: 1, capMs: 2 };

  it('stops at the first success', async () => {
    let calls = 0;
    expect(
      await withRetries(
        async () => (++calls < 3 ? Promise.reject(new Error('busy')) : 'done'),
        () => true,
        fast,
      ),
    ).toBe('done');
    expect(calls).toBe(3);
  });

  it('gives up after the last attempt with what the caller asked for', async () => {
    let calls = 0;
    const run = withRetries(
      async () => Promise.reject(new Error(`busy ${++calls}`)),
      () => true,
      fast,
      (e) => new Error('contended', { cause: e }),
    );
    await expect(run).rejects.toMatchObject({ message: 'contended', cause: { message: 'busy 4' } });
    expect(calls).toBe(4);
  });

  it('never retries an error it was not told to', async () => {
    let calls = 0;
    await expect(
      withRetries(
        async () => Promise.reject(new Error(`no ${++calls}`)),
        () => false,
        fast,
      ),
    ).rejects.toThrow('no 1');
    expect(calls).toBe(1);
  });
});

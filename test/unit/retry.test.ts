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

describe('retries within a request', () => {
  const fast = { attempts: 3, baseMs: 1, capMs: 2 };
  const conflicting = (count: { n: number }, wins: number) => async () => {
    count.n += 1;
    if (count.n < wins) throw new Error('conflict');
    return 'done';
  };

  it('keeps contending past its count while the request has its share of time left', async () => {
    const { answering } = await import('#lib/request-scope.ts');
    const count = { n: 0 };
    const result = await answering(() => withRetries(conflicting(count, 12), () => true, fast), 10_000);
    expect([result, count.n]).toEqual(['done', 12]);
  });

  it('stops at its count outside a request, and when the request’s share of time is spent', async () => {
    const { answering } = await import('#lib/request-scope.ts');
    await expect(withRetries(conflicting({ n: 0 }, 12), () => true, fast)).rejects.toThrow('conflict');
    const count = { n: 0 };
    // A budget of 500 ms leaves a share of time for retries long enough for more than three attempts even on
    // a loaded machine (at 50 ms three attempts could outlast it), and it still ends long before 10,000.
    await expect(answering(() => withRetries(conflicting(count, 10_000), () => true, fast), 500)).rejects.toThrow(
      'conflict',
    );
    expect(count.n).toBeGreaterThan(3);
  });
});

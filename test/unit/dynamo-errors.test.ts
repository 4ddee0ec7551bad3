import { describe, expect, it } from 'vitest';
import { conditionHeld } from '#lib/dynamo-errors.ts';

const named = (name: string, message = name) => Object.assign(new Error(message), { name });

describe('conditionHeld', () => {
  it('is true once the write is done', async () => {
    expect(await conditionHeld(Promise.resolve({}))).toBe(true);
  });

  it('is false when the condition did not hold, alone or in a transaction', async () => {
    expect(await conditionHeld(Promise.reject(named('ConditionalCheckFailedException')))).toBe(false);
    const cancelled = named('TransactionCanceledException', 'Transaction cancelled [ConditionalCheckFailed, None]');
    expect(await conditionHeld(Promise.reject(cancelled))).toBe(false);
  });

  it('passes on any other failure', async () => {
    const down = named('ProvisionedThroughputExceededException');
    await expect(conditionHeld(Promise.reject(down))).rejects.toBe(down);
  });
});

import { describe, expect, it } from 'vitest';
import { conditionHeld, StaleVersionError } from '#lib/dynamo-errors.ts';
import { staleAs } from '#lib/errors.ts';

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

describe('staleAs', () => {
  it('answers a write from an outdated version as 409 stale-version with its message', async () => {
    const answered = Promise.reject(new StaleVersionError()).catch(staleAs('该信息已被他人更新，请刷新后重试。'));
    await expect(answered).rejects.toMatchObject({
      statusCode: 409,
      code: 'stale-version',
      message: '该信息已被他人更新，请刷新后重试。',
    });
  });

  it('passes on any other failure', async () => {
    const down = new Error('down');
    await expect(Promise.reject(down).catch(staleAs('已被他人更新'))).rejects.toBe(down);
  });
});

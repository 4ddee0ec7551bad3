import { describe, expect, it } from 'vitest';
import { canonicalJson, chained, stateHash, verifyChain, type ChainEvent } from '#core/case-chain.ts';

const state = { status: 'inProgress', clock: { receiptDate: '2026-09-21' } };
const steps = (): ChainEvent[] => {
  const events: ChainEvent[] = [];
  let head = '';
  for (const [i, type] of ['submitted', 'confirmReceipt', 'note'].entries()) {
    const link = chained('LSH-2026-00001', head, {
      at: `2026-09-2${i + 1}T02:00:00.000Z`,
      type,
      text: `第 ${i + 1} 步`,
      actor: 'lsh-handler',
      public: true,
      stateHash: stateHash(state),
    });
    events.push(link);
    head = link.hash;
  }
  return events;
};
const headOf = (events: ChainEvent[]) => events.at(-1)!.hash;

describe('the hash chain over an event log', () => {
  it('holds for the events as written', () => {
    const events = steps();
    expect(verifyChain('LSH-2026-00001', events, headOf(events), stateHash(state))).toEqual({
      intact: true,
      verified: 3,
      legacy: 0,
      problems: [],
    });
  });

  it('breaks where an event’s text is edited', () => {
    const events = steps();
    events[1] = { ...events[1]!, text: '改过的理由' };
    const check = verifyChain('LSH-2026-00001', events, headOf(events), stateHash(state));
    expect(check.intact).toBe(false);
    expect(check.problems).toEqual([expect.stringContaining('第 2 条记录')]);
  });

  it('breaks where an event is removed, inserted, or the state changed outside a step', () => {
    const events = steps();
    expect(verifyChain('LSH-2026-00001', events.slice(0, 2), headOf(events), stateHash(state)).intact).toBe(false);
    expect(verifyChain('LSH-2026-00001', [events[0]!, events[2]!], headOf(events), stateHash(state)).intact).toBe(
      false,
    );
    const inserted = [...events.slice(0, 2), { at: 'x', type: 'note', text: '补记', public: false }, events[2]!];
    expect(verifyChain('LSH-2026-00001', inserted, headOf(events), stateHash(state)).intact).toBe(false);
    expect(
      verifyChain('LSH-2026-00001', events, headOf(events), stateHash({ ...state, status: 'answered' })).problems,
    ).toEqual([expect.stringContaining('状态在办理步骤之外被修改')]);
  });

  it('counts events from before the chain apart, and leaves the query code’s records out', () => {
    const events = [
      { at: '2026-01-01', type: 'submitted', text: '旧记录', public: true },
      ...steps(),
      { at: '2026-09-30', type: 'codeReissued', text: '重新生成查询码', public: true },
    ];
    expect(verifyChain('LSH-2026-00001', events, headOf(steps()), stateHash(state))).toMatchObject({
      intact: true,
      legacy: 1,
      verified: 3,
    });
  });

  it('writes the same canonical text whatever the order of keys', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, undefined], c: 'x' }, e: undefined })).toBe(
      canonicalJson({ a: { c: 'x', d: [1, undefined] }, b: 1 }),
    );
  });
});

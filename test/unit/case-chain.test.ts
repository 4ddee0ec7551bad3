import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  chained,
  letterHash,
  receivedHash,
  stateHash,
  verifyChain,
  type ChainEvent,
} from '#core/case-chain.ts';
import type { Letter } from '#core/letters.ts';

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

  it('holds each letter and the application as received to the hash their step recorded', () => {
    const letter: Letter = {
      kind: 'receipt',
      title: '政府信息公开申请接收回执',
      number: '露政公收〔2026〕1号',
      issuedOn: '2026-09-21',
      agencyName: '露水河镇人民政府',
      recipient: '李明',
      paragraphs: ['我机关于 2026年9月21日 收到您的申请。'],
      closing: ['露水河镇人民政府', '2026年9月21日'],
      toApplicant: true,
    };
    const received = { applicant: { name: '李明' }, request: { title: '财政预算' }, delivery: {}, uploads: [] };
    const event = chained('LSH-2026-00001', '', {
      at: '2026-09-21T02:00:00.000Z',
      type: 'confirmReceipt',
      text: '确认收到',
      public: true,
      stateHash: stateHash(state),
      letter: { number: letter.number, hash: letterHash(letter) },
      receivedHash: receivedHash(received as never),
    });
    const check = (letters: Letter[], now = received) =>
      verifyChain('LSH-2026-00001', [event], event.hash, stateHash(state), {
        letters,
        received: receivedHash(now as never),
      }).problems;
    expect(check([letter])).toEqual([]);
    expect(check([{ ...letter, issuedOn: '2026-01-05' }])).toEqual([
      '文书露政公收〔2026〕1号与发出时的哈希不符：文书发出后被修改',
    ]);
    expect(check([])).toEqual(['文书露政公收〔2026〕1号已不在记录中：文书发出后被删除']);
    expect(check([letter], { ...received, request: { title: '全部资料' } })).toEqual([
      '收到时的申请（申请人、所需信息、附件）与记录时的哈希不符：申请内容在记录后被修改',
    ]);
    // The letter's number and hash are themselves chained: editing them breaks the event's own hash.
    const forged = {
      ...event,
      letter: { number: letter.number, hash: letterHash({ ...letter, issuedOn: '2026-01-05' }) },
    };
    expect(
      verifyChain('LSH-2026-00001', [forged], event.hash, stateHash(state), {
        letters: [{ ...letter, issuedOn: '2026-01-05' }],
        received: receivedHash(received as never),
      }).intact,
    ).toBe(false);
  });
});

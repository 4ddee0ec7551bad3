/**
 * Every action against every status: legal exactly where the regulation allows it (the table below is
 * written out from REGULATION.md §2–§4, independently of the state machine's own table), refused with
 * IllegalTransition everywhere else; and every action refused to a role that may not take it.
 */
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '#core/calendar.ts';
import { calculateFee } from '#core/fees.ts';
import type { Status } from '#core/application.ts';
import { IllegalTransition, sweepAction, transition, type Action, type CaseState } from '#core/workflow.ts';

const calendar = new WorkingCalendar();
const open: Status[] = ['registered', 'inProgress', 'correctionRequested', 'consulting', 'feeNotice'];
const all: Status[] = [...open, 'answered', 'closed', 'withdrawn', 'abandoned'];

const examples: Record<Action['type'], Action> = {
  confirmReceipt: { type: 'confirmReceipt' },
  requestCorrection: { type: 'requestCorrection', items: ['请明确年度'], periodDays: 10 },
  receiveCorrection: { type: 'receiveCorrection' },
  expireCorrection: { type: 'expireCorrection' },
  startConsultation: { type: 'startConsultation', party: '某公司', kind: 'thirdParty' },
  recordConsultationReply: { type: 'recordConsultationReply', reply: '同意' },
  requestExtension: { type: 'requestExtension', days: 10, reason: '需调档' },
  decideExtension: { type: 'decideExtension', approve: true, reason: '同意' },
  sendFeeNotice: { type: 'sendFeeNotice', calculation: calculateFee('perPage', 40), reason: '本月已申请 12 件' },
  recordPayment: { type: 'recordPayment' },
  expireFee: { type: 'expireFee' },
  answer: { type: 'answer', outcome: 'unable.notHeld', basis: '条例第三十六条第（四）项' },
  close: { type: 'close' },
  withdraw: { type: 'withdraw', reason: '申请人撤回' },
  assign: { type: 'assign', assignee: 'lsh-handler' },
  note: { type: 'note', text: '备注' },
  remind: { type: 'remind' },
  markOverdue: { type: 'markOverdue' },
};

/** Where each action is legal, and who takes it. */
const legal: Record<
  Action['type'],
  { from: Status[]; by: 'handler' | 'reviewer' | 'staff' | 'system' | 'handlerOrApplicant' }
> = {
  confirmReceipt: { from: ['registered'], by: 'handler' },
  requestCorrection: { from: ['registered', 'inProgress'], by: 'handler' },
  receiveCorrection: { from: ['correctionRequested'], by: 'handlerOrApplicant' },
  expireCorrection: { from: ['correctionRequested'], by: 'system' },
  startConsultation: { from: ['inProgress'], by: 'handler' },
  recordConsultationReply: { from: ['consulting'], by: 'handler' },
  requestExtension: { from: ['inProgress'], by: 'handler' },
  decideExtension: { from: ['inProgress', 'consulting', 'feeNotice'], by: 'reviewer' },
  sendFeeNotice: { from: ['inProgress'], by: 'handler' },
  recordPayment: { from: ['feeNotice'], by: 'handler' },
  expireFee: { from: ['feeNotice'], by: 'system' },
  answer: { from: ['inProgress'], by: 'handler' },
  close: { from: ['answered'], by: 'handler' },
  withdraw: { from: open, by: 'handler' },
  assign: { from: all, by: 'staff' },
  note: { from: all, by: 'staff' },
  remind: { from: ['registered', 'inProgress'], by: 'system' },
  markOverdue: { from: ['registered', 'inProgress'], by: 'system' },
};

const late = new Set<Action['type']>(['expireCorrection', 'expireFee', 'markOverdue']);

/** A state of `status` with whatever the action needs (a pending correction, consultation, fee, extension request). */
function fixture(status: Status, type: Action['type']): CaseState {
  return {
    status,
    clock: { receiptDate: '2026-09-21' },
    ...(type !== 'requestCorrection' && {
      correction: { requestedOn: '2026-09-22', items: ['x'], dueBy: '2026-10-12' },
    }),
    consultation: { party: '某公司', kind: 'thirdParty', sentOn: '2026-09-23', dueBy: '2026-10-21' },
    ...(type !== 'sendFeeNotice' && {
      fee: { calculation: calculateFee('perPage', 40), noticeOn: '2026-09-23', dueBy: '2026-10-28' },
    }),
    ...(type !== 'requestExtension' && { extensionRequest: { days: 10, reason: 'x', requestedBy: 'lsh-handler' } }),
  };
}

const actorFor = (by: (typeof legal)[Action['type']]['by']) =>
  by === 'system'
    ? ('system' as const)
    : by === 'handlerOrApplicant'
      ? ('applicant' as const)
      : { username: 'lsh-staff', roles: by === 'staff' ? ['handler' as const] : [by] };

const cases = Object.keys(examples).flatMap((type) => all.map((status) => [type as Action['type'], status] as const));

describe('every action in every status', () => {
  it.each(cases)('%s from %s', (type, status) => {
    const rule = legal[type];
    const context = { calendar, today: late.has(type) ? '2026-12-01' : '2026-09-25', actor: actorFor(rule.by) };
    const attempt = () => transition(fixture(status, type), examples[type], context);
    if (rule.from.includes(status)) {
      expect(attempt().event.type).toBe(type);
    } else {
      expect(attempt).toThrow(IllegalTransition);
    }
  });

  const staffActions = Object.entries(legal).filter(([, rule]) => rule.by !== 'staff');
  it.each(staffActions)('refuses %s to every actor who may not take it', (type, rule) => {
    const wrongActors = [
      { username: 'x', roles: ['admin' as const] },
      ...(rule.by !== 'handler' && rule.by !== 'handlerOrApplicant'
        ? [{ username: 'x', roles: ['handler' as const] }]
        : []),
      ...(rule.by !== 'reviewer' ? [{ username: 'x', roles: ['reviewer' as const] }] : []),
      ...(rule.by !== 'system' ? ['system' as const] : []),
      ...(rule.by !== 'handlerOrApplicant' ? ['applicant' as const] : []),
    ];
    const status = rule.from[0]!;
    for (const actor of wrongActors) {
      expect(() =>
        transition(fixture(status, type as Action['type']), examples[type as Action['type']], {
          calendar,
          today: '2026-12-01',
          actor,
        }),
      ).toThrow('角色');
    }
  });
});

describe('the fee notice', () => {
  it('is sent once: a second notice after payment is refused (六 counts one amount per application)', () => {
    const paid: CaseState = {
      status: 'inProgress',
      clock: { receiptDate: '2026-09-21' },
      fee: {
        calculation: calculateFee('perPage', 40),
        noticeOn: '2026-09-23',
        dueBy: '2026-10-28',
        paidOn: '2026-09-24',
      },
    };
    expect(() =>
      transition(paid, examples.sendFeeNotice, {
        calendar,
        today: '2026-09-25',
        actor: { username: 'x', roles: ['handler'] },
      }),
    ).toThrow('已发出过收费通知');
  });
});

describe("the daily sweep's decision", () => {
  const running: CaseState = { status: 'inProgress', clock: { receiptDate: '2026-09-21' } }; // due 2026-10-26

  it('reminds within 3 working days of the deadline, once', () => {
    expect(sweepAction(running, calendar, '2026-10-20')).toBeUndefined();
    expect(sweepAction(running, calendar, '2026-10-21')).toEqual({ type: 'remind' });
    const reminded = transition(running, { type: 'remind' }, { calendar, today: '2026-10-21', actor: 'system' }).state;
    expect(sweepAction(reminded, calendar, '2026-10-22')).toBeUndefined();
  });

  it('marks an overdue reply once, the day after the deadline', () => {
    expect(sweepAction(running, calendar, '2026-10-26')).toEqual({ type: 'remind' });
    expect(sweepAction(running, calendar, '2026-10-27')).toEqual({ type: 'markOverdue' });
    const marked = transition(
      running,
      { type: 'markOverdue' },
      { calendar, today: '2026-10-27', actor: 'system' },
    ).state;
    expect(sweepAction(marked, calendar, '2026-11-05')).toBeUndefined();
  });

  it('expires a correction or fee period the day after it ends, and leaves paused applications alone until then', () => {
    const asked: CaseState = {
      ...running,
      status: 'correctionRequested',
      correction: { requestedOn: '2026-09-22', items: ['x'], dueBy: '2026-10-12' },
    };
    const fee: CaseState = {
      ...running,
      status: 'feeNotice',
      fee: { calculation: calculateFee('perPage', 40), noticeOn: '2026-09-23', dueBy: '2026-10-28' },
    };

    expect(sweepAction(asked, calendar, '2026-10-12')).toBeUndefined();
    expect(sweepAction(asked, calendar, '2026-10-13')).toEqual({ type: 'expireCorrection' });
    expect(sweepAction(fee, calendar, '2026-10-28')).toBeUndefined();
    expect(sweepAction(fee, calendar, '2026-10-29')).toEqual({ type: 'expireFee' });
    expect(sweepAction({ ...running, status: 'answered' }, calendar, '2026-12-01')).toBeUndefined();
  });
});

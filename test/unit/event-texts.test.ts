/**
 * Every event text that joins what staff typed with the platform's own words: staff end their words
 * as they like (a full stop, a semicolon, a stray space), and the timeline still reads as one
 * sentence, never 「…答复。。」 or 「（同意延期。）。」.
 */
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '#core/calendar.ts';
import { calculateFee } from '#core/fees.ts';
import { publicationTransition, type PublicationAction, type PublicationState } from '#core/publication.ts';
import { reviewKey } from '#core/privacy.ts';
import { reportTransition, type ReportAction } from '#core/report-lifecycle.ts';
import type { Status } from '#core/application.ts';
import { transition, type Action, type CaseState } from '#core/workflow.ts';

const calendar = new WorkingCalendar();
/** How staff end what they type. */
const endings = ['。', '。 ', '；', '.', '，'];

/** Doubled or misplaced marks: two in a row, or one just inside a closing bracket. */
const doubled = /[。；，、．.;,]{2,}|[。；，、．.;,][）)」]/u;

function expectOneSentence(text: string) {
  expect(text, text).not.toMatch(doubled);
  expect(text, text).toMatch(/[。？！]$/u);
}

/** Each application step, with every text field ending `end`, the status it is taken from and who takes it. */
const applicationSteps = (
  end: string,
): Record<Action['type'], { action: Action; from: Status; by: 'handler' | 'reviewer' | 'system' }> => ({
  confirmReceipt: {
    action: { type: 'confirmReceipt', receiptDate: '2026-09-22', reason: `系统故障次日补登${end}` },
    from: 'registered',
    by: 'handler',
  },
  requestCorrection: {
    action: { type: 'requestCorrection', items: [`请明确年度${end}`, `请补充身份证明${end}`], periodDays: 10 },
    from: 'registered',
    by: 'handler',
  },
  receiveCorrection: {
    action: { type: 'receiveCorrection', text: `所需信息为2025年的预算${end}` },
    from: 'correctionRequested',
    by: 'handler',
  },
  expireCorrection: { action: { type: 'expireCorrection' }, from: 'correctionRequested', by: 'system' },
  startConsultation: {
    action: { type: 'startConsultation', party: '某某建材有限公司', kind: 'thirdParty' },
    from: 'inProgress',
    by: 'handler',
  },
  recordConsultationReply: {
    action: { type: 'recordConsultationReply', reply: `不同意公开${end}` },
    from: 'consulting',
    by: 'handler',
  },
  requestExtension: {
    action: { type: 'requestExtension', days: 10, reason: `需调取档案，无法在法定期限内答复${end}` },
    from: 'inProgress',
    by: 'handler',
  },
  decideExtension: {
    action: { type: 'decideExtension', approve: true, reason: `同意延期${end}` },
    from: 'inProgress',
    by: 'reviewer',
  },
  sendFeeNotice: {
    action: {
      type: 'sendFeeNotice',
      calculation: calculateFee('perPage', 40),
      reason: `本月已申请 12 件${end}`,
    },
    from: 'inProgress',
    by: 'handler',
  },
  recordPayment: { action: { type: 'recordPayment' }, from: 'feeNotice', by: 'handler' },
  expireFee: { action: { type: 'expireFee' }, from: 'feeNotice', by: 'system' },
  answer: {
    action: {
      type: 'answer',
      outcome: 'disclosed',
      basis: `条例第三十六条第（二）项${end}`,
      location: `本机关网站政府信息公开专栏${end}`,
    },
    from: 'inProgress',
    by: 'handler',
  },
  close: { action: { type: 'close' }, from: 'answered', by: 'handler' },
  withdraw: { action: { type: 'withdraw', reason: `申请人电话告知撤回${end}` }, from: 'inProgress', by: 'handler' },
  assign: {
    action: { type: 'assign', assignee: 'lsh-handler', assigneeName: '陈静' },
    from: 'inProgress',
    by: 'handler',
  },
  note: { action: { type: 'note', text: `已电话联系申请人${end}` }, from: 'inProgress', by: 'handler' },
  remind: { action: { type: 'remind' }, from: 'inProgress', by: 'system' },
  markOverdue: { action: { type: 'markOverdue' }, from: 'inProgress', by: 'system' },
});

/** A state with whatever the action needs (a pending correction, consultation, fee, extension request). */
const stateFor = (status: Status, type: Action['type']): CaseState => ({
  status,
  clock: { receiptDate: '2026-09-21' },
  ...(type !== 'requestCorrection' && {
    correction: { requestedOn: '2026-09-22', items: ['x'], dueBy: '2026-10-12' },
  }),
  consultation: { party: '某某建材有限公司', kind: 'thirdParty', sentOn: '2026-09-23', dueBy: '2026-10-21' },
  ...(type !== 'sendFeeNotice' && {
    fee: { calculation: calculateFee('perPage', 40), noticeOn: '2026-09-23', dueBy: '2026-10-28' },
  }),
  ...(type === 'decideExtension' && { extensionRequest: { days: 10, reason: 'x', requestedBy: 'lsh-handler' } }),
});
const late = new Set<Action['type']>(['expireCorrection', 'expireFee', 'markOverdue']);

describe("an application's timeline", () => {
  for (const end of endings)
    it.each(Object.entries(applicationSteps(end)))(
      `reads as one sentence for %s (staff's text ending 「${end}」)`,
      (type, step) => {
        const actor =
          step.by === 'system' ? ('system' as const) : { username: `lsh-${step.by}`, roles: [step.by] as const };
        const { event } = transition(stateFor(step.from, type as Action['type']), step.action, {
          calendar,
          today: late.has(type as Action['type']) ? '2026-12-01' : '2026-09-24',
          actor: typeof actor === 'string' ? actor : { ...actor, roles: [...actor.roles] },
        });
        expectOneSentence(event.text);
      },
    );

  it('says 「不同意延期」 with the reason once', () => {
    const { event } = transition(
      stateFor('inProgress', 'decideExtension'),
      { type: 'decideExtension', approve: false, reason: '理由不充分。' },
      { calendar, today: '2026-09-24', actor: { username: 'lsh-reviewer', roles: ['reviewer'] } },
    );
    expect(event.text).toBe('不同意延期：理由不充分。');
  });
});

const content = {
  title: '露水河镇 2026 年财政预算',
  category: 'finance',
  topic: '财政、金融、审计',
  writtenOn: '2026-11-20',
  summary: '概述',
  bodyHtml: '<p>正文</p>',
  attachments: [],
};
const published = { revision: 1, content, publishedOn: '2026-11-23', late: false, lateText: '' };
/** A finished 个人信息检查 of the content that found nothing. */
const privacy = {
  key: reviewKey(content),
  state: 'done' as const,
  at: '2026-11-23',
  by: 'submit' as const,
  findings: [],
};

describe("an item's timeline", () => {
  const steps = (end: string): [PublicationAction, PublicationState][] => [
    [
      { type: 'return', comments: `请补充文号${end}` },
      { status: 'submitted', content, submittedBy: 'lsh-handler' },
    ],
    [
      { type: 'withdraw', reason: `信息有误${end}` },
      { status: 'published', content, published },
    ],
    [{ type: 'submit' }, { status: 'revising', content, published, revisionNote: `更正附件${end}` }],
    [
      { type: 'approve', secrecyCheck: `不涉密，同意公开${end}` },
      { status: 'submitted', content, submittedBy: 'lsh-handler', privacy },
    ],
  ];
  for (const end of endings)
    it(`reads as one sentence for return, withdraw, a revision's submission and approval (ending 「${end}」)`, () => {
      for (const [action, state] of steps(end)) {
        const { event } = publicationTransition(state, action, {
          calendar,
          today: '2026-11-24',
          actor: { username: 'lsh-reviewer', roles: ['handler', 'reviewer'] },
        });
        expectOneSentence(event.text);
      }
    });
});

describe("a report's timeline", () => {
  for (const end of endings)
    it(`reads as one sentence for a return (ending 「${end}」)`, () => {
      const action: ReportAction = { type: 'return', comments: `第五部分请写明完成时限${end}` };
      const { text } = reportTransition('submitted', action, {
        access: { read: true, compile: true, review: true, archive: false },
        year: 2025,
        thisYear: 2026,
        agencyKind: 'town',
        actor: 'fs-reviewer',
        submittedBy: 'lsh-handler',
      });
      expectOneSentence(text);
    });
});

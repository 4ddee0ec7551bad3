import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '#core/calendar.ts';
import { replyDue } from '#core/clock.ts';
import { calculateFee } from '#core/fees.ts';
import { IllegalTransition, transition, type Action, type CaseState, type Context } from '#core/workflow.ts';

const calendar = new WorkingCalendar();
const handler = { username: 'lsh-handler', roles: ['handler' as const] };
const reviewer = { username: 'lsh-reviewer', roles: ['reviewer' as const] };
const on = (today: string, actor: Context['actor'] = handler): Context => ({ calendar, today, actor });
const received: CaseState = { status: 'registered', clock: { receiptDate: '2026-09-21' } };

function run(steps: [Action, Context][], start: CaseState = received) {
  return steps.reduce((state, [action, context]) => transition(state, action, context).state, start);
}

describe('the application state machine', () => {
  it('confirms receipt and may correct the receipt date, with a reason', () => {
    const { state, event } = transition(
      received,
      { type: 'confirmReceipt', receiptDate: '2026-09-22', reason: '系统故障次日补登' },
      on('2026-09-22'),
    );

    expect(state).toMatchObject({ status: 'inProgress', clock: { receiptDate: '2026-09-22' } });
    expect(event).toMatchObject({ type: 'confirmReceipt', actor: 'lsh-handler', on: '2026-09-22' });
    expect(() => transition(received, { type: 'confirmReceipt', receiptDate: '2026-09-22' }, on('2026-09-22'))).toThrow(
      '须说明理由',
    );
  });

  it('restarts the 20-day clock when the corrected application arrives', () => {
    const state = run([
      [{ type: 'confirmReceipt' }, on('2026-09-21')],
      [{ type: 'requestCorrection', items: ['请明确所需信息的年度'], periodDays: 10 }, on('2026-09-24')],
      [{ type: 'receiveCorrection' }, on('2026-11-02')],
    ]);

    expect(state.status).toBe('inProgress');
    expect(replyDue(calendar, state.clock).due).toBe('2026-11-30');
  });

  it('refuses a correction notice after the 7th working day, and a second one', () => {
    const confirmed = run([[{ type: 'confirmReceipt' }, on('2026-09-21')]]);
    const asked = run([[{ type: 'requestCorrection', items: ['x'], periodDays: 10 }, on('2026-10-08')]], confirmed);

    expect(() =>
      transition(confirmed, { type: 'requestCorrection', items: ['x'], periodDays: 10 }, on('2026-10-09')),
    ).toThrow('7 个工作日内');
    expect(() =>
      transition(
        { ...asked, status: 'inProgress' },
        { type: 'requestCorrection', items: ['y'], periodDays: 10 },
        on('2026-10-08'),
      ),
    ).toThrow('只能告知一次');
  });

  it('abandons an application whose correction period passed, counting it in row (六)1', () => {
    const asked = run([[{ type: 'requestCorrection', items: ['x'], periodDays: 10 }, on('2026-09-22')]]);

    expect(() => transition(asked, { type: 'expireCorrection' }, on(asked.correction!.dueBy!, 'system'))).toThrow(
      '尚未届满',
    );
    expect(transition(asked, { type: 'expireCorrection' }, on('2026-10-20', 'system')).state).toMatchObject({
      status: 'abandoned',
      reportRow: 'other.noCorrection',
    });
  });

  it('pauses the clock while a third party is consulted', () => {
    const state = run(
      [
        [{ type: 'confirmReceipt' }, on('2026-10-26')],
        [{ type: 'startConsultation', party: '某商贸公司', kind: 'thirdParty' }, on('2026-11-02')],
        [{ type: 'recordConsultationReply', reply: '不同意公开' }, on('2026-11-06')],
      ],
      { status: 'registered', clock: { receiptDate: '2026-10-26' } },
    );

    expect(replyDue(calendar, state.clock).due).toBe('2026-11-27');
  });

  it("extends once, on a handler's request and a reviewer's approval", () => {
    const requested = run([
      [{ type: 'confirmReceipt' }, on('2026-09-21')],
      [{ type: 'requestExtension', days: 20, reason: '需调取档案' }, on('2026-10-20')],
    ]);

    expect(() =>
      transition(requested, { type: 'decideExtension', approve: true, reason: '同意' }, on('2026-10-20')),
    ).toThrow('角色');
    const approved = transition(
      requested,
      { type: 'decideExtension', approve: true, reason: '同意' },
      on('2026-10-21', reviewer),
    ).state;
    expect(replyDue(calendar, approved.clock).due).toBe('2026-11-23');
    expect(() => transition(approved, { type: 'requestExtension', days: 5, reason: '再延' }, on('2026-11-02'))).toThrow(
      '只能延长一次',
    );
  });

  it('pauses for a fee notice and abandons on non-payment, counting row (六)2', () => {
    const noticed = run([
      [{ type: 'confirmReceipt' }, on('2026-09-21')],
      [
        { type: 'sendFeeNotice', calculation: calculateFee('perPage', 250), reason: '本月已申请 12 件' },
        on('2026-09-22'),
      ],
    ]);
    const paid = transition(noticed, { type: 'recordPayment' }, on('2026-09-30')).state;

    expect(noticed.status).toBe('feeNotice');
    expect(paid.status).toBe('inProgress');
    expect(transition(noticed, { type: 'expireFee' }, on('2026-11-20', 'system')).state).toMatchObject({
      status: 'abandoned',
      reportRow: 'other.noPayment',
    });
  });

  it('answers with one official outcome and its legal basis, then closes', () => {
    const file = {
      id: 'f1',
      fileName: '预算表（已删除个人信息）.pdf',
      contentType: 'application/pdf',
      size: 1024,
      key: 'applications/x/f1',
    };
    const confirmed = run([[{ type: 'confirmReceipt' }, on('2026-09-21')]]);
    const answered = run(
      [[{ type: 'answer', outcome: 'partial', basis: '条例第三十七条', files: [file] }, on('2026-10-10')]],
      confirmed,
    );

    expect(answered).toMatchObject({
      status: 'answered',
      reportRow: 'partial',
      endedOn: '2026-10-10',
      outcome: { outcome: 'partial', basis: '条例第三十七条', files: [file] },
    });
    expect(run([[{ type: 'close' }, on('2026-10-12')]], answered).status).toBe('closed');
  });

  it('asks for the files of a (partial) disclosure, or where published information is found', () => {
    const confirmed = run([[{ type: 'confirmReceipt' }, on('2026-09-21')]]);

    expect(() =>
      transition(confirmed, { type: 'answer', outcome: 'partial', basis: '条例第三十七条' }, on('2026-10-10')),
    ).toThrow('部分公开须附上');
    expect(() =>
      transition(confirmed, { type: 'answer', outcome: 'disclosed', basis: '条例第三十六条' }, on('2026-10-10')),
    ).toThrow('予以公开须附上');
    expect(
      transition(
        confirmed,
        {
          type: 'answer',
          outcome: 'disclosed',
          basis: '条例第三十六条第（一）项',
          location: '露水河镇政府网站“法定主动公开内容”栏目',
        },
        on('2026-10-10'),
      ).state.status,
    ).toBe('answered');
    expect(() =>
      transition(confirmed, { type: 'answer', outcome: 'unable.notHeld', basis: ' ' }, on('2026-10-10')),
    ).toThrow('法律依据');
  });

  it('keeps a basis typed with its full stop from ending the letter and the record with two', () => {
    const confirmed = run([[{ type: 'confirmReceipt' }, on('2026-09-21')]]);

    const { state, event } = transition(
      confirmed,
      {
        type: 'answer',
        outcome: 'unable.notHeld',
        basis: '经检索，本机关未制作或获取该信息。 ',
        responsibleAgency: '抚松县交通运输局',
      },
      on('2026-10-10'),
    );

    expect(state.outcome!.basis).toBe('经检索，本机关未制作或获取该信息');
    expect(event.text).toContain('未制作或获取该信息。');
    expect(event.text).not.toContain('。。');
  });
  it("takes the applicant's own correction from the status page", () => {
    const asked = run([[{ type: 'requestCorrection', items: ['请明确年度'], periodDays: 10 }, on('2026-09-22')]]);
    const { state, event } = transition(
      asked,
      { type: 'receiveCorrection', text: '2025 年度' },
      on('2026-09-25', 'applicant'),
    );

    expect(state).toMatchObject({ status: 'inProgress', correction: { receivedOn: '2026-09-25', text: '2025 年度' } });
    expect(event).toMatchObject({ actor: '申请人' });
    expect(() => transition(asked, { type: 'confirmReceipt' }, on('2026-09-25', 'applicant'))).toThrow('角色');
  });

  it('assigns a handler and keeps internal notes in any state, without touching the clock', () => {
    for (const status of ['registered', 'answered', 'closed'] as const) {
      const start = { ...received, status };
      const assigned = transition(start, { type: 'assign', assignee: 'lsh-handler' }, on('2026-09-22', reviewer)).state;
      expect(assigned).toEqual({ ...start, assignee: 'lsh-handler' });
      const named = transition(
        start,
        { type: 'assign', assignee: 'lsh-handler', assigneeName: '陈静' },
        on('2026-09-22', reviewer),
      );
      expect(named.state).toEqual({ ...start, assignee: 'lsh-handler', assigneeName: '陈静' });
      expect(named.event.text).toBe('指定经办人：陈静。');
      expect(transition(start, { type: 'note', text: '已电话联系申请人' }, on('2026-09-22')).state).toEqual(start);
    }
  });

  it("records a withdrawal at the applicant's request in row (六)3", () => {
    expect(transition(received, { type: 'withdraw', reason: '申请人电话撤回' }, on('2026-09-22')).state).toMatchObject({
      status: 'withdrawn',
      reportRow: 'other.other',
    });
  });

  it.each<[CaseState['status'], Action]>([
    ['answered', { type: 'answer', outcome: 'disclosed', basis: '条例第三十六条' }],
    ['closed', { type: 'withdraw', reason: 'x' }],
    ['registered', { type: 'close' }],
    ['inProgress', { type: 'receiveCorrection' }],
    ['consulting', { type: 'answer', outcome: 'disclosed', basis: 'x' }],
    ['abandoned', { type: 'confirmReceipt' }],
  ])('refuses an illegal transition from %s', (status, action) => {
    expect(() => transition({ ...received, status }, action, on('2026-09-22'))).toThrow(IllegalTransition);
  });

  it('lets only the system expire corrections and fees', () => {
    const asked = run([[{ type: 'requestCorrection', items: ['x'], periodDays: 10 }, on('2026-09-22')]]);

    expect(() => transition(asked, { type: 'expireCorrection' }, on('2026-12-01'))).toThrow('角色');
  });
});

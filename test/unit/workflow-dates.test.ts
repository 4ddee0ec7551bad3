/** The dates staff give or act on: a corrected receipt date (条例31) and an extension within the period (条例33). */
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '#core/calendar.ts';
import { replyDue } from '#core/clock.ts';
import { transition, type CaseState, type Context } from '#core/workflow.ts';

const calendar = new WorkingCalendar();
const handler = { username: 'lsh-handler', roles: ['handler' as const] };
const reviewer = { username: 'lsh-reviewer', roles: ['reviewer' as const] };
// Submitted online on Monday 2026-09-21, received that day.
const received: CaseState = { status: 'registered', clock: { receiptDate: '2026-09-21' } };
const on = (today: string, actor: Context['actor'] = handler): Context => ({
  calendar,
  today,
  actor,
  submittedOn: '2026-09-21',
});
const correct = (receiptDate: string, today: string, receivedOnPaper?: boolean) =>
  transition(
    received,
    {
      type: 'confirmReceipt',
      receiptDate,
      reason: '核对收件登记',
      ...(receivedOnPaper !== undefined && { receivedOnPaper }),
    },
    on(today),
  );

describe('a corrected receipt date', () => {
  it('may be a later working day up to today', () => {
    expect(correct('2026-09-23', '2026-09-24').state.clock.receiptDate).toBe('2026-09-23');
  });

  it('is refused after today, naming the rule', () => {
    expect(() => correct('2027-03-22', '2026-09-24')).toThrow('不能晚于今天');
    expect(() => correct('2026-09-25', '2026-09-24')).toThrow('不能晚于今天（2026年9月24日）');
  });

  it('is refused before the online submission unless the application came on paper first', () => {
    expect(() => correct('2026-09-18', '2026-09-22')).toThrow('不能早于网络提交之日');
    expect(correct('2026-09-18', '2026-09-22', true).state.clock.receiptDate).toBe('2026-09-18');
  });

  it('is refused for a paper receipt further back than the bound, eight years back included', () => {
    expect(() => correct('2026-08-20', '2026-09-22', true)).toThrow('最早为网络提交前 30 日');
    expect(() => correct('2018-09-21', '2026-09-22', true)).toThrow('最早为网络提交前 30 日');
  });

  it('moves a day off to the next working day, as for an online receipt', () => {
    // 2026-09-12 is a Saturday; the paper arrived then, so receipt is Monday 09-14.
    const saturday = correct('2026-09-12', '2026-09-22', true);
    expect(saturday.state.clock.receiptDate).toBe('2026-09-14');
    expect(saturday.event.text).toContain('非工作日，以下一个工作日为收到申请之日（条例第三十一条）');
    // 国庆节: 10-01 to 10-07 off, so a paper receipt on 10-03 counts from 10-08.
    const holiday = transition(
      { status: 'registered', clock: { receiptDate: '2026-10-09' } },
      { type: 'confirmReceipt', receiptDate: '2026-10-03', reason: '假期中收到纸质件', receivedOnPaper: true },
      { ...on('2026-10-09'), submittedOn: '2026-10-09' },
    );
    expect(holiday.state.clock.receiptDate).toBe('2026-10-08');
  });
});

describe('an extension (条例33)', () => {
  const confirmed = transition(received, { type: 'confirmReceipt' }, on('2026-09-21')).state;
  const due = replyDue(calendar, confirmed.clock).due!; // 2026-10-26

  it('may be asked for and approved on the last day of the period', () => {
    const asked = transition(confirmed, { type: 'requestExtension', days: 10, reason: '需调取档案' }, on(due)).state;
    expect(
      transition(asked, { type: 'decideExtension', approve: true, reason: '同意' }, on(due, reviewer)).state.clock
        .extension,
    ).toEqual({ days: 10, approvedOn: due });
  });

  it('is approved by someone other than who asked for it (four eyes), who may still withdraw it', () => {
    const both = { username: 'lsh-chief', roles: ['handler' as const, 'reviewer' as const] };
    const asked = transition(
      confirmed,
      { type: 'requestExtension', days: 10, reason: '需调取档案' },
      on(due, both),
    ).state;
    expect(() => transition(asked, { type: 'decideExtension', approve: true, reason: '同意' }, on(due, both))).toThrow(
      '延期须由申请延期以外的另一名审核人批准，不能批准自己提出的延期申请。',
    );
    expect(
      transition(asked, { type: 'decideExtension', approve: false, reason: '撤回' }, on(due, both)).state
        .extensionRequest,
    ).toBeUndefined();
    expect(
      transition(asked, { type: 'decideExtension', approve: true, reason: '同意' }, on(due, reviewer)).state.clock
        .extension,
    ).toEqual({ days: 10, approvedOn: due });
  });

  it('is refused once the period has run out, asked or approved', () => {
    expect(due).toBe('2026-10-26');
    expect(() =>
      transition(confirmed, { type: 'requestExtension', days: 10, reason: '需调取档案' }, on('2026-10-27')),
    ).toThrow('答复期限已于2026年10月26日届满');
    const asked = transition(
      confirmed,
      { type: 'requestExtension', days: 10, reason: '需调取档案' },
      on('2026-10-26'),
    ).state;
    expect(() =>
      transition(asked, { type: 'decideExtension', approve: true, reason: '同意' }, on('2026-10-27', reviewer)),
    ).toThrow('条例第三十三条');
    // Refusing it stays possible: it changes no deadline.
    expect(
      transition(asked, { type: 'decideExtension', approve: false, reason: '不同意' }, on('2026-10-27', reviewer)).state
        .extensionRequest,
    ).toBeUndefined();
  });

  it('may be approved while the clock is paused for a consultation', () => {
    const asked = transition(
      confirmed,
      { type: 'requestExtension', days: 10, reason: '需调取档案' },
      on('2026-10-20'),
    ).state;
    const consulting = transition(
      asked,
      { type: 'startConsultation', party: '某公司', kind: 'thirdParty' },
      on('2026-10-21'),
    ).state;
    expect(
      transition(consulting, { type: 'decideExtension', approve: true, reason: '同意' }, on('2026-11-10', reviewer))
        .state.clock.extension?.days,
    ).toBe(10);
  });
});

/** The dates staff give or act on: a corrected receipt date (条例31) and an extension within the period (条例33). */
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '#core/calendar.ts';
import { checkCaseRows } from '#core/case-import.ts';
import { replyDue } from '#core/clock.ts';
import {
  correctionDue,
  sweepAction,
  sweepEveryDay,
  sweepOn,
  transition,
  type CaseState,
  type Context,
} from '#core/workflow.ts';

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

describe('a receipt registered on a day off (条例31), whichever way it came', () => {
  // Saturday 2026-11-28: counted from Monday 11-30, the 20th working day is 12-28 (from the Saturday it would be 12-25).
  it('counts from the next working day when staff give it at confirmation', () => {
    const live = transition(
      { status: 'registered', clock: { receiptDate: '2026-12-01' } },
      { type: 'confirmReceipt', receiptDate: '2026-11-28', reason: '周六收到纸质申请', receivedOnPaper: true },
      { ...on('2026-12-01'), submittedOn: '2026-12-01' },
    ).state;

    expect(replyDue(calendar, live.clock).due).toBe('2026-12-28');
  });

  it('counts from the next working day when a case is carried over from the old system', () => {
    const { cases, errors } = checkCaseRows(
      [
        {
          oldNumber: 'OLD-1',
          receivedOn: '2026-11-28',
          name: '王建国',
          idNumber: '220621198003071237',
          phone: '13904391234',
          title: '农村公路养护资金使用情况',
        },
      ],
      { calendar, today: '2026-12-01', actor: { username: 'lsh-handler' } },
    );

    expect(errors).toEqual([]);
    expect(cases[0]!.state.clock.receiptDate).toBe('2026-11-30');
    expect(replyDue(calendar, cases[0]!.state.clock).due).toBe('2026-12-28');
    expect(cases[0]!.events[0]!.text).toContain(
      '2026年11月28日为非工作日，以下一个工作日为收到申请之日（条例第三十一条）',
    );
  });
});

describe('a receipt registered in a year without a schedule', () => {
  it('is confirmed as registered: the calendar cannot say whether the day was off, and the deadline waits anyway', () => {
    // Saturday 2027-01-09, submitted before anyone entered 2027.
    const confirmed = transition(
      { status: 'registered', clock: { receiptDate: '2027-01-09' } },
      { type: 'confirmReceipt' },
      { ...on('2027-01-11'), submittedOn: '2027-01-09' },
    );

    expect(confirmed.state).toMatchObject({ status: 'inProgress', clock: { receiptDate: '2027-01-09' } });
  });
});

describe('a correction period reaching a year without a schedule (条例30)', () => {
  // Received Monday 2026-12-21; asked on 12-28, ten working days run into 2027, which is not entered.
  const confirmed = transition(
    { status: 'registered', clock: { receiptDate: '2026-12-21' } },
    { type: 'confirmReceipt' },
    { ...on('2026-12-21'), submittedOn: '2026-12-21' },
  ).state;
  const asked = transition(
    confirmed,
    { type: 'requestCorrection', items: ['请明确所需信息的年度'], periodDays: 10 },
    { ...on('2026-12-28'), submittedOn: '2026-12-21' },
  );

  it('is asked for, its end pending, as an extension reaching the year is', () => {
    expect(asked.state).toMatchObject({
      status: 'correctionRequested',
      correction: { requestedOn: '2026-12-28', dueBy: null, periodDays: 10 },
    });
    expect(asked.event.text).toBe(
      '告知补正：请明确所需信息的年度。补正期限为 10 个工作日，截止日期待 2027 年放假安排录入后确定。',
    );
  });

  it('waits on every sweep, and never expires, until the year is entered', () => {
    expect(sweepOn(calendar, asked.state)).toBe(sweepEveryDay);
    expect(sweepAction(asked.state, calendar, '2027-03-01')).toBeUndefined();
    expect(() =>
      transition(asked.state, { type: 'expireCorrection' }, { calendar, today: '2027-03-01', actor: 'system' }),
    ).toThrow('补正期限尚未届满');
  });

  it('ends on its day once the year is entered', () => {
    const with2027 = new WorkingCalendar([
      { year: 2027, complete: true, days: [{ date: '2027-01-01', kind: 'holiday', note: '元旦' }] },
    ]);

    // 12-29 … 12-31 are 3 working days; 01-01 元旦; 01-04 … 01-12 are the other 7.
    expect(correctionDue(with2027, asked.state.correction!)).toEqual({ date: '2027-01-12' });
    expect(sweepOn(with2027, asked.state)).toBe('2027-01-13');
    expect(sweepAction(asked.state, with2027, '2027-01-13')).toEqual({ type: 'expireCorrection' });
  });
});

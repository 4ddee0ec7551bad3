import { describe, expect, it } from 'vitest';
import type { Application } from '#core/application.ts';
import { WorkingCalendar } from '#core/calendar.ts';
import { nthWorkingDay, replyDue, workingDaysUsed } from '#core/clock.ts';
import { countRecords } from '#core/report-counts.ts';
import { compileStatistics } from '#core/statistics.ts';
import { transition, type CaseState } from '#core/workflow.ts';

const calendar = new WorkingCalendar();
const person = { kind: 'person', name: 'x', idType: 'resident', idNumber: '1', phone: '1' } as Application['applicant'];

describe('working days an answer took', () => {
  it('counts as the deadline counts: from the day after receipt, holidays and paused days left out', () => {
    // Received Monday 21 September 2026: on its deadline it has used its 20 days, across the National Day holiday.
    const due = replyDue(calendar, { receiptDate: '2026-09-21' }).due!;
    expect(workingDaysUsed(calendar, { receiptDate: '2026-09-21' }, due)).toEqual({
      workingDays: 20,
      allowed: 20,
      onTime: true,
    });
    expect(workingDaysUsed(calendar, { receiptDate: '2026-09-21' }, nthWorkingDay(calendar, due, 1))).toMatchObject({
      workingDays: 21,
      onTime: false,
    });
    // March 2026 has no holiday: received Monday 2 March, answered Tuesday 31 March is 21 working days.
    const march = { receiptDate: '2026-03-02' };
    expect(workingDaysUsed(calendar, march, '2026-03-31')).toMatchObject({ workingDays: 21, onTime: false });
    // A consultation that paused the clock after 9 March until 13 March: those four days are not the office's.
    const paused = { ...march, pauses: [{ from: '2026-03-09', to: '2026-03-13', reason: '征求第三方意见' }] };
    expect(workingDaysUsed(calendar, paused, '2026-03-31')).toMatchObject({ workingDays: 17, onTime: true });
    // An extension of 10 working days raises what is allowed.
    const extended = { ...march, extension: { days: 10, approvedOn: '2026-03-20' } };
    expect(workingDaysUsed(calendar, extended, '2026-03-31')).toEqual({ workingDays: 21, allowed: 30, onTime: true });
  });

  it('is recorded with the answer, so the statistics need no calendar', () => {
    const state: CaseState = { status: 'inProgress', clock: { receiptDate: '2026-03-02' } };
    const { state: answered } = transition(
      state,
      { type: 'answer', outcome: 'unable.notHeld', basis: '条例第三十六条第（四）项' },
      { calendar, today: '2026-03-31', actor: { username: 'h', roles: ['handler'] } },
    );
    expect(answered.answeredIn).toEqual({ workingDays: 21, allowed: 20, onTime: false });
  });
});

describe('工作统计 from the counters', () => {
  const answered = (
    receiptDate: string,
    answeredOn: string,
    workingDays: number,
    onTime: boolean,
    row = 'disclosed',
  ) => ({
    receiptDate,
    applicant: person,
    handling: {
      reportRow: row,
      endedOn: answeredOn,
      outcome: { outcome: row, basis: 'x', answeredOn } as never,
      answeredIn: { workingDays, allowed: 20, onTime },
    },
  });
  const counted = countRecords({
    applications: [
      answered('2026-03-02', '2026-03-20', 14, true),
      answered('2026-03-03', '2026-04-10', 27, false, 'partial'),
      answered('2026-04-01', '2026-04-08', 5, true, 'unable.notHeld'),
      // Answered before the platform timed answers: counted, not timed.
      {
        receiptDate: '2026-01-05',
        applicant: person,
        handling: { reportRow: 'disclosed', endedOn: '2026-01-20', outcome: { answeredOn: '2026-01-20' } as never },
      },
      // Ended without an answer: not in the on-time rate.
      {
        receiptDate: '2026-04-02',
        applicant: person,
        handling: {
          reportRow: 'other.noCorrection',
          endedOn: '2026-04-30',
          correction: { requestedOn: '2026-04-03', items: ['x'], dueBy: '2026-04-17' },
        },
      },
    ],
    cases: [{ group: 'reconsideration', filedOn: '2026-05-06', decidedOn: '2026-06-30', result: 'upheld' }],
  });
  const stats = compileStatistics(2026, [counted.get(2026)!]);

  it('gives the on-time rate of the answers it could time, with its definition', () => {
    expect(stats.total).toMatchObject({
      received: 5,
      answered: 4,
      onTime: 2,
      late: 1,
      untimed: 1,
      ended: 5,
      corrections: 1,
    });
    expect(stats.onTimeRate).toBe(66.7);
    expect(stats.definition).toContain('不计算在内');
  });

  it('by month, in the month of each fact', () => {
    expect(stats.months[2]).toMatchObject({ month: 3, received: 2, answered: 1, onTime: 1 });
    expect(stats.months[3]).toMatchObject({ month: 4, received: 2, answered: 2, late: 1, corrections: 1 });
    expect(stats.months[4]).toMatchObject({ reconsiderations: 1 });
  });

  it('gives the distribution of days, the outcome mix and the cases', () => {
    expect(Object.fromEntries(stats.days.map((d) => [d.label, d.count]))).toMatchObject({
      '0–5 个工作日': 1,
      '11–15 个工作日': 1,
      '21–40 个工作日': 1,
    });
    expect(stats.outcomes.find((o) => o.row === 'disclosed')?.count).toBe(2);
    expect(stats.outcomes.find((o) => o.row === 'other.noCorrection')?.count).toBe(1);
    expect(stats.cases.find((c) => c.group === 'reconsideration')).toMatchObject({ filed: 1, upheld: 1 });
  });

  it('sums agencies for the county, and has nothing to say of an empty year', () => {
    const both = compileStatistics(2026, [counted.get(2026)!, counted.get(2026)!]);
    expect(both.total.received).toBe(10);
    expect(both.onTimeRate).toBe(66.7);
    expect(compileStatistics(2026, [{}]).onTimeRate).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { CalendarGapError, WorkingCalendar } from '#core/calendar.ts';
import {
  missingYears,
  nthWorkingDay,
  onlineReceiptDate,
  receiptDay,
  replyDue,
  replyDueOrPending,
} from '#core/clock.ts';

const calendar = new WorkingCalendar();

describe('replyDue (hand-checked against the 2026 schedule)', () => {
  it('counts 20 working days from the day after receipt across 中秋 and 国庆 with make-up Saturday 10-10', () => {
    const deadline = replyDue(calendar, { receiptDate: '2026-09-21' });

    expect(deadline.due).toBe('2026-10-26');
    expect(deadline.steps.map((s) => s.text)).toEqual([
      '收到申请之日：2026年9月21日（星期一）。',
      '自2026年9月22日（星期二）起计算 20 个工作日（条例第三十三条），周六、周日不计入。',
      '2026年9月25日至2026年9月27日 中秋放假，不计入。',
      '2026年10月1日至2026年10月7日 国庆节放假，不计入。',
      '2026年10月10日（星期六） 国庆节调休上班，计入。',
      '答复期限：2026年10月26日（星期一）。',
    ]);
  });

  it('gives the 7th working day for the correction notice', () => {
    expect(nthWorkingDay(calendar, '2026-09-21', 7)).toBe('2026-10-08');
  });

  it('counts across the Spring Festival with both make-up Saturdays', () => {
    expect(replyDue(calendar, { receiptDate: '2026-02-10' }).due).toBe('2026-03-16');
  });

  it('refuses to compute into 2027, which has no data yet', () => {
    expect(() => replyDue(calendar, { receiptDate: '2026-12-15' })).toThrow(CalendarGapError);
  });

  it('computes into 2027 once an administrator has entered it', () => {
    const with2027 = new WorkingCalendar([
      { year: 2027, complete: true, days: [{ date: '2027-01-01', kind: 'holiday', note: '元旦' }] },
    ]);

    // 12 working days from 12-16 to 12-31, 01-01 is 元旦, then 01-04 … 01-13 are days 13–20.
    expect(replyDue(with2027, { receiptDate: '2026-12-15' }).due).toBe('2027-01-13');
  });

  it('restarts the 20-day clock when the corrected application arrives', () => {
    const deadline = replyDue(calendar, {
      receiptDate: '2026-09-21',
      restarts: [{ date: '2026-11-02', reason: '申请人补正' }],
    });

    expect(deadline.start).toBe('2026-11-02');
    expect(deadline.due).toBe('2026-11-30');
    expect(deadline.steps[1]!.kind).toBe('restart');
  });

  it('does not count the working days of a third-party consultation', () => {
    // Consultation sent Mon 11-02, reply on Fri 11-06: 4 working days (11-03..11-06) paused.
    const deadline = replyDue(calendar, {
      receiptDate: '2026-10-26',
      pauses: [{ from: '2026-11-02', to: '2026-11-06', reason: '征求第三方意见' }],
    });

    expect(replyDue(calendar, { receiptDate: '2026-10-26' }).due).toBe('2026-11-23');
    expect(deadline.due).toBe('2026-11-27');
    expect(deadline.steps.find((s) => s.kind === 'pause')).toMatchObject({ days: 4 });
  });

  it('has no due date while a pause is open, and says how many days remain', () => {
    const deadline = replyDue(calendar, {
      receiptDate: '2026-10-26',
      pauses: [{ from: '2026-11-02', reason: '等待缴纳费用' }],
    });

    expect(deadline.due).toBeNull();
    expect(deadline.counted).toBe(5);
    expect(deadline.steps.at(-1)!.text).toBe('计时暂停中：已计 5 个工作日，尚余 15 个工作日。');
  });

  it('extends once by up to 20 working days counted after the original due date', () => {
    const deadline = replyDue(calendar, {
      receiptDate: '2026-09-21',
      extension: { days: 20, approvedOn: '2026-10-20' },
    });

    expect(deadline.due).toBe('2026-11-23');
    expect(deadline.steps.find((s) => s.kind === 'extension')!.text).toContain(
      '自原答复期限2026年10月26日的次日起计算',
    );
  });

  it('refuses an extension over 20 working days', () => {
    expect(() =>
      replyDue(calendar, { receiptDate: '2026-09-21', extension: { days: 21, approvedOn: '2026-10-20' } }),
    ).toThrow(RangeError);
  });
});

describe('onlineReceiptDate', () => {
  it('is the day of submission, in Beijing time, when that is a working day', () => {
    // 2026-09-20T23:30Z is 07:30 on Monday 09-21 in Beijing.
    expect(onlineReceiptDate(calendar, new Date('2026-09-20T23:30:00Z')).date).toBe('2026-09-21');
  });

  it('is the next working day for a weekend or holiday submission', () => {
    const receipt = onlineReceiptDate(calendar, new Date('2026-10-03T02:00:00Z'));

    expect(receipt.date).toBe('2026-10-08');
    expect(receipt.text).toContain('非工作日');
  });

  it('moves a submission after the agency cut-off to the next working day', () => {
    // Friday 2026-11-20 17:30 Beijing → Monday 11-23.
    expect(onlineReceiptDate(calendar, new Date('2026-11-20T09:30:00Z'), '17:00').date).toBe('2026-11-23');
  });
});

describe('receiptDay (条例31)', () => {
  it('is the registered day when that is a working day', () => {
    expect(receiptDay(calendar, '2026-11-27')).toEqual({ date: '2026-11-27' });
  });

  it('moves a Saturday to the next working day, saying why', () => {
    expect(receiptDay(calendar, '2026-11-28')).toEqual({
      date: '2026-11-30',
      note: '2026年11月28日为非工作日，以下一个工作日为收到申请之日（条例第三十一条）',
    });
  });
});

describe('a deadline in a year without a schedule', () => {
  it('is pending, with the year and the earliest day it can fall (weekends and 元旦 off)', () => {
    const pending = replyDueOrPending(
      calendar,
      { receiptDate: '2026-12-07' },
      ({ year, earliest }) => `${year} ${earliest}`,
    );

    // 12-08 … 12-31 are 18 working days; 01-01 is 元旦 in any year; 01-04 and 01-05 are the 19th and 20th.
    expect(pending).toEqual({
      due: null,
      pending: { year: 2027, earliest: '2027-01-05' },
      steps: [{ kind: 'gap', text: '2027 2027-01-05' }],
    });
  });

  it('has no earliest day while the clock is paused', () => {
    const pending = replyDueOrPending(
      calendar,
      { receiptDate: '2026-12-21', pauses: [{ from: '2026-12-31', reason: '等待缴纳费用' }] },
      () => undefined,
    );

    expect(pending).toMatchObject({ due: null, steps: [] });
  });
});

describe('missingYears', () => {
  it('names next year once a deadline set today with the longest extension can reach it', () => {
    expect(missingYears(calendar, '2026-10-09')).toEqual([]);
    expect(missingYears(calendar, '2026-12-07')).toEqual([2027]);
  });

  it('names this year when it has no schedule', () => {
    expect(missingYears(calendar, '2027-01-04')).toEqual([2027]);
  });

  it('names none once the year is entered', () => {
    const with2027 = new WorkingCalendar([{ year: 2027, complete: true, days: [] }]);

    expect(missingYears(with2027, '2026-12-07')).toEqual([]);
  });
});

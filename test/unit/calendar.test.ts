import { describe, expect, it } from 'vitest';
import { calendarExample } from '#applications/schemas.ts';
import {
  CalendarGapError,
  type DayOverride,
  doubtfulEntries,
  officialCalendar,
  WorkingCalendar,
} from '#core/calendar.ts';
import { officialFromPackage } from '../../cdk/local/chinese-days.ts';

describe('WorkingCalendar', () => {
  const calendar = new WorkingCalendar();

  it('treats statutory holidays as non-working and names them', () => {
    expect(calendar.day('2026-10-01')).toEqual({ working: false, note: '国庆节', source: 'official' });
  });

  it('treats a weekend make-up day (调休) as a working day', () => {
    expect(calendar.day('2026-10-10')).toEqual({ working: true, note: '国庆节调休上班', source: 'official' });
  });

  it('treats ordinary weekends and weekdays as such', () => {
    expect([calendar.isWorkingDay('2026-11-21'), calendar.isWorkingDay('2026-11-23')]).toEqual([false, true]);
  });

  it('refuses a year with no data, naming the year', () => {
    expect(() => calendar.day('2027-01-04')).toThrow(CalendarGapError);
    expect(() => calendar.day('2027-01-04')).toThrow(/2027 年/);
  });

  it('covers a year once an administrator enters its complete schedule', () => {
    const withSchedule = new WorkingCalendar([
      { year: 2027, complete: true, days: [{ date: '2027-01-01', kind: 'holiday', note: '元旦' }] },
    ]);

    expect(withSchedule.day('2027-01-01')).toMatchObject({ working: false, note: '元旦', source: 'override' });
    expect(withSchedule.isWorkingDay('2027-01-04')).toBe(true);
  });

  it('does not cover a year from an incomplete schedule', () => {
    const partial = new WorkingCalendar([
      { year: 2027, complete: false, days: [{ date: '2027-01-01', kind: 'holiday', note: '元旦' }] },
    ]);

    expect(() => partial.day('2027-01-04')).toThrow(CalendarGapError);
  });

  it('lets a local adjustment override the official schedule', () => {
    const adjusted = new WorkingCalendar([
      { year: 2026, complete: false, days: [{ date: '2026-11-23', kind: 'holiday', note: '县级防汛停工' }] },
    ]);

    expect(adjusted.day('2026-11-23')).toMatchObject({ working: false, note: '县级防汛停工', source: 'override' });
  });

  it('carries exactly the holiday data of the chinese-days package', () => {
    expect(officialCalendar()).toEqual(officialFromPackage());
  });
});

describe('the earliest case of a year without a schedule', () => {
  const earliest = new WorkingCalendar().earliestCase();

  it('has only weekends and the fixed-date holidays off', () => {
    expect(earliest.day('2027-01-01')).toEqual({ working: false, note: '元旦' });
    expect(earliest.day('2027-05-03')).toEqual({ working: true });
    expect(earliest.day('2027-10-02')).toEqual({ working: false, note: '国庆节' });
    expect([earliest.isWorkingDay('2027-01-02'), earliest.isWorkingDay('2027-01-04')]).toEqual([false, true]);
  });

  it('keeps the years it has as they are, and what is entered of the others', () => {
    const partial = new WorkingCalendar([
      { year: 2027, complete: false, days: [{ date: '2027-01-04', kind: 'holiday', note: '元旦' }] },
    ]).earliestCase();

    expect(partial.day('2026-10-10')).toMatchObject({ working: true, note: '国庆节调休上班' });
    expect(partial.day('2027-01-04')).toMatchObject({ working: false, source: 'override' });
  });
});

describe('doubtful entries of a schedule', () => {
  it('asks about a 调休 working day on a Wednesday and a holiday on a Sunday on its own, naming each date', () => {
    const doubtful = doubtfulEntries([
      { date: '2027-03-03', kind: 'workday', note: '调休上班' },
      { date: '2027-03-07', kind: 'holiday', note: '放假' },
      { date: '2027-02-20', kind: 'workday', note: '春节调休上班' },
    ]);

    expect(doubtful).toEqual([
      {
        index: 0,
        date: '2027-03-03',
        message:
          '2027年3月3日（星期三）本来就是工作日，列为调休上班日不改变任何期限；调休上班日通常是周六或周日，请核对日期',
      },
      {
        index: 1,
        date: '2027-03-07',
        message:
          '2027年3月7日（星期日）本来就是休息日，且前后没有相连的工作日放假，列为放假日期不改变任何期限；请核对日期',
      },
    ]);
  });

  it('takes weekend days inside a holiday run, and a weekday that undoes an official holiday', () => {
    expect(doubtfulEntries(calendarExample.days as DayOverride[])).toEqual([]);
    expect(doubtfulEntries([{ date: '2026-10-02', kind: 'workday', note: '县级抢险上班' }])).toEqual([]);
  });
});

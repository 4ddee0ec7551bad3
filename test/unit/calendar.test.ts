import { describe, expect, it } from 'vitest';
import { CalendarGapError, officialCalendar, WorkingCalendar } from '#core/calendar.ts';
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

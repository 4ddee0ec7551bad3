/** Calendar dates as strings: arithmetic, validity, the official written form, and Beijing time. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  beijingDateTime,
  daysBetween,
  formatDate,
  isIsoDate,
  weekdayName,
  weekdayOf,
  yearOf,
} from '#core/dates.ts';

const day = fc
  .date({ min: new Date('1949-10-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('dates', () => {
  it('adds and counts days as inverses, across months, leap days and years', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -40_000, max: 40_000 }), (date, n) => {
        const later = addDays(date, n);
        expect(isIsoDate(later)).toBe(true);
        expect(daysBetween(date, later)).toBe(n);
        expect(addDays(later, -n)).toBe(date);
        expect(weekdayOf(later)).toBe((((weekdayOf(date) + n) % 7) + 7) % 7);
      }),
    );
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-03-02', '2026-02-27')).toBe(-3);
  });

  it('takes only real calendar dates in YYYY-MM-DD', () => {
    fc.assert(
      fc.property(day, (date) => {
        expect(isIsoDate(date)).toBe(true);
      }),
    );
    for (const wrong of ['2026-02-29', '2026-13-01', '2026-04-31', '2026-1-5', '20260105', '2026-01-05T00:00', ''])
      expect(isIsoDate(wrong), wrong).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
  });

  it('writes a date as official letters do, with or without the weekday', () => {
    expect(formatDate('2026-10-26')).toBe('2026年10月26日（星期一）');
    expect(formatDate('2026-01-05', false)).toBe('2026年1月5日');
    expect(weekdayName('2026-10-25')).toBe('星期日');
    expect(yearOf('2026-10-26')).toBe(2026);
  });

  it('tells the Beijing date and time of an instant (UTC+8 all year)', () => {
    expect(beijingDateTime(new Date('2026-12-31T15:59:00Z'))).toEqual({ date: '2026-12-31', time: '23:59' });
    expect(beijingDateTime(new Date('2026-12-31T16:00:00Z'))).toEqual({ date: '2027-01-01', time: '00:00' });
    expect(beijingDateTime(new Date('2026-07-01T00:00:00Z'))).toEqual({ date: '2026-07-01', time: '08:00' });
  });
});

import { calendarExample } from '#applications/schemas.ts';
import { officialCalendar } from '#core/calendar.ts';

/**
 * The years after the official data up to next year, as an administrator enters them once the State
 * Council announces them, so a test that runs in December does not find its deadlines in a year
 * nobody entered. The days are test data (the 2027 example moved to the year), never shipped.
 */
export function comingYears(today = new Date()) {
  const lastOfficial = Math.max(...Object.keys(officialCalendar()).map(Number));
  return Array.from({ length: Math.max(0, today.getUTCFullYear() + 1 - lastOfficial) }, (_, i) => {
    const year = lastOfficial + 1 + i;
    return {
      year,
      complete: true,
      days: calendarExample.days.map((day) => ({ ...day, date: `${year}${day.date.slice(4)}` })),
      note: `${year} 年节假日安排（测试数据）`,
    };
  });
}

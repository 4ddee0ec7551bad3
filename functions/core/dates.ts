/** Calendar dates as 'YYYY-MM-DD' strings: no time zone, no time of day. */
export type IsoDate = string;

const dayMs = 86_400_000;
const weekdays = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

export const isIsoDate = (value: string): value is IsoDate => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
};

const toMs = (date: IsoDate) => Date.parse(`${date}T00:00:00Z`);
const fromMs = (ms: number): IsoDate => new Date(ms).toISOString().slice(0, 10);

export const addDays = (date: IsoDate, days: number): IsoDate => fromMs(toMs(date) + days * dayMs);
/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: IsoDate, to: IsoDate) => Math.round((toMs(to) - toMs(from)) / dayMs);
export const yearOf = (date: IsoDate) => Number(date.slice(0, 4));
/** 0 = Sunday … 6 = Saturday. */
export const weekdayOf = (date: IsoDate) => new Date(toMs(date)).getUTCDay();
export const weekdayName = (date: IsoDate) => weekdays[weekdayOf(date)]!;

/** 2026年10月26日（星期一） */
export const formatDate = (date: IsoDate, withWeekday = true) => {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日${withWeekday ? `（${weekdayName(date)}）` : ''}`;
};

/** The calendar date in Beijing (UTC+8, no daylight saving) of an instant, and its time of day. */
export function beijingDateTime(instant: Date): { date: IsoDate; time: string } {
  const shifted = new Date(instant.getTime() + 8 * 3600_000).toISOString();
  return { date: shifted.slice(0, 10), time: shifted.slice(11, 16) };
}

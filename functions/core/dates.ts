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

/** Dates as offices write them: 2017-03-05, 2017/3/5, 2017.3.5, 2017年3月5日, 20170305, or a spreadsheet's day number. */
export function parseDate(value: unknown): IsoDate | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 100_000) {
    // A spreadsheet's serial day (1900 system: day 25569 is 1970-01-01).
    return new Date((value - 25_569) * 86_400_000).toISOString().slice(0, 10);
  }
  const text = String(value ?? '')
    .normalize('NFKC')
    .trim()
    .replace(/T00:00:00(\.000)?Z?$/, '');
  const match =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!match) return undefined;
  const iso = `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : undefined;
}

/**
 * The working-day calendar: Monday–Friday, minus statutory holidays, plus weekend make-up working
 * days (调休), from the official schedule (chinese-days) and the overrides an administrator enters.
 * A date in a year that neither covers is an error naming the year, never a guess.
 */
import { addDays, formatDate, type IsoDate, weekdayOf, yearOf } from './dates.ts';
import { compactOfficialCalendar } from './official-calendar.ts';
import { expandCalendar, type OfficialYears } from './official-days.ts';

export type DayKind = 'holiday' | 'workday';

/** One administrator's entry: a date made a holiday or a working day, with the reason. */
export interface DayOverride {
  date: IsoDate;
  kind: DayKind;
  note: string;
}

/**
 * An administrator's schedule for one year. For a year the official data lacks (2027 until the
 * package has it), `complete` says the entries are that year's whole announced schedule.
 */
export interface YearSchedule {
  year: number;
  complete: boolean;
  days: DayOverride[];
}

/** Its stable `code` (lib/http.ts answers 409 by it) survives minification, which renames the class. */
export class CalendarGapError extends Error {
  readonly code = 'calendar-gap';
  readonly year: number;
  constructor(year: number) {
    super(
      `尚未录入 ${year} 年的节假日安排，无法计算该年的工作日。请管理员在工作日历中录入 ${year} 年国务院公布的放假安排。`,
    );
    this.name = 'CalendarGapError';
    this.year = year;
  }
}

export interface DayInfo {
  working: boolean;
  /** Why the day differs from an ordinary weekday/weekend, e.g. 国庆节 or 国庆节调休上班. */
  note?: string;
  source?: 'official' | 'override';
}

export type OfficialCalendar = OfficialYears;

let official: OfficialCalendar | undefined;
/** The official schedule, expanded on first use. */
export const officialCalendar = () => (official ??= expandCalendar(compactOfficialCalendar));

/**
 * The holidays 全国年节及纪念日放假办法 fixes by the solar calendar, known for any year before its
 * schedule is announced: 元旦, 劳动节 (two days from 2025) and 国庆节. 春节, 清明, 端午 and 中秋 move.
 */
export function fixedDateHolidays(year: number): Record<string, string> {
  return {
    '01-01': '元旦',
    '05-01': '劳动节',
    ...(year >= 2025 && { '05-02': '劳动节' }),
    '10-01': '国庆节',
    '10-02': '国庆节',
    '10-03': '国庆节',
  };
}

const isWeekend = (date: IsoDate) => weekdayOf(date) === 0 || weekdayOf(date) === 6;

export class WorkingCalendar {
  private readonly overrides = new Map<IsoDate, DayOverride>();
  private readonly adminYears = new Set<number>();
  private readonly official: OfficialCalendar;
  private readonly schedules: YearSchedule[];
  /** Years without a schedule count with only weekends and the fixed-date holidays off (`earliestCase`). */
  private fillsGaps = false;

  constructor(schedules: YearSchedule[] = [], official: OfficialCalendar = officialCalendar()) {
    this.official = official;
    this.schedules = schedules;
    for (const schedule of schedules) {
      if (schedule.complete) this.adminYears.add(schedule.year);
      for (const day of schedule.days) this.overrides.set(day.date, day);
    }
  }

  covers(year: number): boolean {
    return year in this.official || this.adminYears.has(year);
  }

  /**
   * This calendar with every year covered: a year without a schedule has weekends and the fixed-date
   * holidays off, with whatever is entered of it so far. Counted on it, a period ends on the earliest
   * day it can once the year is entered (its lunar holidays and bridging days only push it on; the
   * make-up working days come with them). For saying when at the earliest, never for a deadline.
   */
  earliestCase(): WorkingCalendar {
    const calendar = new WorkingCalendar(this.schedules, this.official);
    calendar.fillsGaps = true;
    return calendar;
  }

  day(date: IsoDate): DayInfo {
    const year = yearOf(date);
    const covered = this.covers(year);
    if (!covered && !this.fillsGaps) throw new CalendarGapError(year);
    const override = this.overrides.get(date);
    if (override) return { working: override.kind === 'workday', note: override.note, source: 'override' };
    const key = date.slice(5);
    const fixed = covered ? undefined : fixedDateHolidays(year)[key];
    if (fixed) return { working: false, note: fixed };
    const official = this.official[year];
    if (official?.off[key]) return { working: false, note: official.off[key], source: 'official' };
    if (official?.on[key]) return { working: true, note: `${official.on[key]}调休上班`, source: 'official' };
    return { working: !isWeekend(date) };
  }

  isWorkingDay(date: IsoDate): boolean {
    return this.day(date).working;
  }
}

/**
 * The days of 全国年节及纪念日放假办法 every citizen has off: 10 until 2007, 11 from 2008, 13 from
 * 2025. A year's arrangement lists at least these as holidays (with the bridging days, usually some 30).
 */
export const statutoryHolidayDays = (year: number): number => (year >= 2025 ? 13 : year >= 2008 ? 11 : 10);

/** An entry of a year's schedule that looks mistyped, with the sentence that names it. */
export interface DoubtfulEntry {
  index: number;
  date: IsoDate;
  message: string;
}

/**
 * Entries an administrator should look at twice before they count: a 调休 working day on a weekday
 * that is a working day anyway, and a holiday on a Saturday or Sunday that joins no weekday holiday
 * (a schedule lists weekend days only inside a holiday run, as 春节 or 国庆节 spans them). Either
 * changes nothing or is a date typed wrong, and the intended day is then missing.
 */
export function doubtfulEntries(
  days: readonly DayOverride[],
  official: OfficialCalendar = officialCalendar(),
): DoubtfulEntry[] {
  const entered = new Map(days.map((day) => [day.date, day.kind]));
  const officialOff = (date: IsoDate) => Boolean(official[yearOf(date)]?.off[date.slice(5)]);
  const off = (date: IsoDate) => {
    const kind = entered.get(date);
    if (kind) return kind === 'holiday';
    if (official[yearOf(date)]?.on[date.slice(5)]) return false;
    return officialOff(date) || isWeekend(date);
  };
  /** Whether the run of days off around `date` holds a weekday off. */
  const joinsWeekdayHoliday = (date: IsoDate) =>
    [-1, 1].some((step) => {
      for (let day = addDays(date, step), n = 0; off(day) && n < 20; day = addDays(day, step), n++)
        if (!isWeekend(day)) return true;
      return false;
    });
  return days.flatMap((day, index) => {
    if (day.kind === 'workday' && !isWeekend(day.date) && !officialOff(day.date))
      return [
        {
          index,
          date: day.date,
          message: `${formatDate(day.date)}本来就是工作日，列为调休上班日不改变任何期限；调休上班日通常是周六或周日，请核对日期`,
        },
      ];
    if (day.kind === 'holiday' && isWeekend(day.date) && !joinsWeekdayHoliday(day.date))
      return [
        {
          index,
          date: day.date,
          message: `${formatDate(day.date)}本来就是休息日，且前后没有相连的工作日放假，列为放假日期不改变任何期限；请核对日期`,
        },
      ];
    return [];
  });
}

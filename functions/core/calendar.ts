/**
 * The working-day calendar: Monday–Friday, minus statutory holidays, plus weekend make-up working
 * days (调休), from the official schedule (chinese-days) and the overrides an administrator enters.
 * A date in a year that neither covers is an error naming the year, never a guess.
 */
import { type IsoDate, weekdayOf, yearOf } from './dates.ts';
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

export class CalendarGapError extends Error {
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

export class WorkingCalendar {
  private readonly overrides = new Map<IsoDate, DayOverride>();
  private readonly adminYears = new Set<number>();
  private readonly official: OfficialCalendar;

  constructor(schedules: YearSchedule[] = [], official: OfficialCalendar = officialCalendar()) {
    this.official = official;
    for (const schedule of schedules) {
      if (schedule.complete) this.adminYears.add(schedule.year);
      for (const day of schedule.days) this.overrides.set(day.date, day);
    }
  }

  covers(year: number): boolean {
    return year in this.official || this.adminYears.has(year);
  }

  day(date: IsoDate): DayInfo {
    const year = yearOf(date);
    if (!this.covers(year)) throw new CalendarGapError(year);
    const override = this.overrides.get(date);
    if (override) return { working: override.kind === 'workday', note: override.note, source: 'override' };
    const official = this.official[year];
    const key = date.slice(5);
    if (official?.off[key]) return { working: false, note: official.off[key], source: 'official' };
    if (official?.on[key]) return { working: true, note: `${official.on[key]}调休上班`, source: 'official' };
    const weekday = weekdayOf(date);
    return { working: weekday !== 0 && weekday !== 6 };
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

/**
 * The statutory clock of an application (条例30, 31, 33), with its derivation: every result says how
 * it was reached (start, days counted, holidays and make-up days met, pauses, restarts, extension) in
 * sentences a person can check against a wall calendar.
 */
import { CalendarGapError, type WorkingCalendar } from './calendar.ts';
import { addDays, beijingDateTime, formatDate, yearOf, type IsoDate } from './dates.ts';

export const replyDays = 20; // 条例33: within 20 working days of receipt
export const maxExtensionDays = 20; // 条例33: one extension of at most 20 working days
export const correctionNoticeDays = 7; // 条例30: tell the applicant what to correct within 7 working days

/** Working days after `from`, up to and including `to`, do not count; no `to` yet means still paused. */
export interface Pause {
  from: IsoDate;
  to?: IsoDate;
  reason: string;
}

/** A corrected application arrived (补正): the clock starts again from the next day. */
export interface Restart {
  date: IsoDate;
  reason: string;
}

export interface Extension {
  days: number;
  approvedOn: IsoDate;
}

export interface ClockInput {
  receiptDate: IsoDate;
  restarts?: Restart[];
  pauses?: Pause[];
  extension?: Extension;
}

export type StepKind =
  | 'receipt'
  | 'restart'
  | 'start'
  | 'holiday'
  | 'makeup'
  | 'pause'
  | 'extension'
  | 'due'
  | 'paused';

export interface Step {
  kind: StepKind;
  text: string;
  from?: IsoDate;
  to?: IsoDate;
  days?: number;
}

export interface Deadline {
  /** The last day to answer; null while the clock is paused with no end in sight. */
  due: IsoDate | null;
  /** The day counting starts after (receipt, or the latest restart). */
  start: IsoDate;
  /** Working days allowed in all (20, plus any extension). */
  allowed: number;
  /** Working days counted so far towards `allowed` (equals it once due is known). */
  counted: number;
  steps: Step[];
}

interface Count {
  date: IsoDate | null;
  counted: number;
  /** Non-working days met, grouped into runs with the same note. */
  runs: { kind: 'holiday' | 'makeup'; from: IsoDate; to: IsoDate; note: string }[];
  paused: Map<Pause, number>;
}

/** Counts `days` working days after `after`, skipping non-working and paused days. */
function count(calendar: WorkingCalendar, after: IsoDate, days: number, pauses: Pause[]): Count {
  const result: Count = { date: null, counted: 0, runs: [], paused: new Map() };
  let date = after;
  while (result.counted < days) {
    date = addDays(date, 1);
    const info = calendar.day(date);
    const pause = pauses.find((p) => date > p.from && (!p.to || date <= p.to));
    if (pause && !pause.to) return result; // open pause: no due date yet
    if (pause) {
      if (info.working) result.paused.set(pause, (result.paused.get(pause) ?? 0) + 1);
      continue;
    }
    if (info.working) result.counted += 1;
    const kind = !info.working && info.note ? 'holiday' : info.working && info.note ? 'makeup' : undefined;
    if (kind) {
      const last = result.runs.at(-1);
      if (last && last.kind === kind && last.note === info.note && addDays(last.to, 1) === date) last.to = date;
      else result.runs.push({ kind, from: date, to: date, note: info.note! });
    }
  }
  result.date = date;
  return result;
}

const range = (from: IsoDate, to: IsoDate) =>
  from === to ? formatDate(from) : `${formatDate(from, false)}至${formatDate(to, false)}`;

/** The reply deadline (答复期限) and how it follows from the receipt date and what happened since. */
export function replyDue(calendar: WorkingCalendar, input: ClockInput): Deadline {
  const extension = input.extension;
  if (extension && (!Number.isInteger(extension.days) || extension.days < 1 || extension.days > maxExtensionDays)) {
    throw new RangeError(`延长期限应为 1 至 ${maxExtensionDays} 个工作日，收到 ${extension.days}。`);
  }
  const restart = [...(input.restarts ?? [])]
    .filter((r) => r.date >= input.receiptDate)
    .sort((a, b) => a.date.localeCompare(b.date))
    .at(-1);
  const start = restart?.date ?? input.receiptDate;
  const pauses = (input.pauses ?? []).filter((p) => !p.to || p.to > start).sort((a, b) => a.from.localeCompare(b.from));
  const allowed = replyDays + (extension?.days ?? 0);

  const steps: Step[] = [
    { kind: 'receipt', from: input.receiptDate, text: `收到申请之日：${formatDate(input.receiptDate)}。` },
  ];
  if (restart)
    steps.push({
      kind: 'restart',
      from: restart.date,
      text: `${formatDate(restart.date)}收到补正后的申请（${restart.reason}），答复期限自次日起重新计算（条例第三十条）。`,
    });
  steps.push({
    kind: 'start',
    from: addDays(start, 1),
    days: replyDays,
    text: `自${formatDate(addDays(start, 1))}起计算 ${replyDays} 个工作日（条例第三十三条），周六、周日不计入。`,
  });

  const counted = count(calendar, start, allowed, pauses);
  for (const run of counted.runs) {
    steps.push(
      run.kind === 'holiday'
        ? { kind: 'holiday', from: run.from, to: run.to, text: `${range(run.from, run.to)} ${run.note}放假，不计入。` }
        : { kind: 'makeup', from: run.from, to: run.to, text: `${range(run.from, run.to)} ${run.note}，计入。` },
    );
  }
  for (const pause of pauses) {
    if (pause.from >= (counted.date ?? '9999')) continue;
    steps.push(
      pause.to
        ? {
            kind: 'pause',
            from: pause.from,
            to: pause.to,
            days: counted.paused.get(pause) ?? 0,
            text: `${formatDate(pause.from, false)}${pause.reason}，至${formatDate(pause.to, false)}止，期间 ${counted.paused.get(pause) ?? 0} 个工作日不计入（条例第三十三条第二款）。`,
          }
        : {
            kind: 'paused',
            from: pause.from,
            text: `${formatDate(pause.from, false)}起${pause.reason}，计时暂停，恢复后继续计算。`,
          },
    );
  }
  if (extension && counted.date) {
    const original = count(calendar, start, replyDays, pauses).date!;
    steps.push({
      kind: 'extension',
      from: extension.approvedOn,
      days: extension.days,
      text: `${formatDate(extension.approvedOn, false)}经批准延长答复期限 ${extension.days} 个工作日，自原答复期限${formatDate(original, false)}的次日起计算（条例第三十三条第二款）。`,
    });
  }
  if (counted.date) steps.push({ kind: 'due', from: counted.date, text: `答复期限：${formatDate(counted.date)}。` });
  else
    steps.push({
      kind: 'paused',
      text: `计时暂停中：已计 ${counted.counted} 个工作日，尚余 ${allowed - counted.counted} 个工作日。`,
    });

  return { due: counted.date, start, allowed, counted: counted.counted, steps };
}

/**
 * Working days the reply took by `on` (工作统计): counted as the deadline counts them, from the day
 * after receipt (or the latest restart), paused days (consultation, fee notice) left out; a pause
 * still open ends on `on`. On time when no more than the days allowed (20, plus an extension).
 */
export function workingDaysUsed(
  calendar: WorkingCalendar,
  input: ClockInput,
  on: IsoDate,
): { workingDays: number; allowed: number; onTime: boolean } {
  const restart = (input.restarts ?? [])
    .map((r) => r.date)
    .filter((date) => date >= input.receiptDate)
    .sort()
    .at(-1);
  const start = restart ?? input.receiptDate;
  const pauses = (input.pauses ?? []).map((p) => ({ from: p.from, to: p.to ?? on }));
  let workingDays = 0;
  for (let date = addDays(start, 1); date <= on; date = addDays(date, 1)) {
    if (pauses.some((p) => date > p.from && date <= p.to)) continue;
    if (calendar.isWorkingDay(date)) workingDays += 1;
  }
  const allowed = replyDays + (input.extension?.days ?? 0);
  return { workingDays, allowed, onTime: workingDays <= allowed };
}

/** The nth working day after `after` (e.g. the 7th for the correction notice, 条例30). */
export function nthWorkingDay(calendar: WorkingCalendar, after: IsoDate, n: number): IsoDate {
  return count(calendar, after, n, []).date!;
}

/** The last day of `days` working days after `after`, or, where they reach a year the calendar lacks, that year. */
export type PeriodEnd = { date: IsoDate; year?: undefined } | { date: null; year: number };

export function periodEnd(calendar: WorkingCalendar, after: IsoDate, days: number): PeriodEnd {
  try {
    return { date: nthWorkingDay(calendar, after, days) };
  } catch (error) {
    if (!(error instanceof CalendarGapError)) throw error;
    return { date: null, year: error.year };
  }
}

/**
 * The day an application counts as received (条例31): handed in, the day it is handed in; by
 * registered mail, the day it is signed for; online, the day both sides confirm, which is the day
 * the agency registers it. Registered on a day off, it counts from the next working day, so the
 * 20 working days run from the same day whichever way the date reached the platform: an online
 * submission, a receipt date staff correct, a case carried over from the old system.
 */
export function receiptDay(calendar: WorkingCalendar, registered: IsoDate): { date: IsoDate; note?: string } {
  if (calendar.isWorkingDay(registered)) return { date: registered };
  return {
    date: nthWorkingDay(calendar, registered, 1),
    note: `${formatDate(registered, false)}为非工作日，以下一个工作日为收到申请之日（条例第三十一条）`,
  };
}

/**
 * Receipt date of an online application (条例31): the day of submission (Beijing time) by
 * `receiptDay`, and the next working day when it comes after the cut-off the agency may set.
 */
export function onlineReceiptDate(
  calendar: WorkingCalendar,
  submittedAt: Date,
  cutoff?: string,
): { date: IsoDate; text: string } {
  const { date, time } = beijingDateTime(submittedAt);
  const late = cutoff !== undefined && time >= cutoff;
  const day = late ? { date: nthWorkingDay(calendar, date, 1) } : receiptDay(calendar, date);
  if (day.date === date) return { date, text: `${formatDate(date)}通过网络提交，当日为工作日，即为收到申请之日。` };
  const why = late ? `${time} 提交，晚于本机关受理截止时间 ${cutoff}` : '提交当日为非工作日';
  return {
    date: day.date,
    text: `${formatDate(date)}通过网络提交，${why}，以下一个工作日${formatDate(day.date)}为收到申请之日（条例第三十一条）。`,
  };
}

/** A deadline not yet known: the year whose schedule it waits for, and the earliest it can fall (none while paused). */
export interface PendingDeadline {
  year: number;
  earliest: IsoDate | null;
}

/**
 * The deadline for display: where it would fall in a year with no calendar data, no date but the
 * year it waits for and the earliest day it can fall (counted on `earliestCase`); `explain` words
 * that for its reader, as the one step, instead of an error.
 */
export function replyDueOrPending(
  calendar: WorkingCalendar,
  clock: ClockInput,
  explain: (pending: PendingDeadline) => string | undefined,
): { due: IsoDate | null; steps: { kind: string; text: string }[]; pending?: PendingDeadline } {
  try {
    const { due, steps } = replyDue(calendar, clock);
    return { due, steps: steps.map(({ kind, text }) => ({ kind: kind as string, text })) };
  } catch (error) {
    if (!(error instanceof CalendarGapError)) throw error;
    const pending = { year: error.year, earliest: replyDue(calendar.earliestCase(), clock).due };
    const text = explain(pending);
    return { due: null, steps: text ? [{ kind: 'gap', text }] : [], pending };
  }
}

/**
 * The years whose schedule is wanted now and missing: this year, and the next as soon as a deadline
 * set today can reach it (the reply period with the longest extension).
 */
export function missingYears(calendar: WorkingCalendar, today: IsoDate): number[] {
  if (!calendar.covers(yearOf(today))) return [yearOf(today)];
  const end = periodEnd(calendar, today, replyDays + maxExtensionDays);
  return end.date === null ? [end.year] : [];
}

import type { WorkingCalendar } from '#core/calendar.ts';
import { periodEnd, replyDueOrPending, type ClockInput, type PendingDeadline } from '#core/clock.ts';
import { formatDate } from '#core/dates.ts';
import { correctionDue, type CaseState } from '#core/workflow.ts';

/** Why a date waits for a year's schedule, in a citizen's words. */
const waitsFor = (year: number) =>
  `期限跨入 ${year} 年，国务院办公厅尚未公布或本平台尚未录入该年度的放假安排；上述日期仅按周六、周日和元旦等固定日期的节日推算，遇春节等节假日将相应顺延。`;

/** The receipt e-mail's and letters' words for a deadline that waits for a year's schedule. */
export const pendingSentence = ({ year, earliest }: PendingDeadline) =>
  earliest
    ? `答复期限最早为${formatDate(earliest)}，最终日期待 ${year} 年放假安排公布后确定。${waitsFor(year)}`
    : `答复期限将跨入 ${year} 年，该年度放假安排公布并录入后即显示具体日期。`;

/**
 * The reply deadline as a citizen sees it. A year without calendar data is explained, not guessed:
 * the earliest day the answer can fall due, and that the final date follows the State Council's schedule.
 */
export const citizenDeadline = (calendar: WorkingCalendar, clock: ClockInput) =>
  replyDueOrPending(calendar, clock, pendingSentence);

/** The correction period (补正期限) as a citizen sees it: its last day or, while that waits for a year's schedule, the earliest it can be. */
export function citizenCorrection(calendar: WorkingCalendar, correction: NonNullable<CaseState['correction']>) {
  const due = correctionDue(calendar, correction);
  if (due.date !== null) return { dueBy: due.date };
  const earliest = periodEnd(calendar.earliestCase(), correction.requestedOn, correction.periodDays ?? 0).date!;
  return {
    dueBy: null,
    pending: `补正期限为 ${correction.periodDays} 个工作日，自${formatDate(correction.requestedOn)}的次日起计算，最早于${formatDate(earliest)}届满，最终日期待 ${due.year} 年放假安排公布后确定。${waitsFor(due.year)}`,
  };
}

import { CalendarGapError, type WorkingCalendar } from '#core/calendar.ts';
import { replyDays, replyDue, type ClockInput } from '#core/clock.ts';
import { formatDate } from '#core/dates.ts';

/** The reply deadline for a citizen; a year without calendar data yields an explanation, not an error. */
export function citizenDeadline(calendar: WorkingCalendar, clock: ClockInput) {
  try {
    const { due, steps } = replyDue(calendar, clock);
    return { due, steps: steps.map(({ kind, text }) => ({ kind, text })) };
  } catch (error) {
    if (!(error instanceof CalendarGapError)) throw error;
    return {
      due: null,
      steps: [{
        kind: 'gap',
        text: `收到申请之日为${formatDate(clock.receiptDate)}，法定答复期限为 ${replyDays} 个工作日。期限将跨入 ${error.year} 年，该年度放假安排尚未公布或录入，录入后即显示具体日期。`,
      }],
    };
  }
}

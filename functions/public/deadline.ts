import type { WorkingCalendar } from '#core/calendar.ts';
import { replyDays, replyDueOrPending, type ClockInput } from '#core/clock.ts';
import { formatDate } from '#core/dates.ts';

/** The reply deadline as a citizen sees it; a year without calendar data is explained, not guessed. */
export const citizenDeadline = (calendar: WorkingCalendar, clock: ClockInput) =>
  replyDueOrPending(
    calendar,
    clock,
    (gap) =>
      `收到申请之日为${formatDate(clock.receiptDate)}，法定答复期限为 ${replyDays} 个工作日。期限将跨入 ${gap.year} 年，该年度放假安排尚未公布或录入，录入后即显示具体日期。`,
  );

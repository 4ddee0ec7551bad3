/** 工作日历 for staff: every year's schedule, and an administrator's entry of a year. */
import type { StaffIdentity } from '#core/staff.ts';
import { beijingDateTime, yearOf } from '#core/dates.ts';
import { administrationAccess, type AgencyPlace } from '#core/access.ts';
import { doubtfulEntries, officialCalendar, statutoryHolidayDays } from '#core/calendar.ts';
import { missingYears } from '#core/clock.ts';
import { badRequest, forbidden, needsConfirmation, staleAs } from '#lib/errors.ts';
import { getAgency } from '#store/agencies.ts';
import { startJob } from '#store/job-requests.ts';
import { getSchedule, listSchedules, loadCalendar, saveSchedule } from '#store/calendar.ts';
import type { CalendarInput } from './schemas.ts';

export async function listCalendar() {
  const entered = await listSchedules();
  const years = new Set([...Object.keys(officialCalendar()).map(Number), ...entered.map((s) => s.year)]);
  const schedules = [...years]
    .sort((a, b) => a - b)
    .map((year) => {
      const stored = entered.find((s) => s.year === year);
      return {
        year,
        official: year in officialCalendar(),
        complete: year in officialCalendar() || Boolean(stored?.complete),
        days: stored?.days ?? [],
        version: stored?.version ?? 0,
        updatedBy: stored?.updatedBy,
        updatedAt: stored?.updatedAt,
        note: stored?.note,
      };
    });
  return { coveredYears: schedules.filter((s) => s.complete).map((s) => s.year), schedules };
}

export async function saveCalendarYear(year: number, input: CalendarInput, staff: StaffIdentity) {
  const home = await getAgency(staff.agencyId);
  if (!home || !administrationAccess(staff, 'own', home).calendar)
    throw forbidden('工作日历适用于全县各机关的答复期限，只有县级管理员可以修改。');
  const errors = input.days.flatMap((day, i) =>
    yearOf(day.date) === year ? [] : [{ field: `body.days.${i}.date`, message: `日期：${day.date} 不在 ${year} 年` }],
  );
  const dates = input.days.map((d) => d.date);
  const repeated = dates.find((d, i) => dates.indexOf(d) !== i);
  if (repeated) errors.push({ field: 'body.days', message: `日期列表：${repeated} 重复录入` });
  const holidays = input.days.filter((d) => d.kind === 'holiday').length;
  if (input.complete && holidays < statutoryHolidayDays(year))
    errors.push({
      field: 'body.days',
      message: `日期列表：${year} 年仅列出 ${holidays} 天放假，少于法定节假日 ${statutoryHolidayDays(year)} 天，不能标记为完整安排；请按国务院办公厅的放假通知录入全部放假和调休日期`,
    });
  if (errors.length) throw badRequest(`请求内容有误：${errors.map((e) => e.message).join('；')}`, errors);
  if (!input.confirmed) {
    // Dates that change nothing are most likely typed wrong: asked about once, when first entered.
    const stored = await getSchedule(year);
    const kept = new Set(stored?.days.map((d) => `${d.date}#${d.kind}`));
    const doubtful = doubtfulEntries(input.days).filter((d) => !kept.has(`${d.date}#${input.days[d.index]!.kind}`));
    if (doubtful.length)
      throw needsConfirmation(
        `请核对以下日期：${doubtful.map((d) => d.message).join('；')}。如核对无误，请确认后再次保存。`,
        doubtful.map((d) => ({ field: `body.days.${d.index}.date`, message: d.message })),
      );
  }
  const saved = await saveSchedule(
    {
      year,
      complete: input.complete,
      days: [...input.days].sort((a, b) => a.date.localeCompare(b.date)),
      note: input.note,
      updatedBy: staff.username,
      updatedAt: new Date().toISOString(),
    },
    input.version,
  ).catch(staleAs(`${year} 年的工作日历已被他人修改，请刷新后在最新版本上修改。`));
  // Deadlines already stored may have moved: a background job puts each open application in its new place.
  const requeue = await startJob('requeue', { year }, staff);
  return { ...saved, official: year in officialCalendar(), requeue };
}

/**
 * The console's banner: each year whose schedule today's deadlines need and lack (`missingYears`),
 * said once for every case it holds up; to the county's administrators with the way to enter it.
 */
export async function calendarNotices(staff: StaffIdentity, home: AgencyPlace) {
  const calendar = await loadCalendar();
  const mayEnter = administrationAccess(staff, 'own', home).calendar;
  return missingYears(calendar, beijingDateTime(new Date()).date).map((year) => ({
    title: `${year} 年放假安排尚未录入`,
    text: mayEnter
      ? `答复期限、补正期限等凡跨入 ${year} 年的，目前只能显示为“待定”。国务院办公厅公布 ${year} 年放假安排后，请在工作日历中录入。`
      : `答复期限、补正期限等凡跨入 ${year} 年的，目前显示为“待定”，县级管理员录入该年放假安排后自动更新。`,
    ...(mayEnter && { href: '#/calendar', link: `录入 ${year} 年放假安排` }),
  }));
}

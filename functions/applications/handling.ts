/** Staff handling an application: the queue, the detail, and each statutory step. */
import { applicantColumn, caseStateOf, statuses } from '#core/application.ts';
import type { WorkingCalendar } from '#core/calendar.ts';
import { replyDueOrPending } from '#core/clock.ts';
import { beijingDateTime } from '#core/dates.ts';
import { maskIdentity, maskPhone } from '#core/identity.ts';
import type { StaffIdentity } from '#core/staff.ts';
import { IllegalTransition, transition } from '#core/workflow.ts';
import { conflict, notFound } from '#lib/errors.ts';
import { getApplication, listAgencyApplications, recordTransition, StaleApplicationError, type StoredApplication } from '#store/applications.ts';
import { loadCalendar } from '#store/calendar.ts';
import type { ActionInput } from './schemas.ts';

/** Staff see the gap as the calendar states it: what an administrator must enter. */
const dueOf = (calendar: WorkingCalendar, application: StoredApplication) =>
  replyDueOrPending(calendar, caseStateOf(application).clock, (gap) => gap.message);

/** The staff's own agency's application, or 404 (another agency's number answers the same). */
async function ownApplication(receiptNumber: string, staff: StaffIdentity) {
  const found = await getApplication(receiptNumber);
  if (!found || found.application.agencyId !== staff.agencyId) throw notFound('未找到该申请。');
  return found;
}

/** The queue: soonest reply deadline first; identity numbers and phones masked. */
export async function listQueue(staff: StaffIdentity) {
  const [applications, calendar] = await Promise.all([listAgencyApplications(staff.agencyId), loadCalendar()]);
  const rows = applications.map((application) => {
    const { due } = dueOf(calendar, application);
    const { applicant } = application;
    return {
      receiptNumber: application.receiptNumber,
      receiptDate: application.receiptDate,
      status: application.status,
      statusLabel: statuses[application.status],
      title: application.request.title,
      applicantKind: applicant.kind,
      applicantName: applicant.name,
      identity: maskIdentity(applicant.kind === 'person' ? applicant.idNumber : applicant.creditCode),
      phone: maskPhone(applicant.phone),
      due,
      version: application.version,
    };
  });
  return { applications: rows.sort((a, b) => (a.due ?? '9999').localeCompare(b.due ?? '9999')) };
}

export async function applicationDetail(receiptNumber: string, staff: StaffIdentity) {
  const [{ application, events }, calendar] = await Promise.all([ownApplication(receiptNumber, staff), loadCalendar()]);
  const { queryCodeHash: _h, queryCodeHashSalt: _s, ...visible } = application;
  return { application: visible, deadline: dueOf(calendar, application), events };
}

export async function takeAction(receiptNumber: string, input: ActionInput, staff: StaffIdentity) {
  const [{ application }, calendar] = await Promise.all([ownApplication(receiptNumber, staff), loadCalendar()]);
  if (application.version !== input.version) throw conflict('该申请已被他人更新，请刷新后重试。');
  const today = beijingDateTime(new Date()).date;
  let result;
  try {
    result = transition(caseStateOf(application), input.action, { calendar, today, actor: staff });
  } catch (error) {
    if (error instanceof IllegalTransition) throw conflict(error.message);
    throw error;
  }
  const { action } = input;
  const internal = action.type === 'requestExtension' || (action.type === 'decideExtension' && !action.approve);
  try {
    const version = await recordTransition({
      application, expectedVersion: input.version, agencyId: staff.agencyId, state: result.state, event: result.event,
      column: applicantColumn(application.applicant), visibleToApplicant: !internal,
    });
    return { receiptNumber, status: result.state.status, statusLabel: statuses[result.state.status], version, event: result.event };
  } catch (error) {
    if (error instanceof StaleApplicationError) throw conflict('该申请已被他人更新，请刷新后重试。');
    throw error;
  }
}

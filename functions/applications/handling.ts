/** Staff handling an application: the queue, the detail, each statutory step, its letter and e-mail. */
import { randomUUID } from 'node:crypto';
import { defaultLetterSettings, type Agency } from '#core/agency.ts';
import { caseStateOf, matchesDeclaredType, maxUploadBytes, statuses, uploadTypes, type UploadType } from '#core/application.ts';
import type { WorkingCalendar } from '#core/calendar.ts';
import { nthWorkingDay, replyDueOrPending } from '#core/clock.ts';
import { beijingDateTime, type IsoDate } from '#core/dates.ts';
import { calculateFee } from '#core/fees.ts';
import { maskIdentity, maskPhone } from '#core/identity.ts';
import { composeLetter, letterFor } from '#core/letters.ts';
import { letterPage } from '#core/pages/letter.ts';
import type { StaffIdentity } from '#core/staff.ts';
import { IllegalTransition, internalActions, reminderDays, transition, type Action, type DisclosedFile } from '#core/workflow.ts';
import { env, requireEnv } from '#lib/config.ts';
import { badRequest, conflict, forbidden, notFound } from '#lib/errors.ts';
import { htmlPage } from '#lib/reply.ts';
import { getAgency } from '#store/agencies.ts';
import {
  countEarlierThisMonth, getApplication, listAgencyApplications, listLetters, recordTransition, StaleApplicationError, type StoredApplication,
} from '#store/applications.ts';
import { loadCalendar } from '#store/calendar.ts';
import { listOutbox } from '#store/outbox.ts';
import { getStaff, listAgencyStaff } from '#store/staff.ts';
import { inspectUpload, linkUpload, presignUpload } from '#store/uploads.ts';
import type { ActionInput, QueueQuery, StaffUploadInput } from './schemas.ts';

const privateBucket = requireEnv(env.privateBucket);
const today = () => beijingDateTime(new Date()).date;
const stale = () => conflict('该申请已被他人更新，请刷新后重试。');

/** Staff see the gap as the calendar states it: what an administrator must enter. */
const dueOf = (calendar: WorkingCalendar, application: StoredApplication) =>
  replyDueOrPending(calendar, caseStateOf(application).clock, (gap) => gap.message);

/** Handlers and reviewers of the agency see personal data in full; anyone else sees it masked. */
const seesPersonalData = (staff: StaffIdentity, agencyId: string) =>
  staff.agencyId === agencyId && staff.roles.some((role) => role === 'handler' || role === 'reviewer');

/**
 * The agency whose applications the staff member may read: their own, or (county administrators)
 * a subordinate agency's, read-only.
 */
async function readableAgency(staff: StaffIdentity, agencyId = staff.agencyId): Promise<{ agency: Agency; readOnly: boolean }> {
  const agency = await getAgency(agencyId);
  if (agencyId === staff.agencyId && agency) return { agency, readOnly: !seesPersonalData(staff, agencyId) };
  if (!agency || !staff.roles.includes('admin') || agency.parentId !== staff.agencyId) throw forbidden('只能查看本机关及下级机关的申请。');
  return { agency, readOnly: true };
}

/** The application, if the staff member may read it; another agency's number answers 404 as an unknown one does. */
async function readableApplication(receiptNumber: string, staff: StaffIdentity) {
  const found = await getApplication(receiptNumber);
  if (!found) throw notFound('未找到该申请。');
  try {
    const { agency, readOnly } = await readableAgency(staff, found.application.agencyId);
    return { ...found, agency, readOnly };
  } catch {
    throw notFound('未找到该申请。');
  }
}

/** Where the reply is due, and whether it is overdue or due within `reminderDays` working days. */
function urgency(calendar: WorkingCalendar, due: IsoDate | null, on: IsoDate) {
  if (!due) return { overdue: false, dueSoon: false };
  if (due < on) return { overdue: true, dueSoon: false };
  let soon = false;
  try {
    soon = due <= nthWorkingDay(calendar, on, reminderDays);
  } catch {
    soon = false;
  }
  return { overdue: false, dueSoon: soon };
}

/** The queue: soonest reply deadline first, with filters and search; identity numbers and phones masked. */
export async function listQueue(staff: StaffIdentity, query: QueueQuery) {
  const { agency } = await readableAgency(staff, query.agency);
  const [applications, calendar] = await Promise.all([listAgencyApplications(agency.id), loadCalendar()]);
  const on = today();
  const search = query.q?.trim().toLowerCase();
  const rows = applications
    .filter((application) => (!query.status || application.status === query.status)
      && (!query.applicantKind || application.applicant.kind === query.applicantKind)
      && (!query.assignee || (query.assignee === '-' ? !application.handling?.assignee : application.handling?.assignee === query.assignee))
      && (!query.year || application.receiptDate.startsWith(`${query.year}-`))
      && (!search || application.receiptNumber.toLowerCase().includes(search) || application.applicant.name.toLowerCase().includes(search)))
    .map((application) => {
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
        assignee: application.handling?.assignee ?? null,
        due,
        ...urgency(calendar, ['registered', 'inProgress'].includes(application.status) ? due : null, on),
        version: application.version,
      };
    });
  return {
    agency: { id: agency.id, name: agency.name },
    applications: rows.sort((a, b) => (a.due ?? '9999').localeCompare(b.due ?? '9999') || a.receiptNumber.localeCompare(b.receiptNumber)),
  };
}

function maskedApplication(application: StoredApplication) {
  const { applicant } = application;
  const masked = applicant.kind === 'person'
    ? { ...applicant, idNumber: maskIdentity(applicant.idNumber), phone: maskPhone(applicant.phone), address: applicant.address && '（已遮蔽）', email: applicant.email && '（已遮蔽）' }
    : { ...applicant, creditCode: maskIdentity(applicant.creditCode), phone: maskPhone(applicant.phone), address: applicant.address && '（已遮蔽）', email: applicant.email && '（已遮蔽）' };
  return { ...application, applicant: masked, uploads: [] };
}

export async function applicationDetail(receiptNumber: string, staff: StaffIdentity) {
  const [{ application, events, agency, readOnly }, calendar] = await Promise.all([readableApplication(receiptNumber, staff), loadCalendar()]);
  const [letters, colleagues] = await Promise.all([listLetters(receiptNumber), readOnly ? [] : listAgencyStaff(agency.id)]);
  const { queryCodeHash: _h, queryCodeHashSalt: _s, ...visible } = seesPersonalData(staff, agency.id) ? application : maskedApplication(application);
  const deadline = dueOf(calendar, application);
  return {
    application: visible,
    agency: { id: agency.id, name: agency.name },
    readOnly,
    deadline: { ...deadline, ...urgency(calendar, ['registered', 'inProgress'].includes(application.status) ? deadline.due : null, today()) },
    events,
    letters: letters.map(({ kind, title, number, issuedOn, version, toApplicant }) => ({ kind, title, number, issuedOn, version, toApplicant })),
    staff: colleagues.map(({ username, name, roles }) => ({ username, name, roles })),
  };
}

export async function letterHtml(receiptNumber: string, version: number, staff: StaffIdentity) {
  await readableApplication(receiptNumber, staff);
  const letter = (await listLetters(receiptNumber)).find((l) => l.version === version);
  if (!letter) throw notFound('未找到该文书。');
  return htmlPage(200, letterPage(letter));
}

export async function feePreview(receiptNumber: string, query: { scheme: 'perItem' | 'perPage'; quantity: number }, staff: StaffIdentity) {
  const { application } = await readableApplication(receiptNumber, staff);
  const earlier = query.scheme === 'perItem' ? await countEarlierThisMonth(application) : 0;
  return calculateFee(query.scheme, query.quantity, earlier);
}

export async function listAgencyOutbox(staff: StaffIdentity) {
  const mail = await listOutbox(staff.agencyId);
  return { mail: mail.map(({ receiptNumber, letterNumber, to, subject, text, at, delivery }) => ({ receiptNumber, letterNumber, to, subject, text, at, delivery })) };
}

/** A presigned POST for a file to disclose with an answer (PDF, JPEG or PNG, up to 10 MB). */
export async function createStaffUpload(input: StaffUploadInput) {
  const uploadId = randomUUID();
  return { uploadId, ...(await presignUpload(privateBucket, uploadId, input.contentType, 'disclosure', input.fileName)), maxBytes: maxUploadBytes };
}

const fieldError = (field: string, message: string) => badRequest(message, [{ field: `body.action.${field}`, message }]);

async function disclosedFiles(uploadIds: string[], receiptNumber: string): Promise<DisclosedFile[]> {
  const files: DisclosedFile[] = [];
  for (const id of new Set(uploadIds)) {
    const object = await inspectUpload(privateBucket, id);
    if (!object || object.purpose !== 'disclosure') throw fieldError('files', '提供的文件：有文件未上传成功或已过期，请重新上传');
    const type = object.contentType as UploadType;
    if (!(type in uploadTypes) || !matchesDeclaredType(type, object.head)) throw fieldError('files', `提供的文件：「${object.fileName}」的内容与其声明的类型不符`);
    files.push({ id, fileName: object.fileName, contentType: type, size: object.size, key: await linkUpload(privateBucket, id, receiptNumber) });
  }
  return files;
}

/** What the request names, turned into the state machine's action (fees calculated, files and assignee checked). */
async function actionOf(input: ActionInput['action'], application: StoredApplication, staff: StaffIdentity, calendar: WorkingCalendar): Promise<Action> {
  switch (input.type) {
    case 'sendFeeNotice': {
      const earlier = input.scheme === 'perItem' ? await countEarlierThisMonth(application) : 0;
      return { type: 'sendFeeNotice', calculation: calculateFee(input.scheme, input.quantity, earlier) };
    }
    case 'answer': {
      const { files, ...answer } = input;
      // Checked before any file is linked: an illegal answer should not copy files first.
      transitionFor(application, { ...answer, files: files?.map((id) => ({ id, fileName: id, contentType: '', size: 0, key: '' })) }, staff, calendar);
      return { ...answer, ...(files?.length && { files: await disclosedFiles(files, application.receiptNumber) }) };
    }
    case 'assign': {
      const member = await getStaff(input.assignee);
      if (!member || member.agencyId !== staff.agencyId) throw fieldError('assignee', '经办人：不是本机关的工作人员');
      return { type: 'assign', assignee: member.username };
    }
    default:
      return input;
  }
}

function transitionFor(application: StoredApplication, action: Action, staff: StaffIdentity, calendar: WorkingCalendar) {
  try {
    return transition(caseStateOf(application), action, { calendar, today: today(), actor: staff, submittedOn: beijingDateTime(new Date(application.submittedAt)).date });
  } catch (error) {
    if (error instanceof IllegalTransition) throw conflict(error.message);
    throw error;
  }
}

export async function takeAction(receiptNumber: string, input: ActionInput, staff: StaffIdentity) {
  const [found, calendar] = await Promise.all([getApplication(receiptNumber), loadCalendar()]);
  if (!found || found.application.agencyId !== staff.agencyId) throw notFound('未找到该申请。');
  const { application } = found;
  if (application.version !== input.version) throw stale();
  const action = await actionOf(input.action, application, staff, calendar);
  const result = transitionFor(application, action, staff, calendar);
  const kind = letterFor(action);
  const agency = kind ? await getAgency(application.agencyId) : undefined;
  const settings = agency?.letters ?? defaultLetterSettings(agency ?? { name: '' });
  try {
    const { version, letter } = await recordTransition({
      application, expectedVersion: input.version, agencyId: staff.agencyId, state: result.state, event: result.event,
      visibleToApplicant: !internalActions.has(action.type) && !(action.type === 'decideExtension' && !action.approve),
      ...(kind && agency && {
        letter: {
          kind,
          prefix: settings.prefix,
          email: application.applicant.email,
          compose: (number: string) => composeLetter(kind, {
            agencyName: agency.name, settings, receiptNumber, title: application.request.title, applicantName: application.applicant.name,
            state: result.state, due: replyDueOrPending(calendar, result.state.clock, () => '').due, issuedOn: result.event.on, number,
          }),
        },
      }),
    });
    return {
      receiptNumber, status: result.state.status, statusLabel: statuses[result.state.status], version, event: result.event,
      ...(letter && { letter: { number: letter.number, title: letter.title, version: letter.version } }),
    };
  } catch (error) {
    if (error instanceof StaleApplicationError) throw stale();
    throw error;
  }
}

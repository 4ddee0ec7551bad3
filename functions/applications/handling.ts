/** Staff handling an application: the queue, the detail, each statutory step, its letter and e-mail. */
import { metric } from '#lib/metrics.ts';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  caseStateOf,
  matchesDeclaredType,
  maxUploadBytes,
  media,
  methods,
  normaliseReceiptNumber,
  receiptNumberPattern,
  requestSimilarity,
  reviewPending,
  similarRequest,
  statuses,
  uploadPurposes,
  uploadTypes,
  type UploadType,
} from '#core/application.ts';
import { applicationAccess, governs, isOwn, standing } from '#core/access.ts';
import { applicationStepForms } from '#core/application-steps.ts';
import { CalendarGapError, type WorkingCalendar } from '#core/calendar.ts';
import { nthWorkingDay, replyDueOrPending } from '#core/clock.ts';
import { addDays, beijingDateTime, type IsoDate } from '#core/dates.ts';
import { calculateFee, earlierCounted } from '#core/fees.ts';
import { choices } from '#core/forms.ts';
import { maskEmail, maskIdentity, maskPhone } from '#core/identity.ts';
import { composeLetter, deliveryLabels, letterFor } from '#core/letters.ts';
import { mailCarriers, proofOf, recordService, serviceMethods, type Service } from '#core/service.ts';
import { letterSheet } from '#core/pages/letter.ts';
import type { StaffIdentity } from '#core/staff.ts';
import {
  IllegalTransition,
  internalActions,
  placement,
  openStatuses,
  outcomes,
  reminderDays,
  transition,
  type Action,
  type Answer,
  type DisclosedFile,
} from '#core/workflow.ts';
import { config } from '#lib/config.ts';
import { badRequest, conflict, notFound, stale, staleAs } from '#lib/errors.ts';
import { htmlPage } from '#lib/reply.ts';
import { agencyPage, getAgency } from '#store/agencies.ts';
import { readableAgency, readableApplication } from '#store/application-access.ts';
import { applicantsEarlier, earlierThisMonth } from '#store/applicant-receipts.ts';
import { getApplication, recordTransition, type StoredApplication } from '#store/applications.ts';
import { listLetters } from '#store/letters.ts';
import { searchForm } from '#store/placement.ts';
import { queuePage, queueReadBudget } from '#store/queue.ts';
import { loadCalendar } from '#store/calendar.ts';
import { getOutboxMail, outboxPage } from '#store/outbox.ts';
import { getStaff, listAgencyStaff } from '#store/staff.ts';
import { getRedactedUpload } from '#store/redactions.ts';
import {
  discardPending,
  inspectUpload,
  linkUpload,
  presignDownload,
  presignUpload,
  uploadOwner,
} from '#store/uploads.ts';
import {
  acknowledgeFindings,
  findingText,
  openFindings,
  PrivacyReviewError,
  findingLabel,
  type PrivacyKind,
  whereText,
  type PrivacyFinding,
} from '#core/privacy.ts';
import { groundChoices, recordedReasons, type Acknowledgement } from '#core/privacy-grounds.ts';
import { enqueueJob, getJob, type Job } from '#store/jobs.ts';
import type { ActionInput, FileCheckInput, QueueQuery, ServiceInput, StaffUploadInput } from './schemas.ts';

const today = () => beijingDateTime(new Date()).date;
const staleApplicationMessage = '该申请已被他人更新，请刷新后重试。';
const staleApplication = () => stale(staleApplicationMessage);
/** What a step that issues a letter answers while the agency's letter settings are not confirmed. */
const unconfirmedLetters = () =>
  conflict(
    '本机关的文书设置尚未确认，不能发出文书。请本机关管理员在“机关设置—文书设置”中确认文书字号前缀、联系机构、地址、电话、行政复议机关和行政诉讼法院后再办理。',
  );

/**
 * Staff see a deadline waiting for a year's schedule as 待定 with the year and the earliest day it
 * can fall; what to enter is said once, in the console's banner (`calendarNotices`), not on each case.
 */
const dueOf = (calendar: WorkingCalendar, application: StoredApplication) =>
  replyDueOrPending(calendar, caseStateOf(application).clock, () => undefined);

/** Whether a deadline is overdue on `on`, or due by `soon` (the last day of `reminderDays`). */
const urgency = (due: IsoDate | null, on: IsoDate, soon: IsoDate | null) => ({
  overdue: Boolean(due && due < on),
  dueSoon: Boolean(due && due >= on && soon && due <= soon),
});

/** The last day that counts as due soon (within `reminderDays` working days), or none if the calendar cannot say. */
function soonUntil(calendar: WorkingCalendar, on: IsoDate): IsoDate | null {
  try {
    return nthWorkingDay(calendar, on, reminderDays);
  } catch (error) {
    if (error instanceof CalendarGapError) return null;
    throw error;
  }
}

const queueRow = (application: StoredApplication, on: IsoDate, soon: IsoDate | null) => {
  const { applicant } = application;
  const due = application.queueDue ?? null;
  return {
    receiptNumber: application.receiptNumber,
    receiptDate: application.receiptDate,
    status: application.status,
    statusLabel: statuses[application.status],
    open: openStatuses.includes(application.status),
    title: application.request.title,
    applicantKind: applicant.kind,
    applicantName: applicant.name,
    identity: maskIdentity(applicant.kind === 'person' ? applicant.idNumber : applicant.creditCode),
    phone: maskPhone(applicant.phone),
    assignee: application.handling?.assignee ?? null,
    assigneeName: application.handling?.assigneeName ?? application.handling?.assignee ?? null,
    review: reviewPending(application),
    due,
    ...urgency(due, on, soon),
    unserved: application.unserved?.size ?? 0,
    version: application.version,
  };
};

/** Agencies the queue's filter offers at once (a government's administrators read the queues of those under it). */
const queueAgencies = 100;

/**
 * What the queue may be filtered by: the statuses, and the agencies whose queues this member of staff
 * may read: their own and, for a government's administrators, the first page of those directly under
 * it (a page, however many agencies the portal holds).
 */
async function queueFilters(staff: StaffIdentity) {
  const home = await getAgency(staff.agencyId);
  const under =
    home && applicationAccess(staff, 'overseer').read && governs(home)
      ? (await agencyPage({ parentId: home.id }, { limit: queueAgencies })).items
      : [];
  return {
    statuses: [{ value: 'open', label: '办理中（未办结）' }, ...choices(statuses)],
    agencies: [...(home ? [home] : []), ...under]
      .filter((a) => applicationAccess(staff, standing(staff, a, home)).read)
      .map((a) => ({ id: a.id, name: a.name })),
  };
}

/**
 * The queue, a page at a time, soonest deadline first (the deadline stored with each step), so the
 * overdue come first; identity numbers and phones masked. Filters by status,
 * assignee and deadline are served by indexes; the others, and search, look at a bounded number of
 * applications per request and say so when a page comes back short.
 */
export async function listQueue(staff: StaffIdentity, query: QueueQuery) {
  const { agency } = await readableAgency(staff, query.agency);
  const calendar = await loadCalendar();
  const on = today();
  const soon = soonUntil(calendar, on);
  const limit = query.limit ?? 50;
  const typed = query.q?.trim();
  // A receipt number is looked up directly, whatever the filters.
  const number = typed && normaliseReceiptNumber(typed);
  if (number && receiptNumberPattern.test(number)) {
    const found = await getApplication(number);
    const items = found && found.application.agencyId === agency.id ? [queueRow(found.application, on, soon)] : [];
    return { agency: { id: agency.id, name: agency.name }, filters: await queueFilters(staff), items, next: null };
  }
  const page = await queuePage({
    agencyId: agency.id,
    status: query.status,
    assignee: query.assignee,
    applicantKind: query.applicantKind,
    year: query.year,
    ...(query.due === 'overdue' && { due: { before: on } }),
    // Where the calendar cannot say which days are soon (a year not entered), nothing is: an empty range.
    ...(query.due === 'soon' && { due: soon ? { from: on, to: soon } : { before: '0000' } }),
    ...(typed && { search: searchForm(typed) }),
    ...(query.review && { review: query.review }),
    limit,
    cursor: query.cursor,
  });
  return {
    agency: { id: agency.id, name: agency.name },
    filters: await queueFilters(staff),
    items: page.items.map((application) => queueRow(application, on, soon)),
    next: page.next,
    ...(page.exhausted && {
      note: `本页已查看 ${queueReadBudget} 件申请，符合条件的不足一页；可继续查看后续申请，或缩小筛选范围。`,
    }),
  };
}

function maskedApplication(application: StoredApplication) {
  const { applicant } = application;
  const masked =
    applicant.kind === 'person'
      ? {
          ...applicant,
          idNumber: maskIdentity(applicant.idNumber),
          phone: maskPhone(applicant.phone),
          address: applicant.address && '（已遮蔽）',
          postcode: applicant.postcode && '（已遮蔽）',
          email: applicant.email && '（已遮蔽）',
        }
      : {
          ...applicant,
          creditCode: maskIdentity(applicant.creditCode),
          phone: maskPhone(applicant.phone),
          address: applicant.address && '（已遮蔽）',
          email: applicant.email && '（已遮蔽）',
        };
  return { ...application, applicant: masked, uploads: [] };
}

export async function applicationDetail(receiptNumber: string, staff: StaffIdentity) {
  const [{ application, events, exports, agency, readOnly, personalData }, calendar] = await Promise.all([
    readableApplication(receiptNumber, staff),
    loadCalendar(),
  ]);
  const [letters, colleagues] = await Promise.all([
    listLetters(receiptNumber),
    readOnly ? [] : listAgencyStaff(agency.id),
  ]);
  const {
    queryCodeHash: _h,
    queryCodeHashSalt: _s,
    ...visible
  } = personalData ? application : maskedApplication(application);
  const deadline = dueOf(calendar, application);
  return {
    application: visible,
    /** The same applicant's similar requests to the agency in the last 12 months (for 重复申请), to staff who see personal data. */
    similarEarlier: personalData ? await similarEarlier(application) : [],
    statusLabel: statuses[application.status],
    agency: { id: agency.id, name: agency.name },
    readOnly,
    actions: readOnly ? [] : applicationStepForms(caseStateOf(application), staff, colleagues),
    deadline: {
      ...deadline,
      ...urgency(
        ['registered', 'inProgress'].includes(application.status) ? deadline.due : null,
        today(),
        soonUntil(calendar, today()),
      ),
    },
    events,
    letters: letters.map((letter) => {
      const { kind, title, number, issuedOn, version, toApplicant } = letter;
      const service = toApplicant ? proofOf(letter, caseStateOf(application)) : undefined;
      return { kind, title, number, issuedOn, version, toApplicant, ...(service && { service: serviceView(service) }) };
    }),
    caseFileExports: readOnly ? [] : exports,
    staff: colleagues.map(({ username, name, roles }) => ({ username, name, roles })),
    /** 载体形式 and 获取方式, as the applicant chose them: how the answer is to be delivered. */
    delivery: { medium: media[application.delivery.medium], method: methods[application.delivery.method] },
    /** The applicant's uploads (identity documents among them): personal data, for those who see it. */
    uploads: personalData
      ? application.uploads.map(({ id, purpose, fileName, contentType, size }) => ({
          id,
          purpose: uploadPurposes[purpose],
          fileName,
          contentType,
          size,
        }))
      : [],
  };
}

/** Applications one number may have made to an agency in a year that are compared: a bounded read. */
const earlierLimit = 50;

async function similarEarlier(application: StoredApplication) {
  const since = addDays(application.receiptDate, -365);
  const earlier = await applicantsEarlier(application, since, earlierLimit);
  return earlier
    .map((e) => ({ e, similarity: requestSimilarity(application.request, e.request) }))
    .filter(({ similarity }) => similarity >= similarRequest)
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, 5)
    .map(({ e, similarity }) => ({
      receiptNumber: e.receiptNumber,
      receiptDate: e.receiptDate,
      title: e.request.title,
      statusLabel: statuses[e.status],
      outcome: e.handling?.outcome ? outcomes[e.handling.outcome.outcome] : null,
      answeredOn: e.handling?.outcome?.answeredOn ?? null,
      similarity: Math.round(similarity * 100) / 100,
    }));
}

/**
 * A five-minute link to one of the application's files: an applicant's upload (only for staff who
 * see personal data) or a file given with the answer. PDF and images open in the tab.
 */
export async function applicationFile(receiptNumber: string, fileId: string, staff: StaffIdentity) {
  const { application, personalData } = await readableApplication(receiptNumber, staff);
  const file =
    (personalData ? application.uploads.find((u) => u.id === fileId) : undefined) ??
    application.handling?.outcome?.files?.find((f) => f.id === fileId);
  if (!file) throw notFound('未找到该文件。');
  return presignDownload(config.privateBucket(), file.key, file.fileName, file.contentType);
}

export async function letterHtml(receiptNumber: string, version: number, staff: StaffIdentity) {
  await readableApplication(receiptNumber, staff);
  const letter = (await listLetters(receiptNumber)).find((l) => l.version === version);
  if (!letter) throw notFound('未找到该文书。');
  return htmlPage(200, letterSheet(letter));
}

/** This applicant's earlier applications this month, as 按件计收 counts them (see `earlierCounted`). */
async function perItemEarlier(application: StoredApplication, exclude?: { receiptNumber: string; reason: string }[]) {
  return earlierCounted(Boolean(application.handling?.identityConfirmed), await earlierThisMonth(application), exclude);
}

export async function feePreview(
  receiptNumber: string,
  query: { scheme: 'perItem' | 'perPage'; quantity: number },
  staff: StaffIdentity,
) {
  const { application } = await readableApplication(receiptNumber, staff);
  const earlier = query.scheme === 'perItem' ? await perItemEarlier(application) : undefined;
  return {
    ...calculateFee(query.scheme, query.quantity, earlier?.counted.length ?? 0),
    earlierApplications: earlier?.listed ?? [],
  };
}

/**
 * The agency's outbox. Letters carry the applicant's personal data: in full to its handlers and
 * reviewers, as to the application itself; its administrators see who and when, masked, not the text.
 */
export async function listAgencyOutbox(staff: StaffIdentity, page: { limit?: number; cursor?: string }) {
  const { items, next } = await outboxPage(staff.agencyId, { limit: page.limit ?? 50, cursor: page.cursor });
  const { personalData } = applicationAccess(staff, 'own');
  return {
    mail: items.map(({ receiptNumber, letterNumber, to, subject, text, staffText, at, delivery }) => ({
      receiptNumber,
      letterNumber,
      to: personalData ? to : maskEmail(to),
      subject,
      text: personalData ? (staffText ?? text) : '（信件内容含申请人个人信息，仅本机关经办人、审核人可以查看。）',
      at,
      delivery,
      deliveryLabel: deliveryLabels[delivery],
    })),
    next,
  };
}

/** A presigned POST for a file to disclose with an answer (PDF, JPEG or PNG, up to 10 MB). */
export async function createStaffUpload(input: StaffUploadInput, staff: StaffIdentity) {
  const uploadId = randomUUID();
  return {
    uploadId,
    ...(await presignUpload(
      config.privateBucket(),
      uploadId,
      input.contentType,
      'disclosure',
      input.fileName,
      uploadOwner.staff(staff.username),
    )),
    maxBytes: maxUploadBytes,
  };
}

const fieldError = (field: string, message: string) =>
  badRequest(message, [{ field: `body.action.${field}`, message }]);

/** The staff member's own uploads for disclosure, each checked against its declared type (none linked yet). */
async function uploadsToDisclose(uploadIds: string[], staff: StaffIdentity, refuse = fieldError) {
  const uploads: { id: string; fileName: string; contentType: UploadType; size: number }[] = [];
  for (const id of new Set(uploadIds)) {
    const object = await inspectUpload(config.privateBucket(), id);
    if (object?.purpose !== 'disclosure' || object.owner !== uploadOwner.staff(staff.username))
      throw refuse('files', '提供的文件：有文件未上传成功或已过期，请重新上传');
    const type = object.contentType as UploadType;
    if (!(type in uploadTypes) || !matchesDeclaredType(type, object.head))
      throw refuse('files', `提供的文件：「${object.fileName}」的内容与其声明的类型不符`);
    uploads.push({ id, fileName: object.fileName, contentType: type, size: object.size });
  }
  return uploads;
}

async function disclosedFiles(
  uploadIds: string[],
  receiptNumber: string,
  staff: StaffIdentity,
  outcome?: string,
): Promise<DisclosedFile[]> {
  const uploads = await uploadsToDisclose(uploadIds, staff);
  // A file redacted in the platform (部分公开) carries what it withholds by ground into the answer and its 答复书.
  const redactions = await Promise.all(
    uploads.map(async (upload) => {
      const redacted = await getRedactedUpload(upload.id);
      return redacted?.agencyId === staff.agencyId ? redacted : undefined;
    }),
  );
  const elsewhere = uploads.find((_, i) => redactions[i] && redactions[i].receiptNumber !== receiptNumber);
  if (elsewhere)
    throw fieldError(
      'files',
      `提供的文件：「${elsewhere.fileName}」是为另一件申请作遮盖处理的结果，不能在本申请中提供`,
    );
  const redactedFile = uploads.find((_, i) => redactions[i]);
  // 条例37: a file given with parts withheld is a 部分公开 answer, whose 答复书 says what was withheld and why.
  if (outcome && outcome !== 'partial' && redactedFile)
    throw fieldError(
      'outcome',
      `答复类型：「${redactedFile.fileName}」经遮盖处理，部分内容不予公开，答复类型应为“部分公开”`,
    );
  const files: DisclosedFile[] = [];
  for (const [i, upload] of uploads.entries()) {
    const redacted = redactions[i];
    files.push({
      ...upload,
      key: await linkUpload(config.privateBucket(), upload.id, receiptNumber),
      ...(redacted && { redaction: { id: redacted.redactionId, withheld: redacted.withheld } }),
    });
  }
  return files;
}

// --- 个人信息检查 of the files given with an answer ---------------------------------------------

/**
 * Starts the check of files the handler will give the applicant: the privacy function reads them
 * where they wait (third parties' personal data; the applicant's own numbers left out). The handler
 * sees the findings before answering, and the answer names the check.
 */
export async function startFileCheck(receiptNumber: string, input: FileCheckInput, staff: StaffIdentity) {
  const found = await getApplication(receiptNumber);
  if (!found || !isOwn(staff, found.application.agencyId)) throw notFound('未找到该申请。');
  const uploads = await uploadsToDisclose(input.files, staff, (field, message) =>
    badRequest(message, [{ field: `body.${field}`, message }]),
  );
  const { job } = await enqueueJob({
    id: randomBytes(8).toString('hex'),
    kind: 'privacyScan',
    params: { receiptNumber, files: uploads.map(({ id, fileName, contentType }) => ({ id, fileName, contentType })) },
    by: staff.username,
    agencyId: staff.agencyId,
  });
  return fileCheckView(job);
}

/** A check of this application's answer files, to the staff of its agency. */
async function ownFileCheck(receiptNumber: string, id: string, staff: StaffIdentity) {
  const job = await getJob(id);
  if (!job || job.agencyId !== staff.agencyId || job.params.receiptNumber !== receiptNumber)
    throw notFound('未找到该个人信息检查。');
  return job;
}

export const fileCheck = async (receiptNumber: string, id: string, staff: StaffIdentity) =>
  fileCheckView(await ownFileCheck(receiptNumber, id, staff));

const checkedFiles = (job: Job) => (job.params.files as { id: string; fileName: string }[]) ?? [];
const checkFindings = (job: Job) => (job.result?.findings as PrivacyFinding[] | undefined) ?? [];

function fileCheckView(job: Job) {
  const state: 'scanning' | 'done' | 'failed' =
    job.state === 'done' ? 'done' : job.state === 'failed' ? 'failed' : 'scanning';
  const findings = checkFindings(job);
  return {
    id: job.id,
    state,
    files: checkedFiles(job).map(({ id, fileName }) => ({ id, fileName })),
    // Personal data only: the files for an answer are not read for wording.
    findings: findings.map((f) => ({
      ...f,
      kind: f.kind as PrivacyKind,
      kindLabel: findingLabel(f),
      whereText: whereText(f.where),
    })),
    open: findings.length,
    grounds: groundChoices(),
    summary:
      state === 'scanning'
        ? '个人信息检查：正在读取文件。'
        : state === 'failed'
          ? '个人信息检查未能完成，请重新检查。'
          : findings.length
            ? `个人信息检查：提供的文件中发现 ${findings.length} 项他人的个人信息，请删除或遮盖后重新上传；确需提供的，逐项写明理由。`
            : '个人信息检查：提供的文件中未发现他人的身份证号码、手机号码、银行卡号。',
  };
}

/**
 * The answer's files held to their check: done, of exactly these files, and each finding kept with a
 * reason by whoever answers (条例15: a third party's personal data is not given without cause).
 */
async function fileCheckOf(
  receiptNumber: string,
  uploadIds: string[],
  input: { fileCheck?: string; privacyAcknowledgements?: Acknowledgement[] },
  staff: StaffIdentity,
): Promise<Answer['fileCheck']> {
  // Files go to the applicant only after the check the console runs first (POST …/file-checks).
  if (!input.fileCheck) throw fieldError('fileCheck', '个人信息检查：提供文件前须先检查其中是否有他人的个人信息');
  const job = await ownFileCheck(receiptNumber, input.fileCheck, staff);
  const checked = new Set(checkedFiles(job).map((f) => f.id));
  if (checked.size !== new Set(uploadIds).size || uploadIds.some((id) => !checked.has(id)))
    throw conflict('提供的文件与个人信息检查的文件不一致，请重新检查后再答复。');
  if (job.state !== 'done')
    throw conflict(
      job.state === 'failed' ? '个人信息检查未能完成，请重新检查。' : '个人信息检查正在读取文件，请稍候再答复。',
      'in-progress',
    );
  let findings: PrivacyFinding[];
  try {
    findings = acknowledgeFindings(
      checkFindings(job),
      recordedReasons(input.privacyAcknowledgements ?? []),
      staff,
      new Date().toISOString(),
    );
  } catch (error) {
    if (error instanceof PrivacyReviewError) throw conflict(error.message, 'checks-failed');
    throw error;
  }
  const open = openFindings(findings);
  if (open.length)
    throw conflict(
      `提供的文件经个人信息检查发现 ${open.length} 项他人的个人信息尚未处理，不能答复：${open.map((f) => `第 ${f.id} 项 ${findingText(f)}`).join('；')}。请删除或遮盖后重新上传，或逐项写明理由。`,
      'checks-failed',
    );
  return { id: job.id, findings };
}

/** What the request names, turned into the state machine's action (fees calculated, files and assignee checked). */
async function actionOf(
  input: ActionInput['action'],
  application: StoredApplication,
  staff: StaffIdentity,
  calendar: WorkingCalendar,
): Promise<Action> {
  switch (input.type) {
    case 'sendFeeNotice': {
      const earlier = input.scheme === 'perItem' ? await perItemEarlier(application, input.exclude) : undefined;
      const calculation = calculateFee(input.scheme, input.quantity, earlier?.counted.length ?? 0);
      return {
        type: 'sendFeeNotice',
        reason: input.reason,
        calculation: {
          ...calculation,
          ...(earlier && { counted: earlier.counted }),
          ...(earlier?.excluded.length && { excluded: earlier.excluded }),
        },
      };
    }
    case 'answer': {
      const { files, fileCheck: checkId, privacyAcknowledgements, ...answer } = input;
      // Checked before any file is linked: an illegal answer should not copy files first.
      transitionFor(
        application,
        { ...answer, files: files?.map((id) => ({ id, fileName: id, contentType: '', size: 0, key: '' })) },
        staff,
        calendar,
      );
      const checked = files?.length
        ? await fileCheckOf(application.receiptNumber, files, { fileCheck: checkId, privacyAcknowledgements }, staff)
        : undefined;
      return {
        ...answer,
        ...(files?.length && { files: await disclosedFiles(files, application.receiptNumber, staff, answer.outcome) }),
        ...(checked?.findings.length && { fileCheck: checked }),
      };
    }
    case 'assign': {
      const member = await getStaff(input.assignee);
      if (!member || member.agencyId !== staff.agencyId) throw fieldError('assignee', '经办人：不是本机关的工作人员');
      return { type: 'assign', assignee: member.username, assigneeName: member.name };
    }
    default:
      return input;
  }
}

function transitionFor(
  application: StoredApplication,
  action: Action,
  staff: StaffIdentity,
  calendar: WorkingCalendar,
) {
  try {
    return transition(caseStateOf(application), action, {
      calendar,
      today: today(),
      actor: staff,
      submittedOn: beijingDateTime(new Date(application.submittedAt)).date,
    });
  } catch (error) {
    if (error instanceof IllegalTransition) throw conflict(error.message);
    throw error;
  }
}

export async function takeAction(receiptNumber: string, input: ActionInput, staff: StaffIdentity) {
  const [found, calendar] = await Promise.all([getApplication(receiptNumber), loadCalendar()]);
  if (!found || !isOwn(staff, found.application.agencyId)) throw notFound('未找到该申请。');
  const { application } = found;
  if (application.version !== input.version) throw staleApplication();
  const action = await actionOf(input.action, application, staff, calendar);
  const result = transitionFor(application, action, staff, calendar);
  const kind = letterFor(action);
  const agency = kind ? await getAgency(application.agencyId) : undefined;
  // No letter before an administrator has confirmed the template: a guessed prefix numbered one
  // department's letters as the county's (抚政公复〔2026〕1号).
  const settings = agency?.letters;
  if (kind && !settings) throw unconfirmedLetters();
  const { version, letter } = await recordTransition({
    application,
    expectedVersion: input.version,
    agencyId: staff.agencyId,
    state: result.state,
    event: result.event,
    visibleToApplicant: !internalActions.has(action.type) && !(action.type === 'decideExtension' && !action.approve),
    ...(result.receiptNote && { receiptNote: result.receiptNote }),
    place: placement(calendar, result.state),
    ...(kind &&
      agency &&
      settings && {
        letter: {
          kind,
          prefix: settings.prefix,
          email: application.applicant.email,
          compose: (number: string) =>
            composeLetter(kind, {
              agencyName: agency.name,
              settings,
              receiptNumber,
              title: application.request.title,
              applicantName: application.applicant.name,
              state: result.state,
              due: replyDueOrPending(calendar, result.state.clock, () => undefined).due,
              issuedOn: result.event.on,
              number,
              ...(staff.name && { handledBy: staff.name }),
            }),
        },
      }),
  }).catch(staleAs(staleApplicationMessage));
  metric('StepsTaken');
  if (action.type === 'answer' && action.files?.length)
    await discardPending(
      config.privateBucket(),
      action.files.map((f) => f.id),
    );
  return {
    receiptNumber,
    status: result.state.status,
    statusLabel: statuses[result.state.status],
    version,
    event: result.event,
    ...(letter && { letter: { number: letter.number, title: letter.title, version: letter.version } }),
  };
}

const serviceView = (service: Service) => ({
  ...service,
  methodLabel: serviceMethods[service.method],
  ...(service.carrier && { carrier: mailCarriers[service.carrier] }),
});

/**
 * Records how a letter to the applicant was served (送达): by post (交邮之日, carrier and number), in
 * person, left (留置), or by e-mail as the mail log shows it sent. The letter leaves the queue's list
 * awaiting proof; a reply by post counts its time to the posting date.
 */
export async function recordLetterService(
  receiptNumber: string,
  letterVersion: number,
  input: ServiceInput,
  staff: StaffIdentity,
) {
  const [found, calendar] = await Promise.all([getApplication(receiptNumber), loadCalendar()]);
  if (!found || !isOwn(staff, found.application.agencyId)) throw notFound('未找到该申请。');
  const { application } = found;
  if (application.version !== input.version) throw staleApplication();
  const letter = (await listLetters(application.receiptNumber)).find((l) => l.version === letterVersion);
  if (!letter) throw notFound('未找到该文书。');
  let service: Service;
  if (input.method === 'email') {
    const mail = letter.mailAt
      ? await getOutboxMail(application.agencyId, letter.mailAt, application.receiptNumber, letter.version)
      : undefined;
    if (mail?.delivery !== 'sent')
      throw conflict(
        mail
          ? `该文书的电子邮件尚未发送成功（${deliveryLabels[mail.delivery]}），不能记录为电子邮件送达。`
          : '该文书没有通过电子邮件发出（申请人未留电子邮箱），不能记录为电子邮件送达。',
      );
    const at = mail.deliveredAt ?? mail.at;
    service = {
      method: 'email',
      on: beijingDateTime(new Date(at)).date,
      at,
      note: `发送至 ${maskEmail(mail.to)}${mail.messageId ? `，邮件标识 ${mail.messageId}` : ''}`,
      recordedBy: staff.username,
    };
  } else {
    if (!input.on) {
      const message = input.method === 'post' ? '交邮日期：请填写' : '送达日期：请填写';
      throw badRequest(message, [{ field: 'body.on', message }]);
    }
    const scan = input.receiptScan
      ? (await disclosedFiles([input.receiptScan], application.receiptNumber, staff))[0]
      : undefined;
    service = {
      method: input.method,
      on: input.on,
      ...(scan && {
        scan: { fileName: scan.fileName, contentType: scan.contentType, size: scan.size, key: scan.key },
      }),
      ...(input.method === 'post' && input.carrier && { carrier: input.carrier }),
      ...(input.method === 'post' && input.trackingNumber && { trackingNumber: input.trackingNumber }),
      ...(input.note?.trim() && { note: input.note.trim() }),
      recordedBy: staff.username,
    };
  }
  let result: ReturnType<typeof recordService>;
  try {
    result = recordService(caseStateOf(application), letter, service, {
      calendar,
      today: today(),
      ...(staff.name && { actorName: staff.name }),
    });
  } catch (error) {
    if (error instanceof IllegalTransition) throw conflict(error.message);
    throw error;
  }
  const { version } = await recordTransition({
    application,
    expectedVersion: input.version,
    agencyId: staff.agencyId,
    state: result.state,
    event: result.event,
    visibleToApplicant: false,
    place: placement(calendar, result.state),
    served: letter.version,
  }).catch(staleAs(staleApplicationMessage));
  if (input.receiptScan) await discardPending(config.privateBucket(), [input.receiptScan]);
  return { receiptNumber: application.receiptNumber, version, service: serviceView(service) };
}

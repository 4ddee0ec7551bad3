/** 办理进度: the status page and API, behind the receipt number and query code, rate-limited. */
import { siteFrame } from './site-frame.ts';
import { randomBytes } from 'node:crypto';
import { beijingMoment } from '#core/applicant-mail.ts';
import { beijingDateTime } from '#core/dates.ts';
import { maskEmail } from '#core/identity.ts';
import { formatQueryCode, caseStateOf, statuses, type PublicView } from '#core/application.ts';
import { receiptPage, statusPage, statusPath, statusQueryForm } from '#core/pages/apply.ts';
import { letterPage } from '#core/pages/letter.ts';
import { IllegalTransition, placement, transition } from '#core/workflow.ts';
import { config } from '#lib/config.ts';
import { conflict, HttpError, notFound, staleAs } from '#lib/errors.ts';
import { htmlPage, redirect, type Reply } from '#lib/reply.ts';
import { getAgency } from '#store/agencies.ts';
import { getApplication, recordTransition, type StoredApplication, type StoredEvent } from '#store/applications.ts';
import { listLetters, markLetterRead, type StoredLetter } from '#store/letters.ts';
import { loadCalendar } from '#store/calendar.ts';
import { cachedSiteUrl } from '#store/site-config.ts';
import { authenticate, codeFromCookie, cookieFor } from '#store/application-access.ts';
import { discardPending, linkUpload, presignDownload, uploadOwner } from '#store/uploads.ts';
import { citizenCorrection, citizenDeadline } from './deadline.ts';
import { checkUploads, filesCsp, receiptCookie } from './submit.ts';
import { draftGone, openDraft, sendBack, type FormRequest } from './drafts.ts';

/** The letters came with the application, in the query that read it (its partition): no second query. */
async function viewOf({
  application,
  events,
  letters,
}: {
  application: StoredApplication;
  events: StoredEvent[];
  letters: StoredLetter[];
}): Promise<PublicView> {
  const [agency, calendar] = await Promise.all([getAgency(application.agencyId), loadCalendar()]);
  const base = `/api/applications/${application.receiptNumber}`;
  const correction = application.status === 'correctionRequested' ? application.handling?.correction : undefined;
  return {
    receiptNumber: application.receiptNumber,
    agencyName: agency?.name ?? application.agencyId,
    status: application.status,
    statusLabel: statuses[application.status],
    submittedAt: application.submittedAt,
    receiptDate: application.receiptDate,
    receiptNote: application.receiptNote,
    request: application.request,
    applicantName: application.applicant.name,
    deadline: citizenDeadline(calendar, caseStateOf(application).clock),
    timeline: events.filter((e) => e.public).map(({ at, type, text }) => ({ at, type, text })),
    letters: letters
      .filter((l) => l.toApplicant)
      .map(({ title, number, issuedOn, version }) => ({
        title,
        number,
        issuedOn,
        version,
        url: `${base}/letters/${version}`,
      })),
    files: (application.handling?.outcome?.files ?? []).map(({ id, fileName, size }) => ({
      id,
      fileName,
      size,
      url: `${base}/files/${id}`,
    })),
    ...(correction && { correction: { items: correction.items, ...citizenCorrection(calendar, correction) } }),
  };
}

/** One of the applicant's letters, as a printable page. */
export async function applicantLetter(
  receiptNumber: string,
  code: string | undefined,
  version: number,
  clientIp: string,
): Promise<Reply> {
  const { application } = await authenticate(receiptNumber, code, clientIp);
  const letter = (await listLetters(receiptNumber)).find((l) => l.version === version && l.toApplicant);
  if (!letter) throw notFound('未找到该文书。');
  // Opened on the status page: served online (网上送达), the first time.
  if (!letter.readAt) await markLetterRead(letter.receiptNumber, letter.version);
  const status = statusPath(application.receiptNumber);
  // The files a 答复书 lists open from the letter, as from the status page (the same five-minute links).
  const files = new Map(
    (application.handling?.outcome?.files ?? []).map((f) => [
      f.fileName,
      `${status}/files/${encodeURIComponent(f.id)}`,
    ]),
  );
  return htmlPage(200, letterPage(await siteFrame(), letter, { href: status, text: '返回办理进度' }, files));
}

/** A short-lived link to a file given with the answer. */
export async function applicantFile(receiptNumber: string, code: string | undefined, fileId: string, clientIp: string) {
  const { application } = await authenticate(receiptNumber, code, clientIp);
  const file = application.handling?.outcome?.files?.find((f) => f.id === fileId);
  if (!file) throw notFound('未找到该文件。');
  return presignDownload(config.privateBucket(), file.key, file.fileName);
}

/** What a correction carries: the text, and the files its form uploaded (bound to its `formKey`). */
export interface Correction {
  text: string;
  uploads?: string[];
  formKey?: string;
}

/**
 * The applicant's correction (补正), sent from the status page: the clock restarts from today. Its
 * files join the application's uploads, for the handler, in the same write as the step.
 */
export async function submitCorrection(
  receiptNumber: string,
  code: string | undefined,
  { text, uploads = [], formKey }: Correction,
  clientIp: string,
): Promise<PublicView> {
  const { application } = await authenticate(receiptNumber, code, clientIp);
  const [calendar, files] = await Promise.all([loadCalendar(), checkUploads(uploads, uploadOwner.form(formKey))]);
  let result: ReturnType<typeof transition>;
  try {
    result = transition(
      caseStateOf(application),
      { type: 'receiveCorrection', text },
      { calendar, today: beijingDateTime(new Date()).date, actor: 'applicant' },
    );
  } catch (error) {
    if (error instanceof IllegalTransition) throw conflict('该申请当前不需要补正，或补正已经提交。');
    throw error;
  }
  const number = application.receiptNumber;
  const linked = await Promise.all(
    files.map(async (u) => ({ ...u, key: await linkUpload(config.privateBucket(), u.id, number) })),
  );
  await recordTransition({
    application,
    expectedVersion: application.version,
    agencyId: application.agencyId,
    state: result.state,
    event: linked.length
      ? { ...result.event, text: `${result.event.text}附补正材料：${linked.map((u) => u.fileName).join('、')}。` }
      : result.event,
    visibleToApplicant: true,
    place: placement(calendar, result.state),
    ...(linked.length && { uploads: [...application.uploads, ...linked] }),
  }).catch(staleAs('该申请刚刚有了新的办理进展，请重新查询后再提交。'));
  await discardPending(
    config.privateBucket(),
    files.map((u) => u.id),
  );
  return viewOf((await getApplication(receiptNumber))!);
}

/** The HTML forms of the status page: they carry the number and code the page was opened with. */
async function pageOrForm(
  typed: { receiptNumber: string; queryCode: string },
  work: () => Promise<Reply>,
): Promise<Reply> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof HttpError) || error.statusCode >= 500) throw error;
    return htmlPage(error.statusCode, statusQueryForm(await siteFrame(), { ...typed, message: error.message }));
  }
}

/** Without the cookie (expired, another browser): the query form with the number filled in. */
const askForCode = async (receiptNumber: string) =>
  htmlPage(
    200,
    statusQueryForm(await siteFrame(), {
      receiptNumber,
      message: '请输入查询码查看办理进度（查询后 30 分钟内无需再次输入）。',
    }),
  );

/** A fresh key for the correction form, binding the files it uploads to its own post. */
const newFormKey = () => randomBytes(16).toString('base64url');

type Visit = { receiptNumber: string; cookies: string[]; clientIp: string };

async function withCode(visit: Visit, work: (code: string) => Promise<Reply>): Promise<Reply> {
  const code = codeFromCookie(visit.receiptNumber, visit.cookies);
  if (!code) return askForCode(visit.receiptNumber);
  return pageOrForm({ receiptNumber: visit.receiptNumber, queryCode: '' }, () => work(code));
}

export const statusNotices = {
  corrected: () => '补正已提交，答复期限自今日的次日起重新计算。',
  recovered: (code: string) =>
    `您的新查询码为 ${formatQueryCode(code)}，原查询码已失效。请立即抄录或打印本页妥善保存（30 分钟内在本浏览器中可再次打开本页）。`,
} as const;

/** GET /apply/status/{number}: the status page. */
export const statusViewFor = (visit: Visit & { notice?: keyof typeof statusNotices }) =>
  withCode(visit, async (code) =>
    htmlPage(
      200,
      statusPage(await siteFrame(), await getApplicationStatus(visit.receiptNumber, code, visit.clientIp), {
        queryCode: code,
        formKey: newFormKey(),
        ...(visit.notice && { message: statusNotices[visit.notice](code) }),
      }),
      { csp: filesCsp },
    ),
  );

/** GET /apply/status/{number}/letters/{version}: a letter, printable, with the way back. */
export const statusLetterFor = (visit: Visit & { version: number }) =>
  withCode(visit, (code) => applicantLetter(visit.receiptNumber, code, visit.version, visit.clientIp));

/** GET /apply/status/{number}/files/{id}: on to a five-minute download link. */
export const statusFileFor = (visit: Visit & { fileId: string }) =>
  withCode(visit, async (code) =>
    redirect((await applicantFile(visit.receiptNumber, code, visit.fileId, visit.clientIp)).url),
  );

/** The status query's drafts: the number typed and what was wrong (never the code: it is retyped). */
const statusDraft = 'status';

/** GET /apply/status: the query form, or (`?draft=`) the query sent back with what was wrong. */
export async function statusQueryPageFor(draftId: string | undefined, cookies: string[]): Promise<Reply> {
  const draft = await openDraft(draftId, statusDraft, cookies);
  const options = draft
    ? { receiptNumber: String(draft.values.receiptNumber ?? ''), message: draft.errors.form }
    : draftId
      ? { message: draftGone }
      : {};
  return htmlPage(200, statusQueryForm(await siteFrame(), options));
}

/** A refused query, Post/Redirect/Get: back to the query form with the number as typed and the reason. */
const queryRefused = (receiptNumber: string, message: string, request: FormRequest) =>
  sendBack({ form: statusDraft, values: { receiptNumber }, errors: { form: message } }, '/apply/status', request);

/** POST /apply/status: the query; on to the status page, the code in the cookie. */
export async function statusQueryFor(receiptNumber: string, code: string, clientIp: string, request: FormRequest) {
  try {
    const { application } = await authenticate(receiptNumber, code, clientIp);
    const number = application.receiptNumber;
    return redirect(statusPath(number), [cookieFor(number, code, request.headers['x-forwarded-proto'] === 'https')]);
  } catch (error) {
    if (!(error instanceof HttpError) || error.statusCode >= 500) throw error;
    return queryRefused(receiptNumber, error.message, request);
  }
}

export const correctionPageFor = (
  body: { receiptNumber: string; queryCode: string } & Correction,
  clientIp: string,
  secure: boolean,
) =>
  pageOrForm(body, async () => {
    try {
      const view = await submitCorrection(body.receiptNumber, body.queryCode, body, clientIp);
      return redirect(`${statusPath(view.receiptNumber)}?notice=corrected`, [
        cookieFor(view.receiptNumber, body.queryCode, secure),
      ]);
    } catch (error) {
      if (!(error instanceof HttpError) || error.statusCode !== 409) throw error;
      const view = await getApplicationStatus(body.receiptNumber, body.queryCode, clientIp);
      return htmlPage(
        409,
        statusPage(await siteFrame(), view, {
          queryCode: body.queryCode,
          formKey: newFormKey(),
          message: error.message,
        }),
        { csp: filesCsp },
      );
    }
  });

export async function getApplicationStatus(
  receiptNumber: string,
  code: string | undefined,
  clientIp: string,
): Promise<PublicView> {
  return viewOf(await authenticate(receiptNumber, code, clientIp));
}

/** What a form posted in `name`, as a string of at most `max` characters, for its error page to keep. */
export const typedIn = (values: unknown, name: string, max = 40) => {
  const value = (values as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.slice(0, max) : '';
};

export const statusQueryErrorPage = (error: HttpError, values: unknown, request: FormRequest): Promise<Reply> =>
  queryRefused(typedIn(values, 'receiptNumber'), error.fields[0]?.message ?? error.message, request);

/** The receipt, with its query code, once: read from the cookie the submission set, then cleared. */
export async function receiptPageFor(receiptNumber: string, cookies: string[], clientIp: string): Promise<Reply> {
  const value =
    cookies
      .map((c) => c.trim())
      .find((c) => c.startsWith(`${receiptCookie}=`))
      ?.slice(receiptCookie.length + 1) ?? '';
  const [number, code] = value.split('.');
  const clear = [`${receiptCookie}=; Path=/apply/receipt; Max-Age=0; HttpOnly; SameSite=Lax`];
  if (number !== receiptNumber || !code) {
    return htmlPage(
      200,
      statusQueryForm(await siteFrame(), {
        receiptNumber,
        message: '为保护您的信息，接收回执只在提交后显示一次。请使用受理编号和查询码查询办理进度。',
      }),
    );
  }
  const found = await authenticate(receiptNumber, code, clientIp);
  const view = await viewOf(found);
  return htmlPage(
    200,
    receiptPage(await siteFrame(), {
      receiptNumber,
      queryCode: code,
      agencyName: view.agencyName,
      applicantName: view.applicantName,
      submittedAt: beijingMoment(found.application.submittedAt),
      receiptDate: view.receiptDate,
      receiptNote: view.receiptNote,
      title: view.request.title,
      deadline: view.deadline,
      siteUrl: await cachedSiteUrl(),
      ...(found.application.applicant.email && { mailedTo: maskEmail(found.application.applicant.email) }),
    }),
    { cookies: clear },
  );
}

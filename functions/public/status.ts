/** 办理进度: the status page and API, behind the receipt number and query code, rate-limited. */
import { formatDate } from '#core/dates.ts';
import { caseStateOf, queryCodeMatches, receiptNumberPattern, statuses, type PublicView } from '#core/application.ts';
import { receiptPage, statusPage, statusQueryForm } from '#core/pages/apply.ts';
import { HttpError, notFound } from '#lib/errors.ts';
import { htmlPage, type Reply } from '#lib/reply.ts';
import { getAgency } from '#store/agencies.ts';
import { getApplication, type StoredApplication, type StoredEvent } from '#store/applications.ts';
import { loadCalendar } from '#store/calendar.ts';
import { allowAttempt } from '#store/rate-limit.ts';
import { citizenDeadline } from './deadline.ts';
import { receiptCookie } from './submit.ts';

const windowSeconds = 15 * 60;
const perNumberLimit = 10;
const perClientLimit = 60;
const notFoundMessage = '未找到该申请，请核对受理编号和查询码。';

export class TooManyAttempts extends HttpError {
  constructor() {
    super(429, '查询过于频繁，请 15 分钟后再试。');
  }
}

/**
 * The application behind a receipt number and query code. A wrong code, a missing code, a malformed
 * number and an unknown number all fail the same way, after the same work (so timing tells nothing).
 */
async function authenticate(receiptNumber: string, code: string | undefined, clientIp: string) {
  const [byNumber, byClient] = await Promise.all([
    allowAttempt('status-number', receiptNumber.slice(0, 40), perNumberLimit, windowSeconds),
    allowAttempt('status-client', clientIp, perClientLimit, windowSeconds),
  ]);
  if (!byNumber || !byClient) throw new TooManyAttempts();
  const found = receiptNumberPattern.test(receiptNumber) ? await getApplication(receiptNumber) : undefined;
  if (!found || !code || !queryCodeMatches(code, found.application.queryCodeHashSalt, found.application.queryCodeHash)) throw notFound(notFoundMessage);
  return found;
}

async function viewOf({ application, events }: { application: StoredApplication; events: StoredEvent[] }): Promise<PublicView> {
  const [agency, calendar] = await Promise.all([getAgency(application.agencyId), loadCalendar()]);
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
    letters: [],
  };
}

export async function getApplicationStatus(receiptNumber: string, code: string | undefined, clientIp: string): Promise<PublicView> {
  return viewOf(await authenticate(receiptNumber, code, clientIp));
}

export async function statusPageFor(receiptNumber: string, code: string, clientIp: string): Promise<Reply> {
  try {
    return htmlPage(200, statusPage(await getApplicationStatus(receiptNumber, code, clientIp)));
  } catch (error) {
    if (!(error instanceof HttpError) || error.statusCode >= 500) throw error;
    return htmlPage(error.statusCode, statusQueryForm({ receiptNumber, message: error.message }));
  }
}

export function statusQueryErrorPage(error: HttpError, values: unknown): Reply {
  const receiptNumber = typeof (values as { receiptNumber?: unknown })?.receiptNumber === 'string' ? (values as { receiptNumber: string }).receiptNumber : '';
  return htmlPage(error.statusCode, statusQueryForm({ receiptNumber, message: error.fields[0]?.message ?? error.message }));
}

/** The receipt, with its query code, once: read from the cookie the submission set, then cleared. */
export async function receiptPageFor(receiptNumber: string, cookies: string[], clientIp: string): Promise<Reply> {
  const value = cookies.map((c) => c.trim()).find((c) => c.startsWith(`${receiptCookie}=`))?.slice(receiptCookie.length + 1) ?? '';
  const [number, code] = value.split('.');
  const clear = [`${receiptCookie}=; Path=/apply/receipt; Max-Age=0; HttpOnly; SameSite=Lax`];
  if (number !== receiptNumber || !code) {
    return htmlPage(200, statusQueryForm({ receiptNumber, message: '为保护您的信息，接收回执只在提交后显示一次。请使用受理编号和查询码查询办理进度。' }));
  }
  const found = await authenticate(receiptNumber, code, clientIp);
  const view = await viewOf(found);
  return htmlPage(200, receiptPage({
    receiptNumber,
    queryCode: code,
    agencyName: view.agencyName,
    applicantName: view.applicantName,
    submittedAt: formatDate(found.application.submittedAt.slice(0, 10)),
    receiptDate: view.receiptDate,
    receiptNote: view.receiptNote,
    title: view.request.title,
    deadline: view.deadline,
  }), { cookies: clear });
}

/**
 * Who reaches one application, and how. Staff: by their agency's standing towards the application's
 * (`core/access.ts`). The applicant: by the receipt number and query code, checked against the
 * stored hash and rate-limited, and the short-lived cookie that carries the code from the query to
 * the status page, its letters and files (never in a URL).
 */
import { applicationAccess, standing } from '#core/access.ts';
import type { Agency } from '#core/agency.ts';
import { normaliseReceiptNumber, queryCodeMatches, receiptNumberPattern } from '#core/application.ts';
import type { StaffIdentity } from '#core/staff.ts';
import { forbidden, HttpError, notFound } from '#lib/errors.ts';
import { getAgency } from './agencies.ts';
import { getApplication } from './applications.ts';
import { allowAttempt, attemptsSoFar } from './rate-limit.ts';

/**
 * The agency whose applications the staff member may read (`core/access.ts`): their own, or (county
 * administrators) a subordinate agency's, read-only with personal data masked.
 */
export async function readableAgency(
  staff: StaffIdentity,
  agencyId = staff.agencyId,
): Promise<{ agency: Agency; readOnly: boolean; personalData: boolean }> {
  const [agency, home] = await Promise.all([
    getAgency(agencyId),
    agencyId === staff.agencyId ? undefined : getAgency(staff.agencyId),
  ]);
  const access = agency && applicationAccess(staff, standing(staff, agency, home));
  if (!agency || !access?.read) throw forbidden('只能查看本机关及下级机关的申请。');
  return { agency, readOnly: !access.act, personalData: access.personalData };
}

/** The application, if the staff member may read it; another agency's number answers 404 as an unknown one does. */
export async function readableApplication(receiptNumber: string, staff: StaffIdentity) {
  const found = await getApplication(receiptNumber);
  if (!found) throw notFound('未找到该申请。');
  try {
    return { ...found, ...(await readableAgency(staff, found.application.agencyId)) };
  } catch {
    throw notFound('未找到该申请。');
  }
}

const windowSeconds = 15 * 60;
/** Wrong codes for one number from one client before that client waits (others are never held up by it). */
const perPairFailures = 10;
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
 * Failures are counted per number and client: a client that keeps guessing waits, and nobody else's
 * guesses can keep the applicant from the right code. Every client's queries are limited too.
 */
export async function authenticate(typed: string, code: string | undefined, clientIp: string) {
  const receiptNumber = normaliseReceiptNumber(typed); // lsh-2026-00001, LSH－2026－00001 from an IME
  const pair = `${receiptNumber.slice(0, 40)}|${clientIp}`;
  // One round trip: the application is read beside the limits, and nothing of it is told unless both allow.
  const [byClient, failures, found] = await Promise.all([
    allowAttempt('status-client', clientIp, perClientLimit, windowSeconds),
    attemptsSoFar('status-failed', pair, windowSeconds),
    receiptNumberPattern.test(receiptNumber) ? getApplication(receiptNumber) : undefined,
  ]);
  if (!byClient || failures >= perPairFailures) throw new TooManyAttempts();
  if (
    !found ||
    !code ||
    !queryCodeMatches(code, found.application.queryCodeHashSalt, found.application.queryCodeHash)
  ) {
    await allowAttempt('status-failed', pair, perPairFailures, windowSeconds);
    throw notFound(notFoundMessage);
  }
  return found;
}

/*
 * Post/redirect/get: a query or a correction answers 303 to the application's status page, and the
 * code travels there (and to its letters and files) in a short-lived HttpOnly cookie, never in a URL.
 * Back and reload are then plain GETs, with no “confirm form resubmission”.
 */
export const statusCookie = 'gk_status';
export const cookieFor = (receiptNumber: string, code: string, secure: boolean) =>
  `${statusCookie}=${receiptNumber}.${code}; Path=/apply/status; Max-Age=1800; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;

/** The code the query left for `receiptNumber`, if the cookie is for that number. */
export function codeFromCookie(receiptNumber: string, cookies: string[]): string | undefined {
  const value = cookies
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${statusCookie}=`))
    ?.slice(statusCookie.length + 1);
  const [number, code] = (value ?? '').split('.');
  return number === normaliseReceiptNumber(receiptNumber) && code ? code : undefined;
}

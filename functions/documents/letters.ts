/** An application's letters as official documents (PDF): for staff to print, for the applicant to keep. */
import { statusPath } from '#core/pages/apply.ts';
import type { StaffIdentity } from '#core/staff.ts';
import { HttpError, notFound } from '#lib/errors.ts';
import { letterPdf, letterPdfName } from '#lib/letter-pdf.ts';
import { pdfFile, redirect } from '#lib/reply.ts';
import { getAgencySeal } from '#store/agencies.ts';
import { authenticate, codeFromCookie, readableApplication } from '#store/application-access.ts';
import { listLetters, markLetterRead, type StoredLetter } from '#store/letters.ts';

const toStatusPage = (error: unknown) => {
  if (error instanceof HttpError && error.statusCode < 500) return undefined;
  throw error;
};

const asPdf = async (letter: StoredLetter, agencyId: string) =>
  pdfFile(await letterPdf(letter, { seal: await getAgencySeal(agencyId) }), letterPdfName(letter));

/** GET /api/staff/applications/{n}/letters/{version}/letter.pdf: any letter of an application the staff member may read. */
export async function staffLetterPdf(receiptNumber: string, version: number, staff: StaffIdentity) {
  const { application } = await readableApplication(receiptNumber, staff);
  const letter = (await listLetters(receiptNumber)).find((l) => l.version === version);
  if (!letter) throw notFound('未找到该文书。');
  return asPdf(letter, application.agencyId);
}

/**
 * GET /apply/status/{n}/letters/{version}/letter.pdf: one of the applicant's letters, behind the code
 * the status page's cookie carries (without it, or with a wrong one, on to the status page, which
 * asks for the code and says why).
 * The first opening is the letter's online service (送达), recorded with its time.
 */
export async function applicantLetterPdf(visit: {
  receiptNumber: string;
  version: number;
  cookies: string[];
  clientIp: string;
}) {
  const code = codeFromCookie(visit.receiptNumber, visit.cookies);
  const found = code && (await authenticate(visit.receiptNumber, code, visit.clientIp).catch(toStatusPage));
  // No code, a wrong one, or too many tries: the status page asks for the code and says why.
  if (!found) return redirect(statusPath(visit.receiptNumber));
  const { application } = found;
  const letter = (await listLetters(application.receiptNumber)).find(
    (l) => l.version === visit.version && l.toApplicant,
  );
  if (!letter) throw notFound('未找到该文书。');
  if (!letter.readAt) await markLetterRead(letter.receiptNumber, letter.version);
  return asPdf(letter, application.agencyId);
}

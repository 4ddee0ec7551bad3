/**
 * 找回查询码 without weakening it: the applicant names the receipt number and the e-mail address
 * given with the application; a one-time, 30-minute link goes to that address (through the outbox),
 * and opening it issues a new code, shown once, the old one ceasing to work. The answer to a request
 * is the same whether or not the pair matched, and requests are limited per client and per number.
 */
import { recoveryMail } from '#core/applicant-mail.ts';
import { deriveQueryCode, hashQueryCode, newSalt } from '#core/application.ts';
import { recoverConfirm, recoverForm, statusPath } from '#core/pages/apply.ts';
import type { HttpError } from '#lib/errors.ts';
import { htmlPage, redirect, type Reply } from '#lib/reply.ts';
import { getAgency } from '#store/agencies.ts';
import { getApplication } from '#store/applications.ts';
import { recoveryMinutes, sendRecoveryLink, useRecoveryLink } from '#store/code-recovery.ts';
import { allowAttempt } from '#store/rate-limit.ts';
import { cachedSiteUrl } from '#store/site-config.ts';
import { randomBytes } from 'node:crypto';
import { siteFrame } from './site-frame.ts';
import { draftGone, openDraft, sendBack, type FormRequest } from './drafts.ts';
import { cookieFor } from '#store/application-access.ts';
import { typedIn } from './status.ts';

const hour = 3600;
const perClient = 10;
const perNumber = 3;
const sameAddress = (a: string, b: string) =>
  a.normalize('NFKC').trim().toLowerCase() === b.normalize('NFKC').trim().toLowerCase();

const tooMany = async () =>
  htmlPage(429, recoverForm(await siteFrame(), { message: '重新获取查询码的请求过于频繁，请 1 小时后再试。' }));

// Receipt numbers arrive normalised and checked by the routes' schema (lower case, full-width, spaces).

/** POST /apply/recover: a link to the address on file if the pair matches; the same answer either way. */
export async function requestRecovery(receiptNumber: string, email: string, clientIp: string): Promise<Reply> {
  if (!(await allowAttempt('recover-client', clientIp, perClient, hour))) return tooMany();
  if (!(await allowAttempt('recover-number', receiptNumber.slice(0, 40), perNumber, hour))) return tooMany();
  const found = await getApplication(receiptNumber);
  const onFile = found?.application.applicant.email;
  if (found && onFile && sameAddress(onFile, email)) {
    const { application } = found;
    const [agency, siteUrl] = await Promise.all([getAgency(application.agencyId), cachedSiteUrl()]);
    const facts = {
      agencyName: agency?.name ?? application.agencyId,
      applicantName: application.applicant.name,
      receiptNumber,
      siteUrl,
      minutes: recoveryMinutes,
    };
    const at = new Date().toISOString();
    await sendRecoveryLink(receiptNumber, (token) => ({
      agencyId: application.agencyId,
      receiptNumber,
      letterNumber: '重新获取查询码',
      version: application.version,
      to: onFile,
      ...recoveryMail(facts, token),
      staffText: recoveryMail(facts, null).text,
      at,
      delivery: 'pending',
    }));
  }
  return redirect('/apply/recover?sent=1');
}

/** POST /apply/recover/{number}/{token}: the new code, shown on the status page it opens. */
export async function useRecovery(receiptNumber: string, token: string, secure: boolean): Promise<Reply> {
  const found = await getApplication(receiptNumber);
  const code = deriveQueryCode(randomBytes(16).toString('hex'), newSalt());
  const salt = newSalt();
  const used =
    found &&
    (await useRecoveryLink(
      receiptNumber,
      token,
      { hash: hashQueryCode(code, salt), salt },
      {
        at: new Date().toISOString(),
        version: found.application.version,
        text: '申请人通过申请时填写的电子邮箱重新获取查询码，原查询码失效。',
      },
    ));
  if (!used)
    return htmlPage(
      410,
      recoverForm(await siteFrame(), {
        receiptNumber,
        message: '该链接无效、已使用或已超过 30 分钟，请重新发送。',
      }),
    );
  return redirect(`${statusPath(receiptNumber)}?notice=recovered`, [cookieFor(receiptNumber, code, secure)]);
}

export const recoverLinkPage = async (receiptNumber: string, token: string) =>
  htmlPage(200, recoverConfirm(await siteFrame(), receiptNumber, token));

/** The request's drafts: the number and address typed, and what was wrong. */
const recoverDraft = 'recover';

/** GET /apply/recover: the request form; `sent`, the answer to one; `draft`, one sent back with what was wrong. */
export async function recoverPageFor(options: { sent: boolean; draft?: string; cookies: string[] }): Promise<Reply> {
  const draft = await openDraft(options.draft, recoverDraft, options.cookies);
  return htmlPage(
    200,
    recoverForm(await siteFrame(), {
      sent: options.sent,
      ...(draft
        ? {
            receiptNumber: String(draft.values.receiptNumber ?? ''),
            email: String(draft.values.email ?? ''),
            message: draft.errors.form,
          }
        : options.draft && { message: draftGone }),
    }),
  );
}

/** A request refused by its schema, Post/Redirect/Get: back to the form with what was typed and why. */
export const recoverErrorPage = (error: HttpError, values: unknown, request: FormRequest): Promise<Reply> =>
  sendBack(
    {
      form: recoverDraft,
      values: { receiptNumber: typedIn(values, 'receiptNumber'), email: typedIn(values, 'email', 254) },
      errors: { form: error.fields[0]?.message ?? error.message },
    },
    '/apply/recover',
    request,
  );

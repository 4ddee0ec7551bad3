/** 提交申请: validation beyond the schema, idempotency, receipt number, query code, one transaction. */
import { siteFrame } from './site-frame.ts';
import { metric } from '#lib/metrics.ts';
import { type Agency, isGovernment, takesApplications } from '#core/agency.ts';
import { createHash, randomUUID } from 'node:crypto';
import {
  deriveQueryCode,
  formatQueryCode,
  formatReceiptNumber,
  hashQueryCode,
  matchesDeclaredType,
  maxUploadBytes,
  newSalt,
  uploadPurposes,
  uploadTypes,
  type LinkedUpload,
  type UploadType,
} from '#core/application.ts';
import { receiptMail } from '#core/applicant-mail.ts';
import { CalendarGapError } from '#core/calendar.ts';
import { applicantIdentity, caseStateOf, type Application } from '#core/application.ts';
import { onlineReceiptDate } from '#core/clock.ts';
import {
  checkFormToken,
  formTokenLifetimeMs,
  formTokenMessages,
  minimumFillMs,
  signFormToken,
} from '#core/form-token.ts';
import { beijingDateTime, formatDate } from '#core/dates.ts';
import { applicationForm, type FieldErrors } from '#core/pages/apply.ts';
import { placement } from '#core/workflow.ts';
import { config, env, positiveIntegerEnv, requireEnv } from '#lib/config.ts';
import { badRequest, conflict, HttpError } from '#lib/errors.ts';
import { redirect, htmlPage, type Reply } from '#lib/reply.ts';
import { contentSecurityPolicyFor } from '#lib/site-headers.ts';
import { BadCursorError } from '#lib/dynamo.ts';
import { agencyPage, getAgency, topAgency } from '#store/agencies.ts';
import { recordSubmission, type StoredApplication } from '#store/applications.ts';
import {
  claimSubmission,
  nextReceiptSequence,
  readSubmission,
  releaseClaim,
  type SubmissionRecord,
} from '#store/submission-claims.ts';
import { loadCalendar } from '#store/calendar.ts';
import { allowAttempt, giveBackAttempt } from '#store/rate-limit.ts';
import { formTokenKey } from '#store/form-key.ts';
import { cachedSiteUrl } from '#store/site-config.ts';
import { discardPending, inspectUpload, linkUpload, uploadOwner } from '#store/uploads.ts';
import { draftGone, openDraft, sendBack, type FormRequest } from './drafts.ts';
import { citizenDeadline } from './deadline.ts';
import type { ApplicationInput } from './schemas.ts';

/**
 * The citizen's pages that exchange files with the private bucket (the form's uploads, the status
 * page's downloads) may reach its endpoint, and no other.
 */
const privateOrigin = process.env.AWS_ENDPOINT_URL_S3 ?? bucketOrigin(requireEnv('AWS_REGION'));
function bucketOrigin(region: string) {
  return `https://${config.privateBucket()}.s3.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}
export const filesCsp = contentSecurityPolicyFor(privateOrigin);

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Key order does not change a fingerprint. */
const canonical = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.map(canonical).join(',')}]`
    : value && typeof value === 'object'
      ? `{${Object.keys(value)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
          .join(',')}}`
      : JSON.stringify(value);

const field = (name: string, message: string) => badRequest(message, [{ field: `body.${name}`, message }]);

/** Each upload's object checked (owner, type by its first bytes, size), or the field's error. */
export async function checkUploads(ids: string[], owner: string): Promise<Omit<LinkedUpload, 'key'>[]> {
  const checked = [];
  for (const id of new Set(ids)) {
    const object = await inspectUpload(config.privateBucket(), id);
    // Another form's upload (a leaked id), or one already used, answers as a missing one.
    if (!object || object.owner !== owner) throw field('uploads', '附件：有附件未上传成功或已过期，请重新上传');
    const type = object.contentType as UploadType;
    if (
      !(type in uploadTypes) ||
      object.size > maxUploadBytes ||
      !matchesDeclaredType(type, object.head) ||
      !(object.purpose in uploadPurposes)
    ) {
      throw field(
        'uploads',
        `附件：「${object.fileName}」的内容与其声明的类型不符或超过 10 MB，请重新上传 PDF、JPEG 或 PNG 文件`,
      );
    }
    checked.push({
      id,
      purpose: object.purpose as LinkedUpload['purpose'],
      fileName: object.fileName,
      contentType: type,
      size: object.size,
    });
  }
  return checked;
}

interface Result {
  receiptNumber: string;
  queryCode: string;
  receiptDate: string;
  replyDue: string | null;
  deadline: ReturnType<typeof citizenDeadline>;
}

async function waitForResult(keyHash: string): Promise<SubmissionRecord | undefined> {
  for (let attempt = 0; attempt < 40; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const record = await readSubmission(keyHash);
    if (!record || record.state === 'done') return record;
  }
  return undefined;
}

/**
 * Every application that passes is a statutory case: applications a day per client address and per
 * identity number. 10 unless the deployment sets another (cdk context applyQuotaPerDay): a product choice.
 */
export const applyQuotaPerDay = () => positiveIntegerEnv(env.applyQuota, 10);

const dayInSeconds = 24 * 3600;

/**
 * The day's quotas, counted beside the key's claim. Past the client address's, the application is
 * refused (429). Identity numbers are not secret: anyone may type a stranger's, so past the number's
 * quota the application is taken (the right to apply must not depend on strangers) and marked for
 * 人工复核 of the applicant's identity. A retry of a submission already made is not another case: its
 * count is given back.
 */
async function countQuota(body: ApplicationInput, clientIp: string) {
  const quota = applyQuotaPerDay();
  const now = Date.now();
  const identity = sha256(applicantIdentity(body.applicant)).slice(0, 32);
  const [byClient, byIdentity] = await Promise.all([
    allowAttempt('apply-client', clientIp, quota, dayInSeconds, now),
    allowAttempt('apply-identity', identity, quota, dayInSeconds, now),
  ]);
  return {
    check(): Application['manualReview'] {
      if (!byClient)
        throw new HttpError(
          429,
          `同一网络地址每天最多在线提交 ${quota} 件申请，今天已达上限。请明天再提交，或通过信函、现场等方式向政府信息公开工作机构提出申请。`,
        );
      if (byIdentity) return undefined;
      return {
        reason: `人工复核：同一证件号码今日在线提交的申请已超过 ${quota} 件（他人也可能填写该号码），请核对申请人身份证明后办理。`,
      };
    },
    giveBack: () =>
      Promise.all([
        giveBackAttempt('apply-client', clientIp, dayInSeconds, now),
        giveBackAttempt('apply-identity', identity, dayInSeconds, now),
      ]),
  };
}

/**
 * The key's claim, with what a new submission needs beside it in the same round trip: the reads
 * (agency, calendar, uploads, site address) and the day's quotas. Then the receipt number, then one
 * transaction. The number waits for the claim and the quotas so that neither a retry nor a refused
 * submission spends one.
 *
 * `idempotencyKey` is the client's own (header or form) or, without one, the content's fingerprint.
 * Only a client's key gives the query code back on a retry: a fingerprint is known to whoever knows
 * the content, so a keyless repeat learns the receipt number and nothing more.
 */
async function submit(
  body: ApplicationInput,
  idempotencyKey: string,
  fingerprint: string,
  clientKey: boolean,
  clientIp: string,
): Promise<Result> {
  const keyHash = sha256(idempotencyKey);
  const reads = Promise.all([
    getAgency(body.agencyId),
    loadCalendar(),
    checkUploads(body.uploads ?? [], uploadOwner.form(clientKey ? idempotencyKey : undefined)),
    cachedSiteUrl(),
  ]);
  const counted = countQuota(body, clientIp);
  // Both are awaited on every path below; handled now, so one that fails before the claim has answered
  // is no unhandled rejection in the meantime (its error still reaches the path that awaits it).
  const settled = Promise.allSettled([reads, counted]);
  const claim = await claimSubmission(keyHash, fingerprint).finally(() => settled);
  if (!claim.claimed) {
    // The reads and quotas have settled (nothing is left running when this request answers).
    const [, quota] = await settled;
    if (quota.status === 'fulfilled') await quota.value.giveBack();
    let record = claim.record;
    if (record && record.fingerprint !== fingerprint) {
      throw new HttpError(
        422,
        '该表单编号（Idempotency-Key）已用于另一份内容不同的申请。请刷新页面后重新填写提交。',
        [],
        { code: 'idempotency-key-reused' },
      );
    }
    if (record?.state === 'pending') record = await waitForResult(keyHash);
    if (record?.state !== 'done') throw conflict('您的申请正在提交，请稍候再查看，不要重复提交。', 'in-progress');
    if (!clientKey)
      throw new HttpError(
        409,
        `内容相同的申请已经提交，受理编号 ${record.receiptNumber}。为保护申请人的信息，查询码只在首次提交时显示，请使用当时记下的查询码查询办理进度。`,
        [],
        { code: 'already-exists' },
      );
    return {
      receiptNumber: record.receiptNumber!,
      queryCode: deriveQueryCode(idempotencyKey, record.codeSalt!),
      receiptDate: record.receiptDate!,
      replyDue: record.replyDue ?? null,
      deadline: citizenDeadline(await loadCalendar(), { receiptDate: record.receiptDate! }),
    };
  }
  try {
    const [[agency, calendar, uploads, siteUrl], quota] = await Promise.all([reads, counted]);
    // Without a client's key the code comes from a random secret, never from the content.
    return await create(body, clientKey ? idempotencyKey : randomUUID(), keyHash, claim.claimedAt, {
      agency,
      calendar,
      uploads,
      siteUrl,
      manualReview: quota.check(),
    });
  } catch (error) {
    await releaseClaim(keyHash, claim.claimedAt);
    throw error;
  }
}

async function create(
  body: ApplicationInput,
  idempotencyKey: string,
  keyHash: string,
  claimedAt: number,
  {
    agency,
    calendar,
    uploads,
    siteUrl,
    manualReview,
  }: {
    agency: Awaited<ReturnType<typeof getAgency>>;
    calendar: Awaited<ReturnType<typeof loadCalendar>>;
    uploads: Awaited<ReturnType<typeof checkUploads>>;
    siteUrl: Awaited<ReturnType<typeof cachedSiteUrl>>;
    manualReview: Application['manualReview'];
  },
): Promise<Result> {
  if (!agency || !takesApplications(agency)) throw field('agencyId', '受理机关：不存在或不受理在线申请，请重新选择');

  const now = new Date();
  let receipt: { date: string; text: string };
  try {
    receipt = onlineReceiptDate(calendar, now, agency.receiptCutoff);
  } catch (error) {
    if (!(error instanceof CalendarGapError)) throw error;
    const { date } = beijingDateTime(now);
    receipt = {
      date,
      text: `${formatDate(date)}通过网络提交。${error.year} 年放假安排尚未录入，收到申请之日以工作人员确认为准。`,
    };
  }
  const deadline = citizenDeadline(calendar, { receiptDate: receipt.date });

  const sequence = await nextReceiptSequence(agency.id, Number(receipt.date.slice(0, 4)));
  const codeSalt = newSalt();
  const queryCode = deriveQueryCode(idempotencyKey, codeSalt);
  const hashSalt = newSalt();
  const receiptNumber = formatReceiptNumber(agency.code, Number(receipt.date.slice(0, 4)), sequence);
  const linked = await Promise.all(
    uploads.map(async (u) => ({ ...u, key: await linkUpload(config.privateBucket(), u.id, receiptNumber) })),
  );

  const submittedAt = now.toISOString();
  const application: StoredApplication = {
    receiptNumber,
    agencyId: agency.id,
    submittedAt,
    receiptDate: receipt.date,
    receiptNote: receipt.text,
    status: 'registered',
    applicant: body.applicant,
    request: body.request,
    delivery: body.delivery,
    uploads: linked,
    version: 1,
    queryCodeHash: hashQueryCode(queryCode, hashSalt),
    queryCodeHashSalt: hashSalt,
    ...(manualReview && { manualReview }),
  };
  const email = body.applicant.email;
  await recordSubmission({
    application,
    event: { at: submittedAt, type: 'submitted', text: `通过网络提交申请，受理编号 ${receiptNumber}。${receipt.text}` },
    keyHash,
    claimedAt,
    codeSalt,
    replyDue: deadline.due,
    place: placement(calendar, caseStateOf(application)),
    ...(email && {
      mail: {
        agencyId: agency.id,
        receiptNumber,
        letterNumber: '受理回执',
        version: 0,
        to: email,
        ...receiptMail({
          agencyName: agency.name,
          applicantName: body.applicant.name,
          receiptNumber,
          title: body.request.title,
          submittedAt,
          receiptDate: receipt.date,
          replyDue: deadline.due,
          ...(deadline.pending && { replyPending: deadline.pending }),
          siteUrl,
        }),
        at: submittedAt,
        delivery: 'pending',
      },
    }),
  });
  metric('ApplicationsReceived');
  await discardPending(
    config.privateBucket(),
    uploads.map((u) => u.id),
  );
  return { receiptNumber, queryCode, receiptDate: receipt.date, replyDue: deadline.due, deadline };
}

export const receiptCookie = 'gk_receipt';

/** For API clients: a start token, usable from a few seconds after it is issued for a day. */
export async function newFormToken() {
  const now = Date.now();
  return {
    formToken: signFormToken(await formTokenKey(), now),
    usableFrom: new Date(now + minimumFillMs).toISOString(),
    expiresAt: new Date(now + formTokenLifetimeMs).toISOString(),
  };
}

export async function submitApplication({
  body,
  headers,
  fromForm,
  clientIp,
}: {
  body: ApplicationInput;
  headers: Record<string, string | undefined>;
  fromForm: boolean;
  clientIp: string;
}) {
  if (body.website) throw field('website', '提交未通过校验，请刷新页面后重新填写。');
  const started = checkFormToken(await formTokenKey(), body.formToken, Date.now());
  if (!started.ok) throw field('formToken', formTokenMessages[started.reason]);
  const header = headers['idempotency-key'];
  if (header !== undefined && !/^[A-Za-z0-9_-]{8,100}$/.test(header))
    throw badRequest('请求头 Idempotency-Key 格式不正确：应为 8 至 100 位字母、数字、下划线或连字符。');
  const { formToken: _t, website: _w, idempotencyKey: formKey, ...content } = body;
  const fingerprint = sha256(canonical(content));
  const clientKey = header ?? formKey;
  const result = await submit(body, clientKey ?? fingerprint, fingerprint, clientKey !== undefined, clientIp);

  if (fromForm) {
    // The code travels to the receipt page in a short-lived cookie, never in a URL.
    const secure = headers['x-forwarded-proto'] === 'https' ? '; Secure' : '';
    return redirect(`/apply/receipt/${result.receiptNumber}`, [
      `${receiptCookie}=${result.receiptNumber}.${result.queryCode}; Path=/apply/receipt; Max-Age=900; HttpOnly; SameSite=Lax${secure}`,
    ]);
  }
  return {
    ...result,
    queryCode: formatQueryCode(result.queryCode),
    statusUrl: `/api/applications/${result.receiptNumber}`,
  };
}

/** The no-script form names its applicant fields by kind; the JSON shape has one `applicant`. */
export function applicationFromForm(body: Record<string, unknown>): Record<string, unknown> {
  const { applicantKind, person, organisation, request, delivery, uploads, ...rest } = body;
  const fields = applicantKind === 'organisation' ? organisation : person;
  // Empty groups stay objects, so each missing field is named rather than the group.
  return {
    ...rest,
    applicant: { ...(fields as object), kind: applicantKind },
    request: request ?? {},
    delivery: delivery ?? {},
    ...(uploads !== undefined && { uploads: ([] as unknown[]).concat(uploads) }), // one file posts a string, several an array
  };
}

/** The correction form posts one file's id as a string, several as an array. */
export function correctionFromForm(body: Record<string, unknown>): Record<string, unknown> {
  const { uploads, ...rest } = body;
  return { ...rest, ...(uploads !== undefined && { uploads: ([] as unknown[]).concat(uploads) }) };
}

/** Field paths of the JSON shape back to the form's names, so errors sit next to their fields. */
function formFieldName(path: string, kind: unknown): string {
  const name = path.replace(/^body\./, '');
  if (name === 'applicant.kind') return 'applicantKind';
  return name.replace(/^applicant\./, kind === 'organisation' ? 'organisation.' : 'person.');
}

/** The application form's drafts (`?draft=`: the form as sent back with its errors). */
const applicationDraft = 'apply';

/** Agencies the form offers at once: a government and those directly under it, a page at a time. */
const formAgencies = 100;

/**
 * The form's choice of agency, a level at a time whatever the portal holds: a government (the
 * portal's top, the one `under` names, or the one over the agency chosen) with the agencies directly
 * under it, a page of them; links up to the governments above and down to those below on the page.
 */
async function agencyChoice(options: { agency?: string; under?: string; cursor?: string }) {
  const chosen = options.agency ? await getAgency(options.agency) : undefined;
  const named = chosen
    ? isGovernment(chosen.kind)
      ? chosen
      : chosen.parentId && (await getAgency(chosen.parentId))
    : options.under && (await getAgency(options.under));
  const level = (named && isGovernment(named.kind) ? named : undefined) ?? (await topAgency());
  if (!level) return { agencies: [], chosen: undefined };
  const page = await agencyPage(
    { parentId: level.id, applying: true },
    { limit: formAgencies, cursor: options.cursor },
  ).catch((error: unknown) => {
    if (error instanceof BadCursorError)
      return agencyPage({ parentId: level.id, applying: true }, { limit: formAgencies });
    throw error;
  });
  const above: Agency[] = [];
  for (let id = level.parentId, depth = 0; id && depth < 5; depth++) {
    const parent = await getAgency(id);
    if (!parent) break;
    above.unshift(parent);
    id = parent.parentId;
  }
  const offered = [...(options.cursor || !takesApplications(level) ? [] : [level]), ...page.items];
  const taking = chosen && takesApplications(chosen) ? chosen : undefined;
  if (taking && !offered.some((a) => a.id === taking.id)) offered.unshift(taking);
  const link = (a: Agency) => ({ id: a.id, name: a.name });
  return {
    agencies: offered.map(link),
    chosen: taking,
    levels: {
      level: link(level),
      above: above.map(link),
      below: page.items.filter((a) => isGovernment(a.kind)).map(link),
      ...(page.next && { more: page.next }),
    },
  };
}

export async function applicationFormPage(
  options: { agency?: string; under?: string; cursor?: string; draft?: string; cookies?: string[] } = {},
): Promise<Reply> {
  const draft = await openDraft(options.draft, applicationDraft, options.cookies ?? []);
  const drafted = draft?.values.agencyId;
  const { agencies, chosen, levels } = await agencyChoice({
    ...options,
    agency: typeof drafted === 'string' && drafted ? drafted : options.agency,
  });
  const key = await formTokenKey();
  const page = applicationForm(await siteFrame(), {
    agencies,
    ...(levels && { levels }),
    values: draft?.values ?? (chosen ? { agencyId: chosen.id } : {}),
    errors: draft ? draft.errors : options.draft ? { form: draftGone } : undefined,
    // The form's first start token, while it still serves: the minimum time is once per form, not per correction.
    formToken: draft?.formToken ?? signFormToken(key, Date.now()),
    idempotencyKey: randomUUID(),
  });
  return htmlPage(200, page, { csp: filesCsp });
}

/**
 * Post/Redirect/Get: a form sent with errors is kept as a draft (what was typed, each field's error,
 * its start token) and the browser is sent to the form's page for it, a GET. Back and reload then
 * never meet a resubmission prompt, and nothing typed goes into the address.
 */
export async function applicationFormErrorPage(
  error: HttpError,
  values: unknown,
  request: FormRequest,
): Promise<Reply> {
  const raw = (values ?? {}) as Record<string, unknown>;
  const errors: FieldErrors = {};
  for (const e of error.fields.length ? error.fields : [{ field: 'body.form', message: error.message }]) {
    errors[formFieldName(e.field, raw.applicantKind)] ??= e.message;
  }
  const { website: _w, formToken, idempotencyKey: _k, ...kept } = raw;
  // A token still in force (or not yet: sent too soon) keeps counting from when the form was first opened.
  const started =
    typeof formToken === 'string' ? checkFormToken(await formTokenKey(), formToken, Date.now()) : undefined;
  const keepToken = started && (started.ok || started.reason === 'too-fast');
  return sendBack(
    { form: applicationDraft, values: kept, errors, ...(keepToken && { formToken: formToken as string }) },
    '/apply',
    request,
  );
}

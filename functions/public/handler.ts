import { agencyKindLabels } from '#core/agency.ts';
import { notFoundPage } from '#core/pages/layout.ts';
import { checkReachable } from '#store/health.ts';
import { db } from '#lib/dynamo.ts';
import { confineWrites } from '#lib/table-keys.ts';
import { citizenAgencyWrites } from '#store/design.ts';
import { createHandler } from '#lib/http.ts';
import { publicRoutes } from './routes.ts';
import { htmlPage } from '#lib/reply.ts';
import { agencyPage } from '#store/agencies.ts';
import {
  applicantFile,
  applicantLetter,
  correctionPageFor,
  getApplicationStatus,
  receiptPageFor,
  statusFileFor,
  statusLetterFor,
  statusQueryErrorPage,
  statusQueryFor,
  statusQueryPageFor,
  statusViewFor,
  submitCorrection,
} from './status.ts';
import {
  applicationFromForm,
  correctionFromForm,
  applicationFormErrorPage,
  applicationFormPage,
  newFormToken,
  submitApplication,
} from './submit.ts';
import { createUpload } from './uploads.ts';
import { siteFrame } from './site-frame.ts';
import { modeSheetFor, switchMode } from './display-mode.ts';
import { recoverErrorPage, recoverLinkPage, recoverPageFor, requestRecovery, useRecovery } from './recovery.ts';

// In its own Lambda (not in the local platform's shared process, which holds every function to its
// grant itself), the function refuses any write in an agency's partition beyond what it may write.
if (process.env.AWS_LAMBDA_FUNCTION_NAME) confineWrites(db, citizenAgencyWrites);

/** Cookies marked Secure where the person came over HTTPS (always, through CloudFront). */
const secure = (headers: Record<string, string | undefined>) => headers['x-forwarded-proto'] === 'https';

/** Citizens' side: no sign-in. */
export const handler = createHandler(
  publicRoutes,
  {
    health: () => checkReachable('public'),
    listAgencies: async ({ query }) => {
      const { limit = 50, cursor, parentId, kind } = query;
      const { items, next } = await agencyPage({ parentId, kind, applying: true }, { limit, cursor });
      return {
        agencies: items.map(({ id, name, kind, parentId }) => ({
          id,
          name,
          kind,
          kindLabel: agencyKindLabels[kind],
          parentId,
        })),
        next,
      };
    },
    formToken: () => newFormToken(),
    submitApplication: ({ body, headers, fromForm, clientIp }) =>
      submitApplication({ body, headers, fromForm, clientIp }),
    getApplication: ({ params, headers, clientIp }) =>
      getApplicationStatus(params.receiptNumber, headers['x-query-code'], clientIp),
    submitCorrection: ({ params, headers, body, clientIp }) =>
      submitCorrection(params.receiptNumber, headers['x-query-code'], body, clientIp),
    applicantLetter: ({ params, headers, clientIp }) =>
      applicantLetter(params.receiptNumber, headers['x-query-code'], params.version, clientIp),
    applicantFile: ({ params, headers, clientIp }) =>
      applicantFile(params.receiptNumber, headers['x-query-code'], params.fileId, clientIp),
    createUpload: ({ body, clientIp }) => createUpload(body, clientIp),
    recoverPage: ({ query, cookies }) => recoverPageFor({ sent: query.sent === '1', draft: query.draft, cookies }),
    recoverRequest: ({ body, clientIp }) => requestRecovery(body.receiptNumber, body.email, clientIp),
    recoverLinkPage: async ({ params }) => recoverLinkPage(params.receiptNumber, params.token),
    recoverUse: ({ params, headers }) => useRecovery(params.receiptNumber, params.token, secure(headers)),
    correctionPage: ({ body, clientIp, headers }) => correctionPageFor(body, clientIp, secure(headers)),
    statusView: ({ params, query, cookies, clientIp }) =>
      statusViewFor({ receiptNumber: params.receiptNumber, cookies, clientIp, notice: query.notice }),
    letterPage: ({ params, cookies, clientIp }) =>
      statusLetterFor({ receiptNumber: params.receiptNumber, version: params.version, cookies, clientIp }),
    filePage: ({ params, cookies, clientIp }) =>
      statusFileFor({ receiptNumber: params.receiptNumber, fileId: params.fileId, cookies, clientIp }),
    applicationFormPage: ({ query, cookies }) =>
      applicationFormPage({
        agency: query.agency,
        under: query.under,
        cursor: query.cursor,
        draft: query.draft,
        cookies,
      }),
    receiptPage: ({ params, cookies, clientIp }) => receiptPageFor(params.receiptNumber, cookies, clientIp),
    displayMode: ({ params, headers }) => switchMode(params.mode, headers.referer),
    modeSheet: async ({ cookies }) => modeSheetFor(cookies),
    statusQueryPage: ({ query, cookies }) => statusQueryPageFor(query.draft, cookies),
    siteNotFound: async () => htmlPage(404, notFoundPage(await siteFrame())),
    statusPage: ({ body, clientIp, headers, cookies }) =>
      statusQueryFor(body.receiptNumber, body.queryCode, clientIp, { cookies, headers }),
  },
  {
    forms: {
      submitApplication: { adapt: applicationFromForm, errorPage: applicationFormErrorPage },
      statusPage: { errorPage: statusQueryErrorPage },
      correctionPage: { adapt: correctionFromForm, errorPage: statusQueryErrorPage },
      recoverRequest: { errorPage: recoverErrorPage },
    },
  },
);

import { agencyKindLabels, takesApplications } from '#core/agency.ts';
import { statusQueryForm } from '#core/pages/apply.ts';
import { notFoundPage } from '#core/pages/layout.ts';
import { env, requireEnv } from '#lib/config.ts';
import { checkHealth } from '#store/health.ts';
import { createHandler } from '#lib/http.ts';
import { publicRoutes } from './routes.ts';
import { htmlPage } from '#lib/reply.ts';
import { agencyDirectory } from '#store/agencies.ts';
import {
  applicantFile,
  applicantLetter,
  correctionPageFor,
  fileDownloadFor,
  getApplicationStatus,
  letterPageFor,
  receiptPageFor,
  statusPageFor,
  statusQueryErrorPage,
  submitCorrection,
} from './status.ts';
import {
  applicationFromForm,
  applicationFormErrorPage,
  applicationFormPage,
  newFormToken,
  submitApplication,
} from './submit.ts';
import { createUpload } from './uploads.ts';

const privateBucket = requireEnv(env.privateBucket);

/** Citizens' side: no sign-in. */
export const handler = createHandler(
  publicRoutes,
  {
    health: () => checkHealth('public', privateBucket),
    listAgencies: async () => ({
      agencies: (await agencyDirectory())
        .filter(takesApplications)
        .map(({ id, name, kind, parentId }) => ({ id, name, kind, kindLabel: agencyKindLabels[kind], parentId })),
    }),
    formToken: () => newFormToken(),
    submitApplication: ({ body, headers, fromForm, clientIp }) =>
      submitApplication({ body, headers, fromForm, clientIp }),
    getApplication: ({ params, headers, clientIp }) =>
      getApplicationStatus(params.receiptNumber, headers['x-query-code'], clientIp),
    submitCorrection: ({ params, headers, body, clientIp }) =>
      submitCorrection(params.receiptNumber, headers['x-query-code'], body.text, clientIp),
    applicantLetter: ({ params, headers, clientIp }) =>
      applicantLetter(params.receiptNumber, headers['x-query-code'], params.version, clientIp),
    applicantFile: ({ params, headers, clientIp }) =>
      applicantFile(params.receiptNumber, headers['x-query-code'], params.fileId, clientIp),
    createUpload: ({ body, clientIp }) => createUpload(body, clientIp),
    correctionPage: ({ body, clientIp }) => correctionPageFor(body, clientIp),
    letterPage: ({ body, clientIp }) => letterPageFor(body, clientIp),
    filePage: ({ body, clientIp }) => fileDownloadFor(body, clientIp),
    applicationFormPage: ({ query }) => applicationFormPage({ agency: query.agency }),
    receiptPage: ({ params, cookies, clientIp }) => receiptPageFor(params.receiptNumber, cookies, clientIp),
    statusQueryPage: async () => htmlPage(200, statusQueryForm()),
    siteNotFound: async () => htmlPage(404, notFoundPage()),
    statusPage: ({ body, clientIp }) => statusPageFor(body.receiptNumber, body.queryCode, clientIp),
  },
  {
    submitApplication: { adapt: applicationFromForm, errorPage: applicationFormErrorPage },
    statusPage: { errorPage: statusQueryErrorPage },
    correctionPage: { errorPage: statusQueryErrorPage },
    letterPage: { errorPage: statusQueryErrorPage },
    filePage: { errorPage: statusQueryErrorPage },
  },
);

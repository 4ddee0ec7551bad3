import { db } from '#lib/dynamo.ts';
import { createHandler } from '#lib/http.ts';
import { staffOf } from '#store/staff-access.ts';
import { confineWrites } from '#lib/table-keys.ts';
import { sealWrites } from '#store/design.ts';
import { caseFile } from './case-file.ts';
import { applicantLetterPdf, staffLetterPdf } from './letters.ts';
import { documentsRoutes } from './routes.ts';
import { saveSeal } from './seal.ts';

/**
 * An application's documents as files: its letters as PDF, for staff and for the applicant (behind
 * the query code), and its case file (答辩证据) as a ZIP. Apart so that pdf-lib and its font engine
 * load here only, not in the functions every citizen and handler passes through.
 */
// In its own Lambda, the function refuses any write in an agency's partition but its seal.
if (process.env.AWS_LAMBDA_FUNCTION_NAME) confineWrites(db, sealWrites);

export const handler = createHandler(
  documentsRoutes,
  {
    staffLetterPdf: ({ params, staff }) => staffLetterPdf(params.receiptNumber, params.version, staff),
    caseFile: ({ params, body, staff }) => caseFile(params.receiptNumber, body, staff),
    letterPdfPage: ({ params, cookies, clientIp }) =>
      applicantLetterPdf({ receiptNumber: params.receiptNumber, version: params.version, cookies, clientIp }),
    saveSeal: ({ body, staff }) => saveSeal(body, staff),
  },
  { staff: staffOf },
);

import type { Context } from 'aws-lambda';
import { createHandler, type HttpEvent } from '#lib/http.ts';
import { staffOf } from '#store/staff-access.ts';
import { runJobTurn, turnOfRecord } from '#store/job-turns.ts';
import { invocation } from '#lib/log.ts';
import { apply, createRedactionOf, page, produce, redactionOf, resultLink, saveMarks } from './redactions.ts';
import { redactionRoutes } from './routes.ts';
import { redactionKinds } from './run.ts';

/**
 * 部分公开's redaction (PDFium in WebAssembly, kept out of every other bundle): the staff routes under
 * /api/staff/redactions, and the turns of its `redact` jobs, which the table's stream hands it. Its
 * timeout is the jobs' (15 minutes); its requests still answer within the API's time (http.ts).
 */
const http = createHandler(
  redactionRoutes,
  {
    createRedaction: ({ body, staff }) => createRedactionOf(body, staff),
    getRedaction: ({ params, staff }) => redactionOf(params.id, staff),
    saveRedactionMarks: ({ params, body, staff }) => saveMarks(params.id, body, staff),
    redactionPage: ({ params, query, staff }) => page(params.id, params.page, query.view ?? 'source', staff),
    produceRedaction: ({ params, body, staff }) => produce(params.id, body.version, staff),
    redactionResult: ({ params, staff }) => resultLink(params.id, staff),
    applyRedaction: ({ params, body, staff }) => apply(params.id, body.version, staff),
  },
  { staff: staffOf },
);

type StreamEvent = { Records: Parameters<typeof turnOfRecord>[0][] };

export const handler = async (event: HttpEvent | StreamEvent, context: Context) => {
  if (!('Records' in event)) return http(event, context);
  return invocation('redaction', { lambdaRequestId: context.awsRequestId }, async () => {
    for (const record of event.Records) {
      const turn = turnOfRecord(record);
      if (turn) await runJobTurn(turn, redactionKinds, () => context.getRemainingTimeInMillis());
    }
  });
};

import type { Context } from 'aws-lambda';
import { runJobTurn, turnOfRecord } from '#store/job-turns.ts';
import { invocation } from '#lib/log.ts';
import { privacyKinds } from './run.ts';

/**
 * 个人信息检查 of files (PDF, Word, Excel, CSV), kept out of the API functions' bundles: the table's
 * stream, filtered to new turns of this function's jobs, invokes it.
 */
export const handler = (event: { Records: Parameters<typeof turnOfRecord>[0][] }, context: Context) =>
  invocation('privacy', { lambdaRequestId: context.awsRequestId }, async () => {
    for (const record of event.Records) {
      const turn = turnOfRecord(record);
      if (turn) await runJobTurn(turn, privacyKinds, () => context.getRemainingTimeInMillis());
    }
  });

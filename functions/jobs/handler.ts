import type { Context } from 'aws-lambda';
import { runJobTurn, turnOfRecord } from '#store/job-turns.ts';
import { invocation } from '#lib/log.ts';
import { jobKinds } from './run.ts';

/**
 * Background jobs (the recount): the table's stream, filtered to new turns of this function's kinds,
 * invokes it. Each turn works until about two minutes before the timeout, then hands on to a fresh turn.
 */
export const handler = (event: { Records: Parameters<typeof turnOfRecord>[0][] }, context: Context) =>
  invocation('jobs', { lambdaRequestId: context.awsRequestId }, async () => {
    for (const record of event.Records) {
      const turn = turnOfRecord(record);
      if (turn) await runJobTurn(turn, jobKinds, () => context.getRemainingTimeInMillis());
    }
  });

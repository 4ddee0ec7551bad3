import type { Context } from 'aws-lambda';
import { setLogContext } from '#lib/log.ts';
import { runJobTurn } from './run.ts';

interface StreamRecord {
  eventName?: string;
  dynamodb?: { NewImage?: { jobId?: { S?: string }; sk?: { S?: string } } };
}

/**
 * Background jobs (site rebuild, recount): the table's stream, filtered to new job turns, invokes it.
 * Each turn works until about two minutes before the timeout, then hands on to a fresh turn.
 */
export const handler = async (event: { Records: StreamRecord[] }, context: Context) => {
  setLogContext({ lambdaRequestId: context.awsRequestId });
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image?.jobId?.S || !image.sk?.S) continue;
    await runJobTurn({ jobId: image.jobId.S, sk: image.sk.S }, () => context.getRemainingTimeInMillis());
  }
};

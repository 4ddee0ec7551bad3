import type { Context } from 'aws-lambda';
import { runJobTurn, turnOfRecord } from '#store/job-turns.ts';
import { invocation, log } from '#lib/log.ts';
import { rebuildKinds } from './rebuild.ts';
import { renderPending } from './queue.ts';

interface StreamRecord {
  eventName?: string;
  dynamodb?: { Keys?: { pk?: { S?: string }; sk?: { S?: string } }; NewImage?: Record<string, { S?: string }> };
}

const isRenderTask = (record: StreamRecord) =>
  record.eventName === 'INSERT' &&
  record.dynamodb?.Keys?.pk?.S === 'RENDER' &&
  Boolean(record.dynamodb.Keys.sk?.S?.startsWith('TASK#'));

/**
 * The site's one writer. The table's stream invokes it with new render tasks (a step's pages, a
 * nudge from the sweep, a hand-over from an earlier invocation) and with turns of the site rebuild.
 * A task it could not render makes the invocation fail, so the stream retries the batch a few times;
 * after that the task waits for the next one or the sweep's nudge.
 */
export const handler = (event: { Records: StreamRecord[] }, context: Context) =>
  invocation('renderer', { lambdaRequestId: context.awsRequestId }, async () => {
    const timeLeft = () => context.getRemainingTimeInMillis();
    for (const record of event.Records) {
      const turn = turnOfRecord(record as Parameters<typeof turnOfRecord>[0]);
      if (turn) await runJobTurn(turn, rebuildKinds, timeLeft);
    }
    if (!event.Records.some(isRenderTask)) return;
    // Waits up to a minute for a renderer already at work (another shard's invocation).
    const result = await renderPending({ waitMs: 60_000, timeLeft });
    log.info('site rendered', { ...result });
    if (result.state === 'pending') throw new Error('site render left tasks pending');
  });

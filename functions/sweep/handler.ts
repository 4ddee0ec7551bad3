import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { metric } from '#lib/metrics.ts';
import { db, tableName } from '#lib/dynamo.ts';
import * as keys from '#store/keys.ts';
import type { Context } from 'aws-lambda';
import { errorFields, invocation, log } from '#lib/log.ts';
import { probeSite } from './probe.ts';
import { runSweep, type SweepReport } from './sweep.ts';

/**
 * The daily sweep (EventBridge schedule; locally `npm run sweep` and a timer in `npm start`). It
 * records when it last ran and what it did, so staff and alarms can tell a sweep that stopped.
 */
export async function dailySweep(
  event: { time?: string } = {},
  context?: Pick<Context, 'awsRequestId' | 'getRemainingTimeInMillis'>,
) {
  const ranAt = event.time ?? new Date().toISOString();
  let report: SweepReport;
  try {
    report = await runSweep(new Date(ranAt), context ? () => context.getRemainingTimeInMillis() : undefined);
  } catch (error) {
    log.error('sweep failed', errorFields(error));
    throw error;
  }
  await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.sweep(), ranAt, report } }));
  metric('Overdue', report.done.markOverdue ?? 0);
  metric('RendersPending', report.site.pending);
  metric('SweepCompleted');
  return { ranAt, ...report };
}

/** The sweep's schedules: daily, and (`probe: 'site'`, every 30 minutes) the check of the site's home page. */
export const handler = (
  event: { time?: string; probe?: 'site' } = {},
  context?: Pick<Context, 'awsRequestId' | 'getRemainingTimeInMillis'>,
) =>
  invocation('sweep', { lambdaRequestId: context?.awsRequestId }, () =>
    event.probe === 'site' ? probeSite() : dailySweep(event, context),
  );

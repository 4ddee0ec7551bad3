import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { metric } from '#lib/metrics.ts';
import { db, tableName } from '#lib/dynamo.ts';
import * as keys from '#store/keys.ts';
import type { Context } from 'aws-lambda';
import { errorFields, invocation, log } from '#lib/log.ts';
import { deliverPending } from '#store/delivery.ts';
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

/**
 * The sweep's schedules: daily; (`probe: 'site'`, every 30 minutes) the check of the site's home page;
 * and (`retry: 'mail'`, every 10 minutes) the mail not yet sent, so a message whose attempt failed or
 * died (its claim run out) goes within minutes, not at the next day's sweep.
 */
export const handler = (
  event: { time?: string; probe?: 'site'; retry?: 'mail' } = {},
  context?: Pick<Context, 'awsRequestId' | 'getRemainingTimeInMillis'>,
) =>
  invocation('sweep', { lambdaRequestId: context?.awsRequestId }, () =>
    event.probe === 'site' ? probeSite() : event.retry === 'mail' ? deliverPending() : dailySweep(event, context),
  );

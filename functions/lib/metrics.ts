/**
 * Business metrics in CloudWatch's embedded metric format: one JSON log line per figure, which
 * CloudWatch Logs turns into a metric in the `Gongkai` namespace (no PutMetricData call, no SDK
 * client, nothing to wait for). Hand-written rather than through `@aws-lambda-powertools/metrics`:
 * that library adds 15 KB minified and about 11 ms of cold import to each function that emits, more
 * than the leanest functions' budget allows, for the one line this writes. Figures only: no
 * dimension carries a name, a receipt number or anything else about a person.
 */
import { currentFunction } from './log.ts';

export const metricNamespace = 'Gongkai';

export const metricNames = {
  ApplicationsReceived: 'Applications received (new receipts)',
  StepsTaken: 'Handling steps taken by staff',
  Overdue: 'Applications marked overdue by the sweep',
  RendersPending:
    'Render tasks left waiting, counted by the daily sweep (the renderer stream age shows its lag between sweeps)',
  MailFailed: 'E-mail deliveries that failed (the sweep retries them)',
  SweepCompleted: 'Daily sweeps that ran to the end',
} as const;
export type MetricName = keyof typeof metricNames;

/**
 * One figure, counted twice over: in all (what the alarms and the dashboard read) and by the
 * function that wrote it (`function`, which locally runs many functions in one process).
 */
export function metric(name: MetricName, value = 1): void {
  if (process.env.LOG_LEVEL === 'silent') return;
  const fn = currentFunction();
  console.log(
    JSON.stringify({
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          {
            Namespace: metricNamespace,
            Dimensions: fn ? [[], ['function']] : [[]],
            Metrics: [{ Name: name, Unit: 'Count' }],
          },
        ],
      },
      ...(fn && { function: fn }),
      [name]: value,
    }),
  );
}

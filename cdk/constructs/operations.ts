import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Operation, type TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { type MetricName, metricNames, metricNamespace } from '../../functions/lib/metrics.ts';
import type { DeployedFunctions } from './functions.ts';
import type { Api } from './api.ts';
import type { GongkaiFunction } from './gongkai-function.ts';

export interface OperationsProps {
  functions: DeployedFunctions;
  api: Api;
  table: TableV2;
  /** Each stream-woken function's queue of batches that failed past their retries. */
  streamFailures: Record<string, Queue>;
  /** Who is told when an alarm goes off (context `alarmEmail`); without one, the topic has no subscriber yet. */
  alarmEmail?: string;
}

const five = Duration.minutes(5);
const hour = Duration.hours(1);

/**
 * What watches the platform and whom it tells: alarms on every function's errors and throttles,
 * the API's 5xx answers, a sweep that has not run for 26 hours, renders or mail stuck for an hour
 * (their stream's iterator age), a stream batch given up after its retries and DynamoDB throttles, all sent to one SNS topic with an e-mail
 * subscription; and a dashboard of the same with the platform's own figures.
 */
export class Operations extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, { functions, api, table, streamFailures, alarmEmail }: OperationsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Alarms', { displayName: '政府信息公开平台告警', enforceSSL: true });
    if (alarmEmail) this.topic.addSubscription(new EmailSubscription(alarmEmail));
    const action = new SnsAction(this.topic);

    const alarm = (
      alarmId: string,
      metric: IMetric,
      description: string,
      options: Partial<{ threshold: number; periods: number; below: boolean; missing: TreatMissingData }> = {},
    ) => {
      const created = new Alarm(this, alarmId, {
        metric,
        threshold: options.threshold ?? 1,
        evaluationPeriods: options.periods ?? 1,
        datapointsToAlarm: options.periods ?? 1,
        comparisonOperator: options.below
          ? ComparisonOperator.LESS_THAN_THRESHOLD
          : ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: options.missing ?? TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(action);
      created.addOkAction(action);
      this.alarms.push(created);
      return created;
    };
    const own = (name: MetricName, period = five) =>
      new Metric({ namespace: metricNamespace, metricName: name, statistic: 'Sum', period });
    // On the dashboard each figure says what it counts (a labelled metric would make an alarm's a math expression).
    const shown = (name: MetricName, period = five) => own(name, period).with({ label: metricNames[name] });

    for (const [name, fn] of Object.entries(functions)) {
      alarm(`${fn.node.id}Errors`, fn.metricErrors({ period: five }), `gongkai ${name}: errors in the last 5 minutes`);
      alarm(
        `${fn.node.id}Throttles`,
        fn.metricThrottles({ period: five }),
        `gongkai ${name}: throttles in the last 5 minutes`,
      );
    }
    alarm('Api5xx', api.metricServerError(), 'gongkai API: 5xx responses in the last 5 minutes');
    // Each hour without a completed sweep breaches; 26 in a row means the daily run was missed.
    alarm('SweepNotRun', own('SweepCompleted', hour), 'gongkai sweep: no completed daily sweep for 26 hours', {
      periods: 26,
      below: true,
      missing: TreatMissingData.BREACHING,
    });
    for (const fn of ['renderer', 'mailer'] as const)
      alarm(
        `${functions[fn].node.id}Stuck`,
        functions[fn].metric('IteratorAge', { statistic: 'Maximum', period: five }),
        `gongkai ${fn}: work waiting on the table's stream for over an hour`,
        { threshold: hour.toMilliseconds() },
      );
    for (const [fn, queue] of Object.entries(streamFailures))
      alarm(
        `${queue.node.id}Waiting`,
        queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: five }),
        `gongkai ${fn}: a batch of the table's stream failed past its retries (its shard and sequence numbers are in the queue; the lines of its request id say why)`,
      );
    alarm(
      'TableThrottles',
      table.metricThrottledRequestsForOperations({
        // An alarm's expression takes ten metrics at most: the operations the platform uses.
        operations: [
          Operation.GET_ITEM,
          Operation.PUT_ITEM,
          Operation.UPDATE_ITEM,
          Operation.DELETE_ITEM,
          Operation.QUERY,
          Operation.BATCH_GET_ITEM,
          Operation.BATCH_WRITE_ITEM,
          Operation.TRANSACT_WRITE_ITEMS,
          Operation.SCAN,
        ],
        period: five,
      }),
      'gongkai table: DynamoDB throttled requests in the last 5 minutes',
    );

    const byFunction = (metric: (fn: GongkaiFunction) => IMetric) => Object.values(functions).map(metric);
    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: 'gongkai', defaultInterval: Duration.days(7) });
    this.dashboard.addWidgets(new AlarmStatusWidget({ title: '告警', alarms: this.alarms, width: 24, height: 4 }));
    this.dashboard.addWidgets(
      new GraphWidget({
        title: '依申请公开',
        left: [shown('ApplicationsReceived', hour), shown('StepsTaken', hour), shown('Overdue', Duration.days(1))],
        width: 12,
      }),
      new GraphWidget({
        title: '网站生成和邮件',
        left: [shown('RendersPending'), shown('MailFailed')],
        right: [functions.renderer.metric('IteratorAge', { statistic: 'Maximum', period: five })],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: '接口',
        left: [api.httpApi.metricCount({ period: five }), api.metricServerError()],
        width: 8,
      }),
      new GraphWidget({ title: '函数错误', left: byFunction((fn) => fn.metricErrors({ period: five })), width: 8 }),
      new GraphWidget({
        title: '函数耗时 (p95)',
        left: byFunction((fn) => fn.metricDuration({ period: five, statistic: 'p95' })),
        width: 8,
      }),
    );
  }
}

import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { DeployedFunction } from '../functions.ts';
import type { Api } from './api.ts';
import type { GongkaiFunction } from './gongkai-function.ts';

export interface OperationsProps {
  functions: Record<DeployedFunction, GongkaiFunction>;
  api: Api;
}

/** What watches the platform: an alarm on every function's errors and throttles, and on the API's 5xx answers. */
export class Operations extends Construct {
  constructor(scope: Construct, id: string, { functions, api }: OperationsProps) {
    super(scope, id);
    const alarm = (alarmId: string, metric: IMetric, description: string) =>
      new Alarm(this, alarmId, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
    for (const [name, fn] of Object.entries(functions)) {
      const five = { period: Duration.minutes(5) };
      alarm(`${fn.node.id}Errors`, fn.metricErrors(five), `gongkai ${name}: errors in the last 5 minutes`);
      alarm(`${fn.node.id}Throttles`, fn.metricThrottles(five), `gongkai ${name}: throttles in the last 5 minutes`);
    }
    alarm('Api5xx', api.metricServerError(), 'gongkai API: 5xx responses in the last 5 minutes');
  }
}

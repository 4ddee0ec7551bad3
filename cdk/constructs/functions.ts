import { Duration } from 'aws-cdk-lib';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, type DynamoEventSourceProps, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { env } from '../../functions/lib/config.ts';
import { deployedRoutes, proxyRoutes } from '#routes';
import { entryOf, functionSpecs, type DeployedFunction } from '../functions.ts';
import type { Data } from './data.ts';
import { GongkaiFunction, type MailSettings } from './gongkai-function.ts';

export interface FunctionsProps {
  data: Data;
  /** How applicants' e-mail is sent; without it, e-mail stays in each agency's outbox. */
  mail?: MailSettings;
  /** Who holds the staff's sign-in, for the function that manages accounts (and whether the sign-in function exists). */
  staffDirectory: Parameters<GongkaiFunction['bindStaffDirectory']>[0];
  /**
   * The secret whose value CloudFront adds to the requests it forwards: the functions behind the API
   * read it at cold start (by ARN, never by value) and refuse requests without it. `version`: the
   * version CloudFront was given, so a rotation's deploy starts fresh instances.
   */
  originVerify: { secret: ISecret; version?: string };
  /** Applications a client address may submit a day, past which one identity number's go to 人工复核 (default 10). */
  applyQuotaPerDay?: string;
  /** Where CloudFront runs no functions (China): pages also written at their directory's key. */
  siteDirectoryKeys?: boolean;
}

/** The functions of a deployment: the sign-in function only where staff sign in through the platform's own provider. */
export type DeployedFunctions = Record<Exclude<DeployedFunction, 'signin'>, GongkaiFunction> & {
  signin?: GongkaiFunction;
};

/**
 * Every Lambda function with exactly the access `functions.ts` gives it, and what wakes the ones
 * that are not behind the API: the table's stream (mail, render tasks, job turns) and the daily sweep.
 */
export class Functions extends Construct {
  readonly byName: DeployedFunctions;
  /**
   * Where each stream-woken function's failed batches go once their retries are spent: a queue per
   * function, holding the batch's shard and sequence numbers (not the records), which an alarm watches.
   */
  readonly streamFailures: Record<'mailer' | 'jobs' | 'privacy' | 'redaction' | 'renderer', Queue>;

  constructor(
    scope: Construct,
    id: string,
    { data, mail, staffDirectory, originVerify, applyQuotaPerDay, siteDirectoryKeys }: FunctionsProps,
  ) {
    super(scope, id);
    const { table, siteBucket, privateBucket, privateKey } = data;
    const functions = {} as DeployedFunctions;
    const behindApi = new Set<string>([...deployedRoutes.map((r) => r.fn), ...proxyRoutes.map((r) => r.fn)]);
    for (const [name, spec] of Object.entries(functionSpecs) as [
      DeployedFunction,
      (typeof functionSpecs)[DeployedFunction],
    ][]) {
      if (spec.provider && spec.provider !== staffDirectory.provider) continue;
      const fn = new GongkaiFunction(this, `${name[0]!.toUpperCase()}${name.slice(1)}Function`, {
        entry: entryOf(name),
        description: spec.description,
        memorySize: spec.memorySize,
        timeout: Duration.seconds(spec.timeoutSeconds),
        ...(spec.files && { files: spec.files }),
      });
      if (spec.table) fn.bindTable(table, spec.table);
      if (spec.siteBucket) fn.bindBucket(siteBucket, env.siteBucket, spec.siteBucket);
      if (spec.siteBucket && siteDirectoryKeys) fn.addEnvironment(env.siteDirectoryKeys, '1');
      if (spec.listSite)
        fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [siteBucket.bucketArn] }));
      if (spec.privateBucket) fn.bindBucket(privateBucket, env.privateBucket, spec.privateBucket, privateKey);
      if (spec.mail && mail) fn.bindMail(mail);
      if (spec.identity) fn.bindStaffDirectory(staffDirectory);
      if (behindApi.has(name)) {
        fn.addEnvironment(env.originVerifySecret, originVerify.secret.secretArn);
        if (originVerify.version) fn.addEnvironment(env.originVerifyVersion, originVerify.version);
        originVerify.secret.grantRead(fn);
      }
      if (name === 'public' && applyQuotaPerDay) fn.addEnvironment(env.applyQuota, applyQuotaPerDay);
      functions[name] = fn;
    }
    this.byName = functions;
    this.streamFailures = {} as Functions['streamFailures'];

    /** The table's stream as an event source of `name`, its failures sent to that function's queue. */
    const streamOf = (name: keyof Functions['streamFailures'], props: Omit<DynamoEventSourceProps, 'onFailure'>) => {
      const failures = new Queue(this, `${name[0]!.toUpperCase()}${name.slice(1)}StreamFailures`, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      NagSuppressions.addResourceSuppressions(failures, [
        {
          id: 'AwsSolutions-SQS3',
          reason:
            'This queue is itself the failure destination of a stream event source mapping (onFailure), a dead-letter queue',
        },
      ]);
      this.streamFailures[name] = failures;
      return new DynamoEventSource(table, { ...props, onFailure: new SqsDlq(failures) });
    };

    // Mail: new outbox items, delivered as they are written.
    functions.mailer.addEventSource(
      streamOf('mailer', {
        startingPosition: StartingPosition.LATEST,
        batchSize: 10,
        retryAttempts: 3,
        bisectBatchOnError: true,
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: { Keys: { sk: { S: FilterRule.beginsWith('OUTBOX#') } } },
          }),
        ],
      }),
    );

    // Background jobs: each new turn, run as it is written, by the function that works its kind.
    const turnsOf = (kind: string) =>
      FilterCriteria.filter({
        eventName: FilterRule.isEqual('INSERT'),
        dynamodb: {
          Keys: { pk: { S: FilterRule.isEqual('JOBQUEUE') } },
          NewImage: { kind: { S: FilterRule.isEqual(kind) } },
        },
      });
    functions.jobs.addEventSource(
      streamOf('jobs', {
        startingPosition: StartingPosition.LATEST,
        batchSize: 1,
        retryAttempts: 2,
        filters: [turnsOf('recount'), turnsOf('requeue'), turnsOf('inspection'), turnsOf('importPublications')],
      }),
    );

    // 个人信息检查: each submission's attachments and the daily sweep, in a function of their own (PDF.js stays out of the API's bundles).
    functions.privacy.addEventSource(
      streamOf('privacy', {
        startingPosition: StartingPosition.LATEST,
        batchSize: 1,
        retryAttempts: 2,
        filters: [turnsOf('privacyScan'), turnsOf('privacySweep')],
      }),
    );

    // 部分公开's redaction: each produce job's turn, in the function that carries PDFium.
    functions.redaction.addEventSource(
      streamOf('redaction', {
        startingPosition: StartingPosition.LATEST,
        batchSize: 1,
        retryAttempts: 2,
        filters: [turnsOf('redact')],
      }),
    );

    // The site: each new render task (and each rebuild turn) wakes its one writer.
    functions.renderer.addEventSource(
      streamOf('renderer', {
        startingPosition: StartingPosition.LATEST,
        // A burst of approvals is one invocation that renders their shared pages once.
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        // A failed render fails the batch: retried twice, then left for the next task or the sweep's nudge.
        retryAttempts: 2,
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: { Keys: { pk: { S: FilterRule.isEqual('RENDER') }, sk: { S: FilterRule.beginsWith('TASK#') } } },
          }),
          turnsOf('rebuildSite'),
        ],
      }),
    );

    // The daily sweep, 01:00 Beijing time.
    new Rule(this, 'DailySweep', {
      schedule: Schedule.cron({ minute: '0', hour: '17' }),
      targets: [new LambdaFunction(functions.sweep, { retryAttempts: 2 })],
    });
    // Mail not yet sent (an attempt that failed, or died holding its claim), tried again within minutes.
    new Rule(this, 'MailRetry', {
      schedule: Schedule.rate(Duration.minutes(10)),
      targets: [
        new LambdaFunction(functions.sweep, { event: RuleTargetInput.fromObject({ retry: 'mail' }), retryAttempts: 0 }),
      ],
    });
    // The platform's own check of the site's home page (自查's 站点无法访问: 20+ checks a day).
    new Rule(this, 'SiteProbe', {
      schedule: Schedule.rate(Duration.minutes(30)),
      targets: [
        new LambdaFunction(functions.sweep, { event: RuleTargetInput.fromObject({ probe: 'site' }), retryAttempts: 0 }),
      ],
    });
  }
}

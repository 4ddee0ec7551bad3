import { type Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { env } from '../../functions/lib/config.ts';
import { nodejsBundling } from '../bundling.ts';
import type { TableGrant, ObjectAccess } from '../functions.ts';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** How the applicants' e-mail leaves: SES (global regions), or SMTP through the county's own server. */
export type MailSettings =
  | { from: string; transport: 'ses' }
  | { from: string; transport: 'smtp'; host: string; port: string; secretName?: string };

export interface GongkaiFunctionProps {
  entry: string;
  description: string;
  memorySize: number;
  timeout: Duration;
  /** Files copied beside the bundle, by folder (`fonts/`, `ocr/`; paths from the project root). */
  files?: Readonly<Record<string, readonly string[]>>;
}

const readActions = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
const writeActions = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
const objectActions: Record<ObjectAccess, string[]> = {
  read: ['s3:GetObject'],
  write: ['s3:PutObject'],
  readwrite: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
  readput: ['s3:GetObject', 's3:PutObject'],
};

/**
 * The house Lambda function: arm64, Node 24, ESM bundle with the SDK inside, minified, source maps,
 * its own log group kept 180 days (网络安全法第二十一条: network logs kept at least six months),
 * an explicit role that can write only that log group, and `bind*` helpers that set the
 * environment variable and grant exactly the named access in one call.
 */
export class GongkaiFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: GongkaiFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: RetentionDays.SIX_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `gongkai ${id}`,
    });
    logGroup.grantWrite(role);
    super(scope, id, {
      entry: `${projectRoot}${props.entry}`,
      handler: 'handler',
      projectRoot,
      depsLockFilePath: `${projectRoot}package-lock.json`,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      // Stack traces in the logs point at the TypeScript sources (the bundle ships its source map).
      environment: { NODE_OPTIONS: '--enable-source-maps' },
      description: props.description,
      bundling: props.files
        ? {
            ...nodejsBundling,
            commandHooks: {
              beforeBundling: () => [],
              beforeInstall: () => [],
              afterBundling: (input: string, output: string) =>
                Object.entries(props.files!).flatMap(([folder, files]) => [
                  `mkdir -p "${output}/${folder}"`,
                  ...files.map((file) => `cp "${input}/${file}" "${output}/${folder}/"`),
                ]),
            },
          }
        : nodejsBundling,
      logGroup,
      role,
    });
  }

  /**
   * Only the partitions `grant` names (`dynamodb:LeadingKeys`; cdk/local/table-access.ts holds the
   * local platform to the same patterns). No scan is granted: a scan names no key.
   */
  bindTable(table: ITableV2, grant: TableGrant): this {
    this.addEnvironment(env.table, table.tableName);
    const resources = [table.tableArn, `${table.tableArn}/index/*`];
    const within = (patterns: readonly string[]) => ({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...patterns] },
    });
    const writable = grant.write ?? [];
    this.addToRolePolicy(
      new PolicyStatement({
        actions: readActions,
        resources,
        conditions: within([...new Set([...(grant.read ?? []), ...writable])]),
      }),
    );
    if (writable.length)
      this.addToRolePolicy(new PolicyStatement({ actions: writeActions, resources, conditions: within(writable) }));
    NagSuppressions.addResourceSuppressions(
      this.role!,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason: "Queries use the table's own secondary indexes; the grant is limited to indexes of this one table.",
          appliesTo: [{ regex: '/^Resource::<.*Table.*\\.Arn>\\/index\\/\\*$/' }],
        },
      ],
      true,
    );
    return this;
  }

  /**
   * The applicants' e-mail (lib/mail.ts): through SES, as the sender (an SES identity: the address, or
   * its domain) and nothing else; or through the county's SMTP server, its secret readable here.
   */
  bindMail(mail: MailSettings): this {
    this.addEnvironment(env.mailFrom, mail.from);
    this.addEnvironment(env.mailTransport, mail.transport);
    if (mail.transport === 'smtp') {
      this.addEnvironment(env.smtpHost, mail.host);
      this.addEnvironment(env.smtpPort, mail.port);
      if (mail.secretName) {
        this.addEnvironment(env.smtpSecret, mail.secretName);
        Secret.fromSecretNameV2(this, 'SmtpSecret', mail.secretName).grantRead(this);
      }
      return this;
    }
    const stack = Stack.of(this);
    const identities = [mail.from, mail.from.split('@')[1]!].map((identity) =>
      stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
    );
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: identities,
        conditions: { StringEquals: { 'ses:FromAddress': mail.from } },
      }),
    );
    return this;
  }

  bindBucket(bucket: IBucket, variable: string, prefixes: Record<string, ObjectAccess>, key?: IKey): this {
    this.addEnvironment(variable, bucket.bucketName);
    for (const [prefix, access] of Object.entries(prefixes)) {
      this.addToRolePolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: objectActions[access],
          resources: [bucket.arnForObjects(`${prefix}*`)],
        }),
      );
    }
    if (key) {
      const writes = Object.values(prefixes).some((access) => access !== 'read');
      this.addToRolePolicy(
        new PolicyStatement({
          actions: writes ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'],
          resources: [key.keyArn],
        }),
      );
    }
    NagSuppressions.addResourceSuppressions(
      this.role!,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'Object access is limited to the key prefixes this function owns (e.g. health/*), or for the renderers to the whole site bucket, which holds only public pages; object keys are not known in advance.',
          appliesTo: [{ regex: '/^Resource::<.*Bucket.*\\.Arn>\\/.*\\*$/' }],
        },
      ],
      true,
    );
    return this;
  }

  /**
   * Manages staff accounts with the identity provider: with Cognito, the pool's administration API
   * (and nothing else of it); with the platform's own provider, the credentials are in the table.
   */
  bindStaffDirectory(
    directory: { provider: 'cognito'; userPoolArn: string; userPoolId: string } | { provider: 'platform' },
  ): this {
    this.addEnvironment(env.staffProvider, directory.provider);
    if (directory.provider !== 'cognito') return this;
    this.addEnvironment(env.userPoolId, directory.userPoolId);
    this.addToRolePolicy(
      new PolicyStatement({
        actions: [
          'cognito-idp:AdminCreateUser',
          'cognito-idp:AdminUpdateUserAttributes',
          'cognito-idp:AdminListGroupsForUser',
          'cognito-idp:AdminAddUserToGroup',
          'cognito-idp:AdminRemoveUserFromGroup',
          'cognito-idp:AdminDisableUser',
          'cognito-idp:AdminEnableUser',
          'cognito-idp:AdminUserGlobalSignOut',
          'cognito-idp:AdminResetUserPassword',
        ],
        resources: [directory.userPoolArn],
      }),
    );
    return this;
  }
}

import { App, Aspects } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { deployedRoutes, routeKey, type RouteSpec } from '#routes';
import { functionSpecs } from '../../cdk/functions.ts';
import { apiAnswerMs } from '#lib/route-spec.ts';
import { GongkaiStack } from '../../cdk/stack.ts';
import { siteRequestFile } from '../../cdk/bundling.ts';
import { readFileSync } from 'node:fs';
import { bundlingBudgetMs, configurationApp } from '../support/stacks.ts';

let stack: GongkaiStack;
let template: Template;

/** The web ACL a global deployment has (cdk/deployment.ts makes it; here given by ARN). */
const webAclArn = 'arn:aws:wafv2:us-east-1:111122223333:global/webacl/gongkai-site/abc';

// The one stack of the run that bundles every function's code (test/support/stacks.ts): the others are
// read for their configuration only.
beforeAll(() => {
  const app = new App({ context: { alarmEmail: 'ops@fusong.example.gov.cn', webAclArn } });
  stack = new GongkaiStack(app, 'Gongkai');
  Aspects.of(app).add(new AwsSolutionsChecks());
  template = Template.fromStack(stack);
}, bundlingBudgetMs);

type Resource = { Type: string; Properties: Record<string, unknown> };
/** The functions live in the stack's `Functions` construct, which prefixes their logical ids. */
const functionsId = 'Functions';
const nameOf = (logicalId: string) =>
  logicalId
    .replace(new RegExp(`^${functionsId}`), '')
    .replace(/Function[0-9A-F]{8}$/, '')
    .toLowerCase();
const resources = (type: string, from = template) =>
  Object.entries(from.findResources(type) as Record<string, Resource>);
/** The functions a stack of this provider has (the sign-in function only with the platform's own). */
const functionsOf = (provider: 'cognito' | 'platform') =>
  Object.entries(functionSpecs)
    .filter(([, spec]) => !spec.provider || spec.provider === provider)
    .map(([name]) => name);

describe('data', () => {
  it('keys the table on pk/sk with the gsi1–gsi4 indexes, on demand, with PITR, deletion protection and TTL', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: ['gsi1', 'gsi2', 'gsi3', 'gsi4'].map((IndexName) => Match.objectLike({ IndexName })),
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      SSESpecification: { SSEEnabled: true },
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
        }),
      ],
    });
  });

  it('blocks public access on every bucket and refuses plain HTTP', () => {
    const buckets = resources('AWS::S3::Bucket');
    expect(buckets).toHaveLength(3);
    for (const [, bucket] of buckets) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
    const policies = resources('AWS::S3::BucketPolicy').map(([, p]) => JSON.stringify(p.Properties));
    expect(policies).toHaveLength(3);
    for (const policy of policies) expect(policy).toContain('"aws:SecureTransport":"false"');
  });

  it('encrypts the private bucket with a rotating KMS key and keeps versions', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) }),
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
  });
});

describe('functions', () => {
  it('runs every function on Node 24, arm64, with a log group kept 180 days', () => {
    // The CDK's own helpers (BucketDeployment, the AwsCustomResource provider) are not ours.
    const functions = resources('AWS::Lambda::Function').filter(
      ([id]) => !id.startsWith('CustomCDKBucketDeployment') && !id.startsWith('AWS679f53fac'),
    );
    const names = functions.map(([id]) => nameOf(id));
    expect(names.sort()).toEqual(functionsOf('cognito').sort());
    for (const [, fn] of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
      });
      expect(fn.Properties.LoggingConfig).toBeDefined();
    }
    for (const [, group] of resources('AWS::Logs::LogGroup')) expect(group.Properties.RetentionInDays).toBe(180);
  });

  it('grants no wildcard action and no access to buckets a function is not bound to', () => {
    const policies = resources('AWS::IAM::Policy').filter(([id]) => !id.startsWith('CustomCDKBucketDeployment'));
    for (const [id, policy] of policies) {
      const text = JSON.stringify(policy.Properties.PolicyDocument);
      expect(text, id).not.toMatch(/"Action":"[a-z0-9]+:\*"|"Action":\["?\*|"\*"/);
    }
    const publicPolicy = JSON.stringify(policies.find(([id]) => id.startsWith(`${functionsId}PublicFunctionRole`))![1]);
    expect(publicPolicy).not.toContain('SiteBucket');
    expect(publicPolicy).toContain('PrivateBucket');
  });
});

describe('HTTP API', () => {
  it('has a route for every deployed entry of the route table and none for the local sign-in', () => {
    const keys = resources('AWS::ApiGatewayV2::Route')
      .map(([, r]) => r.Properties.RouteKey)
      .sort();

    expect(keys).toEqual((deployedRoutes as RouteSpec[]).map((r) => `${r.method} ${r.path}`).sort());
    expect(keys).not.toContain('POST /api/dev/token');
  });

  it('puts the Cognito JWT authoriser on staff routes and nothing on public ones', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
    });
    for (const [, route] of resources('AWS::ApiGatewayV2::Route')) {
      const staff =
        (deployedRoutes as RouteSpec[]).find((r) => routeKey(r) === route.Properties.RouteKey)!.auth === 'staff';
      expect(route.Properties.AuthorizationType ?? 'NONE', String(route.Properties.RouteKey)).toBe(
        staff ? 'JWT' : 'NONE',
      );
    }
  });

  it('throttles the stage and logs access', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 }),
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });
});

describe('alarms', () => {
  const alarms = () =>
    resources('AWS::CloudWatch::Alarm').map(
      ([, a]) =>
        a.Properties as {
          MetricName: string;
          Namespace: string;
          Dimensions?: { Name: string; Value: unknown }[];
          Threshold: number;
        },
    );

  it('watches every function for errors and throttles, from the first one in five minutes', () => {
    for (const name of functionsOf('cognito')) {
      const logicalId = `${functionsId}${name[0]!.toUpperCase()}${name.slice(1)}Function`;
      const [id] = Object.keys(template.findResources('AWS::Lambda::Function')).filter((key) =>
        key.startsWith(logicalId),
      );
      expect(id, name).toBeDefined();
      for (const metric of ['Errors', 'Throttles']) {
        const alarm = alarms().find(
          (a) =>
            a.Namespace === 'AWS/Lambda' && a.MetricName === metric && JSON.stringify(a.Dimensions).includes(`"${id}"`),
        );
        expect(alarm, `${name} ${metric}`).toMatchObject({ Threshold: 1 });
      }
    }
  });

  it('sends every alarm, and its return to normal, to the topic that e-mails the operators', () => {
    const [[topicId]] = [resources('AWS::SNS::Topic').map(([id]) => id)];
    expect(resources('AWS::SNS::Topic')).toHaveLength(1);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@fusong.example.gov.cn',
      TopicArn: { Ref: topicId },
    });
    const all = resources('AWS::CloudWatch::Alarm');
    expect(all.length).toBeGreaterThan(Object.keys(functionSpecs).length * 2);
    for (const [id, alarm] of all) {
      expect(alarm.Properties.AlarmActions, id).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.OKActions, id).toEqual([{ Ref: topicId }]);
    }
  });

  it('alarms when the sweep has not completed for 26 hours, and when renders or mail wait an hour', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Gongkai',
      MetricName: 'SweepCompleted',
      Period: 3600,
      EvaluationPeriods: 26,
      DatapointsToAlarm: 26,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
    const stuck = alarms().filter((a) => a.MetricName === 'IteratorAge');
    expect(stuck.map((a) => a.Threshold)).toEqual([3_600_000, 3_600_000]);
    expect(stuck.map((a) => JSON.stringify(a.Dimensions)).join()).toMatch(/Renderer.*Mailer|Mailer.*Renderer/);
  });

  it('alarms on DynamoDB throttles', () => {
    const throttles = resources('AWS::CloudWatch::Alarm').find(([id]) => id.includes('TableThrottles'));
    expect(JSON.stringify(throttles?.[1].Properties.Metrics)).toContain('ThrottledRequests');
  });

  it('has a dashboard of the alarms, the API, the functions and the platform figures', () => {
    const [, dashboard] = resources('AWS::CloudWatch::Dashboard')[0]!;
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const figure of [
      'ApplicationsReceived',
      'StepsTaken',
      'Overdue',
      'RendersPending',
      'MailFailed',
      '5xx',
      'Errors',
    ])
      expect(body, figure).toContain(figure);
    expect(body).toContain('alarm');
  });

  it('watches the API for 5xx answers', () => {
    expect(alarms().find((a) => a.Namespace === 'AWS/ApiGateway' && a.MetricName === '5xx')).toMatchObject({
      Threshold: 1,
    });
  });
});

describe('staff administration (issue: day one)', () => {
  it('lets only the admin function manage the pool, on that pool, and tells it which provider and pool', () => {
    const managers = resources('AWS::IAM::Policy').filter(([, p]) =>
      JSON.stringify(p.Properties).includes('cognito-idp:'),
    );
    expect(managers.map(([id]) => id)).toEqual([expect.stringMatching(/^FunctionsAdmin/)]);
    const statements = (
      managers[0]![1].Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }
    ).Statement.filter((st) => JSON.stringify(st.Action).includes('cognito-idp:'));
    for (const st of statements) {
      expect([st.Action].flat().every((a) => a.startsWith('cognito-idp:Admin'))).toBe(true);
      expect(JSON.stringify(st.Resource)).toContain('StaffPool');
    }
    const [, admin] = resources('AWS::Lambda::Function').filter(([id]) => id.startsWith('FunctionsAdminFunction'))[0]!;
    expect(JSON.stringify(admin.Properties)).toContain('"STAFF_PROVIDER":"cognito"');
    expect(JSON.stringify(admin.Properties)).toContain('USER_POOL_ID');
  });
});

describe('the first administrator (issue: day one)', () => {
  it('gives `npm run first-admin` what it needs in the outputs: the table, the pool, the provider, the region', () => {
    for (const name of ['TableName', 'UserPoolId', 'StaffProvider', 'Region', 'SiteUrl'])
      expect(Object.keys(template.findOutputs(name)), name).toEqual([name]);
    expect(template.findOutputs('StaffProvider').StaffProvider?.Value).toBe('cognito');
  });
});

describe('identities, schedule and site', () => {
  it('has a staff user pool with a group per role and the agency attribute, which staff cannot write', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([Match.objectLike({ Name: 'agency', AttributeDataType: 'String' })]),
      MfaConfiguration: 'ON',
    });
    expect(
      resources('AWS::Cognito::UserPoolGroup')
        .map(([, g]) => g.Properties.GroupName)
        .sort(),
    ).toEqual(['admin', 'handler', 'reviewer']);
    const client = resources('AWS::Cognito::UserPoolClient')[0]![1];
    expect(client.Properties.WriteAttributes).not.toContain('custom:agency');
    // Without a site domain there is nowhere to send a sign-in back: no OAuth flow, no placeholder callback.
    expect(client.Properties.AllowedOAuthFlows).toBeUndefined();
    expect(client.Properties.CallbackURLs).toBeUndefined();
  });

  it("gives every function its own timeout and memory, the API's well under the integration's 30 s", () => {
    const functions = resources('AWS::Lambda::Function').filter(
      ([id]) => !id.startsWith('CustomCDKBucketDeployment') && !id.startsWith('AWS679f53fac'),
    );
    const apiFunctions = new Set(deployedRoutes.map((r) => r.fn as string));
    for (const [id, fn] of functions) {
      const name = nameOf(id) as keyof typeof functionSpecs;
      const spec = functionSpecs[name];
      expect(fn.Properties, name).toMatchObject({ Timeout: spec.timeoutSeconds, MemorySize: spec.memorySize });
      expect((fn.Properties.Environment as { Variables: Record<string, string> }).Variables.NODE_OPTIONS).toBe(
        '--enable-source-maps',
      );
      // The redaction function also works its 15-minute jobs; its requests answer within apiAnswerMs all the same.
      if (apiFunctions.has(name) && name !== 'redaction') expect(spec.timeoutSeconds, name).toBeLessThanOrEqual(20);
    }
    expect(apiAnswerMs).toBeLessThan(30_000);
    expect(functionSpecs.redaction).toMatchObject({ timeoutSeconds: 900, memorySize: 2048 });
    expect(functionSpecs.sweep.timeoutSeconds).toBeGreaterThanOrEqual(600);
    expect(functionSpecs.jobs.timeoutSeconds).toBe(900);
  });

  it('hands each kind of stream record to the function that works it, and lets only the renderer write the site', () => {
    const mappings = resources('AWS::Lambda::EventSourceMapping').map(([, m]) => ({
      fn: nameOf(JSON.stringify(m.Properties.FunctionName).match(/"(\w+Function[0-9A-F]{8})"/)![1]!),
      patterns: (m.Properties.FilterCriteria as { Filters: { Pattern: string }[] }).Filters.map((f) =>
        JSON.parse(f.Pattern),
      ),
    }));
    const turns = (kind: string) => ({
      eventName: ['INSERT'],
      dynamodb: { Keys: { pk: { S: ['JOBQUEUE'] } }, NewImage: { kind: { S: [kind] } } },
    });
    expect(Object.fromEntries(mappings.map((m) => [m.fn, m.patterns]))).toEqual({
      mailer: [{ eventName: ['INSERT'], dynamodb: { Keys: { sk: { S: [{ prefix: 'OUTBOX#' }] } } } }],
      jobs: [turns('recount'), turns('requeue'), turns('inspection'), turns('importPublications')],
      privacy: [turns('privacyScan'), turns('privacySweep')],
      redaction: [turns('redact')],
      renderer: [
        { eventName: ['INSERT'], dynamodb: { Keys: { pk: { S: ['RENDER'] }, sk: { S: [{ prefix: 'TASK#' }] } } } },
        turns('rebuildSite'),
      ],
    });
    // Every role that may put or delete objects in the site bucket: the renderer's (and the CDK's own deployment of the static assets).
    const siteBucket = Object.keys(template.findResources('AWS::S3::Bucket')).find((id) =>
      id.startsWith('SiteBucket'),
    )!;
    const writers = resources('AWS::IAM::Policy')
      .filter(([, p]) =>
        (
          p.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }
        ).Statement.some(
          (st) =>
            [st.Action].flat().some((a) => /^s3:(PutObject|DeleteObject|Abort)/.test(a)) &&
            JSON.stringify(st.Resource).includes(siteBucket),
        ),
      )
      .map(([id]) => id.replace(/DefaultPolicy[0-9A-F]{8}$/, ''));
    expect(writers.filter((id) => !id.startsWith('CustomCDKBucketDeployment'))).toEqual([
      `${functionsId}RendererFunctionRole`,
    ]);
  });

  it("sends each stream source's batches that fail past their retries to a queue of its own, which an alarm watches", () => {
    const mappings = resources('AWS::Lambda::EventSourceMapping');
    const destinations = mappings.map(
      ([id, m]) =>
        (m.Properties.DestinationConfig as { OnFailure?: { Destination?: { 'Fn::GetAtt'?: [string, string] } } })
          ?.OnFailure?.Destination?.['Fn::GetAtt'] ?? id,
    );
    const queues = Object.keys(template.findResources('AWS::SQS::Queue'));
    for (const destination of destinations) {
      expect(destination, 'a stream source without a failure destination').toEqual([expect.any(String), 'Arn']);
      expect(queues).toContain(destination[0]);
    }
    expect(new Set(destinations.map((d) => d[0])).size).toBe(mappings.length);
    const watched = resources('AWS::CloudWatch::Alarm')
      .filter(([, a]) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible')
      .map(([, a]) => JSON.stringify(a.Properties.Dimensions));
    for (const [queue] of destinations) expect(watched.join(), queue).toContain(`"${queue}"`);
  });

  it('runs the sweep daily, and retries mail not yet sent every 10 minutes', () => {
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(0 17 * * ? *)' });
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(10 minutes)',
      Targets: [
        Match.objectLike({ Input: JSON.stringify({ retry: 'mail' }), RetryPolicy: { MaximumRetryAttempts: 0 } }),
      ],
    });
  });

  it('serves the site bucket through CloudFront with origin access control and the API under /api/*', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        CacheBehaviors: Match.arrayWith([Match.objectLike({ PathPattern: '/api/*' })]),
      }),
    });
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: Match.objectLike({
            ContentSecurityPolicy: Match.stringLikeRegexp("default-src 'self'"),
          }),
        }),
      }),
    });
  });

  it('runs the site function the local gateway runs, and has browsers revalidate the 长者模式 sheet', () => {
    const [, fn] = resources('AWS::CloudFront::Function')[0]!;
    expect(fn.Properties.FunctionConfig).toMatchObject({ Runtime: 'cloudfront-js-2.0' });
    expect(fn.Properties.FunctionCode).toBe(readFileSync(siteRequestFile, 'utf8'));
    const behaviors = (
      resources('AWS::CloudFront::Distribution')[0]![1].Properties.DistributionConfig as {
        CacheBehaviors: {
          PathPattern: string;
          ResponseHeadersPolicyId: { Ref: string };
          FunctionAssociations?: unknown[];
        }[];
      }
    ).CacheBehaviors;
    const mode = behaviors.find((b) => b.PathPattern === '/assets/mode.css')!;
    expect(mode.FunctionAssociations).toHaveLength(1);
    const policy = template.toJSON().Resources[mode.ResponseHeadersPolicyId.Ref].Properties.ResponseHeadersPolicyConfig;
    expect(policy.CustomHeadersConfig.Items).toContainEqual({
      Header: 'Cache-Control',
      Value: 'no-cache',
      Override: true,
    });
    // The sheet differs by the cookie: shared caches between must keep the two apart.
    expect(policy.CustomHeadersConfig.Items).toContainEqual({ Header: 'Vary', Value: 'Cookie', Override: true });
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('leaves no unsuppressed error', () => {
    const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    expect(errors.map((e) => `${e.id}: ${String(e.entry.data).split(':')[0]}`)).toEqual([]);
  });

  it('leaves no unsuppressed warning', () => {
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    expect(warnings.map((w) => `${w.id}: ${String(w.entry.data).split(':')[0]}`)).toEqual([]);
  });

  it('gives every suppression a reason', () => {
    type NagMetadata = { cfnOptions?: { metadata?: { cdk_nag?: { rules_to_suppress?: { reason: string }[] } } } };
    const suppressions = stack.node
      .findAll()
      .flatMap((c) => (c as NagMetadata).cfnOptions?.metadata?.cdk_nag?.rules_to_suppress ?? []);
    expect(suppressions.length).toBeGreaterThan(0);
    for (const s of suppressions) expect(s.reason.length).toBeGreaterThan(20);
  });
});

describe('online applications (issue: citizens apply online)', () => {
  it('lets the public function presign and link uploads and read linked files, and nothing more on the private bucket', () => {
    const publicPolicy = resources('AWS::IAM::Policy').find(([id]) =>
      id.startsWith(`${functionsId}PublicFunctionRole`),
    )![1];
    const statements = (
      publicPolicy.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }
    ).Statement;
    const s3 = statements
      .filter((s) => String(s.Action).includes('s3:'))
      .map((s) => ({ actions: ([] as string[]).concat(s.Action).sort(), resource: JSON.stringify(s.Resource) }));

    expect(s3).toEqual(
      expect.arrayContaining([
        {
          actions: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
          resource: expect.stringContaining('/uploads/pending/*'),
        },
        { actions: ['s3:GetObject', 's3:PutObject'], resource: expect.stringContaining('/applications/*') },
      ]),
    );
    for (const statement of s3) expect(statement.resource).toMatch(/\/(health|uploads\/pending|applications)\/\*/);
  });

  it('expires uploads never linked to an application and takes browser posts', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ Prefix: 'uploads/pending/', ExpirationInDays: 2 })]),
      },
      CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedMethods: ['POST'] })] },
    });
  });

  it("throttles the citizens' writes more tightly than the stage default", () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      RouteSettings: Match.objectLike({
        'POST /api/applications': { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
        'POST /api/uploads': { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
        'POST /apply/status': { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      }),
    });
  });

  it('routes the no-script pages through CloudFront to the API', () => {
    const distribution = resources('AWS::CloudFront::Distribution')[0]![1];
    const patterns = (
      distribution.Properties.DistributionConfig as { CacheBehaviors: { PathPattern: string }[] }
    ).CacheBehaviors.map((b) => b.PathPattern);

    expect(patterns).toEqual(expect.arrayContaining(['/apply', '/apply/*', '/api/*']));
  });

  it('keeps /api/* on HTTPS only, whatever page routes live under it', () => {
    const behaviors = (
      resources('AWS::CloudFront::Distribution')[0]![1].Properties.DistributionConfig as {
        CacheBehaviors: { PathPattern: string; ViewerProtocolPolicy: string }[];
      }
    ).CacheBehaviors;

    expect(
      behaviors.filter((b) => b.PathPattern.startsWith('/api')).map((b) => [b.PathPattern, b.ViewerProtocolPolicy]),
    ).toEqual([
      ['/api/openapi.json', 'redirect-to-https'],
      ['/api/docs.html', 'redirect-to-https'],
      ['/api/*', 'https-only'],
    ]);
  });

  it("answers a file the site bucket lacks with the site's 404 page from the API, and nothing else", () => {
    const config = resources('AWS::CloudFront::Distribution')[0]![1].Properties.DistributionConfig as {
      OriginGroups: {
        Items: {
          Id: string;
          FailoverCriteria: { StatusCodes: { Items: number[] } };
          Members: { Items: { OriginId: string }[] };
        }[];
      };
      Origins: { Id: string; OriginPath?: string; S3OriginConfig?: unknown; CustomOriginConfig?: unknown }[];
      DefaultCacheBehavior: { TargetOriginId: string };
      CacheBehaviors: { PathPattern: string; TargetOriginId: string }[];
    };
    const [group] = config.OriginGroups.Items;
    const [primary, fallback] = group!.Members.Items.map((m) => config.Origins.find((o) => o.Id === m.OriginId)!);

    expect(group!.FailoverCriteria.StatusCodes.Items.sort()).toEqual([403, 404]);
    expect(primary!.S3OriginConfig).toBeDefined();
    expect(fallback).toMatchObject({
      OriginPath: '/api/site/not-found',
      CustomOriginConfig: expect.objectContaining({ OriginProtocolPolicy: 'https-only' }),
    });
    expect(config.DefaultCacheBehavior.TargetOriginId).toBe(group!.Id);
    // The API's own answers (its 403s and 404s) go to it directly, never through the group.
    expect(config.CacheBehaviors.find((b) => b.PathPattern === '/api/*')!.TargetOriginId).not.toBe(group!.Id);
    expect(deployedRoutes.some((r) => r.method === 'GET' && r.path === '/api/site/not-found/{path+}')).toBe(true);
  });
});

describe('staff handling (issue: staff handle applications)', () => {
  it('serves the console with a policy that lets it upload answer files to the private bucket only', () => {
    const policies = resources('AWS::CloudFront::ResponseHeadersPolicy').map(([, p]) => JSON.stringify(p.Properties));
    const console_ = policies.find((p) => p.includes('ConsoleHeaders') || p.includes('PrivateBucket'));
    expect(console_).toContain('RegionalDomainName');
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        CacheBehaviors: Match.arrayWith([Match.objectLike({ PathPattern: '/staff/*' })]),
      }),
    });
  });

  it('sends mail through SES only as the configured sender, and only from the functions that mail', () => {
    const app = configurationApp({
      mailFrom: 'gongkai@fusong.example.cn',
      siteDomain: 'gk.fusong.example.cn',
      authDomainPrefix: 'fusong-gongkai',
    });
    const configured = Template.fromStack(new GongkaiStack(app, 'Configured'));
    const policies = Object.entries(configured.findResources('AWS::IAM::Policy') as Record<string, Resource>);
    const mailers = policies
      .filter(([, p]) => JSON.stringify(p.Properties).includes('ses:SendEmail'))
      .map(([id]) => id.replace(/Role.*/, ''));
    expect(mailers.sort()).toEqual(
      Object.entries(functionSpecs)
        .filter(([, s]) => s.mail && !s.provider)
        .map(([n]) => `${functionsId}${n[0]!.toUpperCase()}${n.slice(1)}Function`)
        .sort(),
    );
    for (const [, policy] of policies.filter(([, p]) => JSON.stringify(p.Properties).includes('ses:SendEmail'))) {
      expect(JSON.stringify(policy.Properties)).toContain('"ses:FromAddress":"gongkai@fusong.example.cn"');
    }
    configured.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      CallbackURLs: ['https://gk.fusong.example.cn/staff/'],
    });
    configured.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    expect(Object.keys(template.findResources('AWS::Cognito::UserPoolDomain'))).toHaveLength(0);
    expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).not.toContain('ses:SendEmail');
  });
});

describe('staff identity, for both providers (issue: day one)', () => {
  const built = new Map<string, GongkaiStack>();
  const synth = (staffProvider: 'cognito' | 'platform') => {
    const app = configurationApp({
      staffProvider,
      alarmEmail: 'ops@fusong.example.gov.cn',
      siteDomain: 'gk.fusong.example.cn',
      authDomainPrefix: 'fusong-gongkai',
    });
    const made = new GongkaiStack(app, `Gongkai-${staffProvider}`);
    built.set(staffProvider, made);
    return Template.fromStack(made);
  };
  const stacks = { cognito: synth('cognito'), platform: synth('platform') };
  const consoleConfig = (t: Template) => {
    const made = built.get(t === stacks.cognito ? 'cognito' : 'platform')!;
    return JSON.stringify(made.resolve(made.consoleConfig));
  };

  it.each(['cognito', 'platform'] as const)(
    '%s: the JWT authoriser checks the provider’s issuer and the console as audience',
    (provider) => {
      const [, authorizer] = resources('AWS::ApiGatewayV2::Authorizer', stacks[provider])[0]!;
      const config = authorizer.Properties.JwtConfiguration as { Issuer: unknown; Audience: unknown[] };
      if (provider === 'platform') {
        expect(config).toEqual({ Issuer: 'https://gk.fusong.example.cn/oidc', Audience: ['gongkai-console'] });
      } else {
        expect(JSON.stringify(config.Issuer)).toMatch(/cognito-idp\..*StaffPool/);
        expect(JSON.stringify(config.Audience)).toContain('StaffPoolConsole');
      }
      expect(authorizer.Properties).toMatchObject({
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
      });
    },
  );

  it.each(['cognito', 'platform'] as const)(
    '%s: every function watched, every alarm to the one topic, the dashboard',
    (provider) => {
      const t = stacks[provider];
      const [[topicId]] = [resources('AWS::SNS::Topic', t).map(([id]) => id)];
      t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', TopicArn: { Ref: topicId } });
      const alarms = resources('AWS::CloudWatch::Alarm', t);
      for (const [id, alarm] of alarms) {
        expect(alarm.Properties.AlarmActions, id).toEqual([{ Ref: topicId }]);
        expect(alarm.Properties.OKActions, id).toEqual([{ Ref: topicId }]);
      }
      const functionIds = resources('AWS::Lambda::Function', t)
        .map(([id]) => id)
        .filter((id) => id.startsWith(functionsId));
      expect(functionIds.map(nameOf).sort()).toEqual(functionsOf(provider).sort());
      for (const id of functionIds)
        expect(
          alarms.filter(([, a]) => JSON.stringify(a.Properties.Dimensions ?? []).includes(`"${id}"`)).length,
          id,
        ).toBeGreaterThanOrEqual(2);
      expect(resources('AWS::CloudWatch::Dashboard', t)).toHaveLength(1);
      expect(t.findOutputs('StaffProvider').StaffProvider?.Value).toBe(provider);
    },
  );

  it('cognito: the pool, its identity grants to the admin function only, the console on code + PKCE at the hosted sign-in', () => {
    const t = stacks.cognito;
    t.resourceCountIs('AWS::Cognito::UserPool', 1);
    t.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
    });
    const grants = resources('AWS::IAM::Policy', t).filter(([, p]) =>
      JSON.stringify(p.Properties).includes('cognito-idp:'),
    );
    expect(grants.map(([id]) => id)).toEqual([expect.stringMatching(/^FunctionsAdmin/)]);
    t.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      CallbackURLs: ['https://gk.fusong.example.cn/staff/'],
      GenerateSecret: false,
      // Short tokens renewed for a working day, and a refresh token that signing out revokes.
      IdTokenValidity: 10,
      AccessTokenValidity: 10,
      RefreshTokenValidity: 480,
      TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'minutes' },
      EnableTokenRevocation: true,
    });
    const config = consoleConfig(t);
    expect(config).toContain('/oauth2/authorize');
    expect(config).toContain('/oauth2/revoke');
    expect(config).toContain('logout_uri');
    expect(resources('AWS::ApiGatewayV2::Route', t).map(([, r]) => r.Properties.RouteKey)).not.toContain(
      'ANY /oidc/{proxy+}',
    );
  });

  it('platform: no pool and no identity grants; the sign-in function behind ANY /oidc/{proxy+}, through CloudFront', () => {
    const t = stacks.platform;
    t.resourceCountIs('AWS::Cognito::UserPool', 0);
    expect(JSON.stringify(t.findResources('AWS::IAM::Policy'))).not.toContain('cognito-idp:');
    const [, admin] = resources('AWS::Lambda::Function', t).find(([id]) => id.startsWith('FunctionsAdminFunction'))!;
    expect(JSON.stringify(admin.Properties)).toContain('"STAFF_PROVIDER":"platform"');
    expect(JSON.stringify(admin.Properties)).not.toContain('USER_POOL_ID');
    const [, route] = resources('AWS::ApiGatewayV2::Route', t).find(
      ([, r]) => r.Properties.RouteKey === 'ANY /oidc/{proxy+}',
    )!;
    expect(route.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
    const integration = resources('AWS::ApiGatewayV2::Integration', t).find(([id]) => id.includes('signinIntegration'));
    expect(JSON.stringify(integration?.[1].Properties)).toContain('FunctionsSigninFunction');
    const [, distribution] = resources('AWS::CloudFront::Distribution', t)[0]!;
    const behaviours = (
      distribution.Properties.DistributionConfig as {
        CacheBehaviors: { PathPattern: string; ViewerProtocolPolicy: string }[];
      }
    ).CacheBehaviors;
    expect(behaviours.find((b) => b.PathPattern === '/oidc/*')).toMatchObject({ ViewerProtocolPolicy: 'https-only' });
    const [, stage] = resources('AWS::ApiGatewayV2::Stage', t)[0]!;
    expect((stage.Properties.RouteSettings as Record<string, unknown>)['ANY /oidc/{proxy+}']).toEqual({
      ThrottlingRateLimit: 20,
      ThrottlingBurstLimit: 40,
    });
    const config = consoleConfig(t);
    expect(config).toContain('/oidc/auth');
    expect(config).toContain('gongkai-console');
    expect(t.findOutputs('UserPoolId')).toEqual({});
  });
});

describe('the API reached only through CloudFront, behind WAF (issue: security)', () => {
  it('has CloudFront add a secret header to every API origin, and every function behind the API check it', () => {
    const [secretId] = Object.keys(template.findResources('AWS::SecretsManager::Secret'));
    expect(secretId).toBeDefined();
    const [, distribution] = resources('AWS::CloudFront::Distribution')[0]!;
    const origins = (
      distribution.Properties.DistributionConfig as {
        Origins: {
          Id: string;
          CustomOriginConfig?: unknown;
          OriginCustomHeaders?: { HeaderName: string; HeaderValue: unknown }[];
        }[];
      }
    ).Origins.filter((o) => o.CustomOriginConfig);
    expect(origins.length).toBeGreaterThanOrEqual(2); // the API, and the API's 404 page behind the site bucket
    for (const origin of origins) {
      const header = JSON.stringify(
        origin.OriginCustomHeaders?.find((h) => h.HeaderName === 'x-origin-verify')?.HeaderValue,
      );
      // A dynamic reference CloudFormation resolves at deployment: the value itself is not in the template.
      expect(header, origin.Id).toContain('{{resolve:secretsmanager:');
      expect(header, origin.Id).toContain(secretId!);
    }
    const apiFunctions = new Set((deployedRoutes as RouteSpec[]).map((r) => r.fn as string));
    for (const [id, fn] of resources('AWS::Lambda::Function').filter(([id]) => id.startsWith(functionsId))) {
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables.ORIGIN_VERIFY, id).toBeUndefined();
      if (apiFunctions.has(nameOf(id))) expect(variables.ORIGIN_VERIFY_SECRET, id).toEqual({ Ref: secretId });
      else expect(variables.ORIGIN_VERIFY_SECRET, id).toBeUndefined();
    }
  });

  it("keeps the origin secret's value out of every function's configuration: they read it by ARN at cold start", () => {
    const [secretId] = Object.keys(template.findResources('AWS::SecretsManager::Secret'));
    for (const [id, fn] of resources('AWS::Lambda::Function'))
      expect(JSON.stringify(fn.Properties.Environment ?? {}), id).not.toContain('resolve:secretsmanager');
    const readers = resources('AWS::IAM::Policy').filter(([, p]) =>
      (p.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement.some(
        (s) =>
          [s.Action].flat().includes('secretsmanager:GetSecretValue') && JSON.stringify(s.Resource).includes(secretId!),
      ),
    );
    const apiFunctions = new Set((deployedRoutes as RouteSpec[]).map((r) => r.fn as string));
    expect(readers.length).toBe([...apiFunctions].length);
  });

  it("names the secret version a rotation gives, in CloudFront's header and the functions' environment", () => {
    const version = 'a1b2c3d4-5678-90ab-cdef-111122223333';
    const rotated = Template.fromStack(
      new GongkaiStack(configurationApp({ webAclArn, originVerifyVersion: version }), 'Rotated'),
    );
    const [, distribution] = Object.entries(rotated.findResources('AWS::CloudFront::Distribution'))[0]!;
    expect(JSON.stringify(distribution)).toContain(`:SecretString:::${version}}}`);
    const [, publicFn] = Object.entries(
      rotated.findResources('AWS::Lambda::Function') as Record<string, Resource>,
    ).find(([id]) => id.startsWith('FunctionsPublicFunction'))!;
    expect(
      (publicFn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.ORIGIN_VERIFY_VERSION,
    ).toBe(version);
  });

  it('gives the public function the daily application quota from context', () => {
    const quota = Template.fromStack(new GongkaiStack(configurationApp({ applyQuotaPerDay: '20' }), 'Quota'));
    const [, fn] = Object.entries(quota.findResources('AWS::Lambda::Function') as Record<string, Resource>).find(
      ([id]) => id.startsWith('FunctionsPublicFunction'),
    )!;
    expect((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.APPLY_QUOTA_PER_DAY).toBe(
      '20',
    );
  });

  it('puts the WAF web ACL given by ARN on the distribution; the edge stack makes it with a rate rule and the common rule set', async () => {
    // The stack of this file is given the web ACL by ARN.
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ WebACLId: webAclArn }),
    });
    const { GongkaiEdgeStack } = await import('../../cdk/edge-stack.ts');
    const edge = Template.fromStack(new GongkaiEdgeStack(configurationApp(), 'Edge', { env: { region: 'us-east-1' } }));
    edge.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      Rules: [
        Match.objectLike({
          Statement: { RateBasedStatement: { Limit: 1000, AggregateKeyType: 'IP' } },
          Action: { Block: {} },
        }),
        Match.objectLike({
          Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } },
        }),
      ],
    });
    expect(Object.keys(edge.findOutputs('WebAclArn'))).toEqual(['WebAclArn']);
  });
});

describe('each function reaches only its partitions of the table (issue: security)', () => {
  type Statement = { Action: string | string[]; Resource: unknown; Condition?: Record<string, any> };
  const statementsOf = (fn: string) =>
    resources('AWS::IAM::Policy')
      .filter(([id]) => id.startsWith(`${functionsId}${fn[0]!.toUpperCase()}${fn.slice(1)}FunctionRole`))
      .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  const streamActions = /^dynamodb:(DescribeStream|GetRecords|GetShardIterator|ListStreams)$/;
  const tableStatements = (fn: string) =>
    statementsOf(fn).filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:') && !streamActions.test(a)));

  it('conditions every table statement on dynamodb:LeadingKeys with the patterns of cdk/functions.ts, and grants no scan', () => {
    for (const name of functionsOf('cognito')) {
      const spec = functionSpecs[name as keyof typeof functionSpecs];
      const statements = tableStatements(name);
      expect(statements.length, name).toBeGreaterThan(0);
      for (const statement of statements) {
        const actions = [statement.Action].flat();
        expect(actions, name).not.toContain('dynamodb:Scan');
        const patterns: string[] = statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];
        expect(patterns, `${name} ${actions}`).toBeDefined();
        expect(patterns, name).not.toContain('*');
        const allowed = actions.includes('dynamodb:PutItem')
          ? spec.table!.write!
          : [...(spec.table!.read ?? []), ...(spec.table!.write ?? [])];
        expect(new Set(patterns), name).toEqual(new Set(allowed));
      }
    }
  });

  it("keeps the citizens' function from staff accounts, sign-in data, publications and jobs", () => {
    const reach = tableStatements('public').flatMap(
      (s) => s.Condition!['ForAllValues:StringLike']['dynamodb:LeadingKeys'] as string[],
    );
    for (const partition of ['STAFF#x', 'OIDC#Session#x', 'PUB#x', 'JOB#x', 'CALENDAR', 'ADMINLOG']) {
      const writable = tableStatements('public')
        .filter((s) => [s.Action].flat().includes('dynamodb:PutItem'))
        .flatMap((s) => s.Condition!['ForAllValues:StringLike']['dynamodb:LeadingKeys'] as string[]);
      const matches = (patterns: string[]) =>
        patterns.some((p) => new RegExp(`^${p.replace(/\*/g, '.*')}$`).test(partition));
      if (partition === 'CALENDAR') expect(matches(writable), partition).toBe(false);
      else expect(matches(reach), partition).toBe(false);
    }
  });
});

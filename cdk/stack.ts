import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { type CfnStage, HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, OriginGroup, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StringAttribute,
  UserPool,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, Billing, StreamViewType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { roleLabels, roles } from '../functions/core/staff.ts';
import { env } from '../functions/lib/config.ts';
import { deployedRoutes, type RouteSpec } from '#routes';
import { tableDesign } from '../functions/store/design.ts';
import { pendingPrefix, uploadCorsRule } from '../functions/store/uploads.ts';
import { GongkaiFunction } from './constructs/gongkai-function.ts';
import { entryOf, functionSpecs, type DeployedFunction } from './functions.ts';
import { apiDocsPage, openApiDocument } from './openapi.ts';
import { suppressStandingFindings } from './nag.ts';
import { contentSecurityPolicy, contentSecurityPolicyFor, permissionsPolicy } from '../functions/lib/site-headers.ts';

const webDir = fileURLToPath(new URL('../web/', import.meta.url));

export class GongkaiStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // --- Data -------------------------------------------------------------------------------
    const table = new TableV2(this, 'Table', {
      partitionKey: { name: tableDesign.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableDesign.sortKey, type: AttributeType.STRING },
      globalSecondaryIndexes: tableDesign.indexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      })),
      timeToLiveAttribute: tableDesign.timeToLiveAttribute,
      // New outbox items reach the mailer through the stream (transactional outbox).
      dynamoStream: StreamViewType.NEW_IMAGE,
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryptionV2.awsManagedKey(),
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const logBucket = new Bucket(this, 'LogBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.OBJECT_WRITER, // CloudFront standard logging writes with ACLs
      lifecycleRules: [{ expiration: Duration.days(400) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    NagSuppressions.addResourceSuppressions(logBucket, [
      { id: 'AwsSolutions-S1', reason: 'This is the access-log bucket; logging it into itself would loop.' },
    ]);

    const siteBucket = new Bucket(this, 'SiteBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: logBucket,
      serverAccessLogsPrefix: 'site-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const privateKey = new Key(this, 'PrivateBucketKey', {
      enableKeyRotation: true,
      description: 'gongkai private uploads',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const privateBucket = new Bucket(this, 'PrivateBucket', {
      encryption: BucketEncryption.KMS,
      encryptionKey: privateKey,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: logBucket,
      serverAccessLogsPrefix: 'private-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
      // Browsers post files here with presigned policies; uploads never linked to an application expire.
      cors: [
        {
          allowedOrigins: uploadCorsRule.AllowedOrigins,
          allowedMethods: [HttpMethods.POST],
          allowedHeaders: uploadCorsRule.AllowedHeaders,
          maxAge: uploadCorsRule.MaxAgeSeconds,
        },
      ],
      lifecycleRules: [
        { prefix: pendingPrefix, expiration: Duration.days(2), noncurrentVersionExpiration: Duration.days(1) },
      ],
    });

    // --- Staff identities ---------------------------------------------------------------------
    const userPool = new UserPool(this, 'StaffPool', {
      userPoolName: 'gongkai-staff',
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      customAttributes: { agency: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }) },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of roles) {
      new CfnUserPoolGroup(this, `Group-${role}`, {
        userPoolId: userPool.userPoolId,
        groupName: role,
        description: roleLabels[role],
      });
    }
    // The console signs in through Cognito's hosted UI, which hands the ID token back to
    // https://<siteDomain>/staff/ (`cdk deploy -c siteDomain=gk.fusong.gov.cn -c authDomainPrefix=fusong-gongkai`).
    // The site's own domain is needed because the CloudFront name is not known before the API exists.
    const siteDomain = this.node.tryGetContext('siteDomain') as string | undefined;
    const authDomainPrefix = this.node.tryGetContext('authDomainPrefix') as string | undefined;
    const consoleUrl = siteDomain && `https://${siteDomain}/staff/`;
    const consoleClient = userPool.addClient('Console', {
      authFlows: { userSrp: true },
      ...(consoleUrl && {
        oAuth: {
          flows: { implicitCodeGrant: true },
          scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
          callbackUrls: [consoleUrl],
          logoutUrls: [consoleUrl],
        },
      }),
      generateSecret: false,
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(8),
      // Staff may read their agency but never set it: only administrators (through the admin API) do.
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, fullname: true })
        .withCustomAttributes('agency'),
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
    });

    const signInDomain =
      consoleUrl && authDomainPrefix
        ? userPool.addDomain('ConsoleSignIn', { cognitoDomain: { domainPrefix: authDomainPrefix } })
        : undefined;
    const consoleConfig = {
      signInUrl:
        signInDomain && consoleUrl
          ? signInDomain
              .signInUrl(consoleClient, { redirectUri: consoleUrl, signInPath: '/login' })
              .replace('response_type=code', 'response_type=token')
          : null,
    };

    // --- Functions ----------------------------------------------------------------------------
    // The verified SES sender of applicants' e-mail (`cdk deploy -c mailFrom=gongkai@example.gov.cn`);
    // without one, letters are still issued and listed, and e-mail stays in each agency's outbox.
    const mailFrom = this.node.tryGetContext('mailFrom') as string | undefined;
    const functions = {} as Record<DeployedFunction, GongkaiFunction>;
    for (const [name, spec] of Object.entries(functionSpecs) as [
      DeployedFunction,
      (typeof functionSpecs)[DeployedFunction],
    ][]) {
      const fn = new GongkaiFunction(this, `${name[0]!.toUpperCase()}${name.slice(1)}Function`, {
        entry: entryOf(name),
        description: spec.description,
        memorySize: spec.memorySize,
        timeout: Duration.seconds(spec.timeoutSeconds),
      });
      if (spec.table) fn.bindTable(table, spec.table);
      if (spec.siteBucket) fn.bindBucket(siteBucket, env.siteBucket, spec.siteBucket);
      if (spec.privateBucket) fn.bindBucket(privateBucket, env.privateBucket, spec.privateBucket, privateKey);
      if (spec.mail && mailFrom) fn.bindMail(mailFrom);
      for (const [metric, id] of [
        [fn.metricErrors(), 'Errors'],
        [fn.metricThrottles(), 'Throttles'],
      ] as const) {
        new Alarm(this, `${fn.node.id}${id}Alarm`, {
          metric: metric.with({ period: Duration.minutes(5) }),
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
          alarmDescription: `gongkai ${name}: ${id.toLowerCase()} in the last 5 minutes`,
        });
      }
      functions[name] = fn;
    }

    // --- HTTP API, routes from the one route table ----------------------------------------------
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: RetentionDays.SIX_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const api = new HttpApi(this, 'Api', { apiName: 'gongkai', createDefaultStage: false });
    const stage = new HttpStage(this, 'ApiStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 100, burstLimit: 200 },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
    });
    // Citizens' writes and code checks get tighter limits than the stage default.
    (stage.node.defaultChild as CfnStage).routeSettings = Object.fromEntries(
      (deployedRoutes as RouteSpec[])
        .filter((route) => route.auth === 'public' && route.method !== 'GET')
        // RouteSettings is JSON-typed in CloudFormation: the CDK passes keys through, so they are PascalCase here.
        .map((route) => [`${route.method} ${route.path}`, { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 }]),
    );
    const authorizer = new HttpUserPoolAuthorizer('StaffAuthorizer', userPool, { userPoolClients: [consoleClient] });
    const integrations = new Map<string, HttpLambdaIntegration>();
    for (const route of deployedRoutes as RouteSpec[]) {
      const fn = route.fn as Exclude<DeployedFunction, 'sweep' | 'mailer' | 'jobs' | 'renderer'>;
      if (!integrations.has(fn)) integrations.set(fn, new HttpLambdaIntegration(`${fn}Integration`, functions[fn]));
      const [httpRoute] = api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integrations.get(fn)!,
        ...(route.auth === 'staff' && { authorizer }),
      });
      if (route.auth === 'public') {
        NagSuppressions.addResourceSuppressions(
          httpRoute!,
          [
            {
              id: 'AwsSolutions-APIG4',
              reason:
                'A citizen route: anyone may apply and follow an application without an account (条例27); staff routes use the JWT authoriser.',
            },
          ],
          true,
        );
      }
    }
    new Alarm(this, 'Api5xxAlarm', {
      metric: api.metricServerError({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: 'gongkai API: 5xx responses in the last 5 minutes',
    });

    // --- Mail: new outbox items, delivered as they are written ------------------------------------
    functions.mailer.addEventSource(
      new DynamoEventSource(table, {
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

    // --- Background jobs: each new turn, run as it is written, by the function that works its kind --
    const turnsOf = (kind: string) =>
      FilterCriteria.filter({
        eventName: FilterRule.isEqual('INSERT'),
        dynamodb: {
          Keys: { pk: { S: FilterRule.isEqual('JOBQUEUE') } },
          NewImage: { kind: { S: FilterRule.isEqual(kind) } },
        },
      });
    functions.jobs.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 1,
        retryAttempts: 2,
        filters: [turnsOf('recount')],
      }),
    );

    // --- The site: each new render task (and each rebuild turn) wakes its one writer ---------------
    functions.renderer.addEventSource(
      new DynamoEventSource(table, {
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

    // --- Daily sweep (01:00 Beijing time) --------------------------------------------------------
    new Rule(this, 'DailySweep', {
      schedule: Schedule.cron({ minute: '0', hour: '17' }),
      targets: [new LambdaFunction(functions.sweep, { retryAttempts: 2 })],
    });

    // --- Public site: CloudFront in front of the site bucket and the API ------------------------
    const headersPolicy = (id: string, csp: string) =>
      new ResponseHeadersPolicy(this, id, {
        securityHeadersBehavior: {
          contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
          contentTypeOptions: { override: true },
          frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
          referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
          strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
        },
        customHeadersBehavior: {
          customHeaders: [{ header: 'Permissions-Policy', value: permissionsPolicy, override: true }],
        },
      });
    const headers = headersPolicy('SiteHeaders', contentSecurityPolicy);
    // The staff console uploads the files of an answer straight to the private bucket.
    const consoleHeaders = headersPolicy(
      'ConsoleHeaders',
      contentSecurityPolicyFor(`https://${privateBucket.bucketRegionalDomainName}`),
    );
    const directoryIndex = new CloudFrontFunction(this, 'DirectoryIndex', {
      code: FunctionCode.fromInline(
        "function handler(event){var r=event.request;if(r.uri.endsWith('/'))r.uri+='index.html';return r;}",
      ),
    });
    const apiDomain = `${api.apiId}.execute-api.${this.region}.${this.urlSuffix}`;
    // A file the site bucket does not have (never published, or withdrawn) answers 403 through
    // origin access control; the group then asks the API for the site's 404 page instead. Custom
    // error responses would not do: they apply to every behaviour, the API's own 403s and 404s too.
    const siteOrigin = new OriginGroup({
      primaryOrigin: S3BucketOrigin.withOriginAccessControl(siteBucket),
      fallbackOrigin: new HttpOrigin(apiDomain, { originPath: '/api/site/not-found' }),
      fallbackStatusCodes: [403, 404],
    });
    const staticBehavior = {
      origin: siteOrigin,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      responseHeadersPolicy: headers,
    };
    const apiBehavior = {
      origin: new HttpOrigin(apiDomain),
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    };
    // Pages the functions render (the no-script citizen forms) go to the API like /api/*.
    const pageSections = [
      ...new Set((deployedRoutes as RouteSpec[]).filter((r) => r.page).map((r) => r.path.split('/')[1]!)),
    ].filter((section) => section !== 'api');
    const pageBehaviors = Object.fromEntries(
      pageSections.flatMap((section) => [
        [`/${section}`, apiBehavior],
        [`/${section}/*`, apiBehavior],
      ]),
    );
    const distribution = new Distribution(this, 'Site', {
      defaultRootObject: 'index.html',
      defaultBehavior: {
        ...staticBehavior,
        functionAssociations: [{ function: directoryIndex, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        '/api/openapi.json': staticBehavior,
        '/api/docs.html': staticBehavior,
        '/staff/*': {
          ...staticBehavior,
          responseHeadersPolicy: consoleHeaders,
          functionAssociations: [{ function: directoryIndex, eventType: FunctionEventType.VIEWER_REQUEST }],
        },
        '/api/*': { ...apiBehavior, viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY },
        ...pageBehaviors,
      },
      enableLogging: true,
      logBucket,
      logFilePrefix: 'cloudfront/',
    });

    // Feeds and sitemaps need the site's absolute address; the functions read it from the table
    // (an environment variable would make the functions depend on the distribution, which depends on them).
    const siteAddress = new AwsCustomResource(this, 'SiteAddress', {
      onUpdate: {
        service: 'DynamoDB',
        action: 'putItem',
        parameters: {
          TableName: table.tableName,
          Item: {
            pk: { S: 'CONFIG' },
            sk: { S: 'SITE' },
            url: { S: siteDomain ? `https://${siteDomain}` : `https://${distribution.distributionDomainName}` },
          },
        },
        physicalResourceId: PhysicalResourceId.of('site-address'),
      },
      policy: AwsCustomResourcePolicy.fromSdkCalls({ resources: [table.tableArn] }),
      installLatestAwsSdk: false,
    });
    NagSuppressions.addResourceSuppressions(
      siteAddress,
      [{ id: 'AwsSolutions-IAM5', reason: 'The custom resource writes one configuration item to this table only.' }],
      true,
    );

    const apiDocument = openApiDocument({ local: false });
    new BucketDeployment(this, 'WebAssets', {
      destinationBucket: siteBucket,
      sources: [
        Source.asset(webDir),
        Source.jsonData('api/openapi.json', apiDocument),
        Source.data('api/docs.html', apiDocsPage(apiDocument)),
        Source.jsonData('staff/config.json', consoleConfig),
      ],
      prune: false, // the rendered site lives in the same bucket and is never a deployment's to delete
      distribution,
      distributionPaths: ['/assets/*', '/api/openapi.json', '/api/docs.html'],
    });

    suppressStandingFindings(this, distribution);

    new CfnOutput(this, 'SiteUrl', { value: `https://${distribution.distributionDomainName}` });
    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(this, 'ConsoleClientId', { value: consoleClient.userPoolClientId });
  }
}

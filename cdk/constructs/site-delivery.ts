import { CfnDynamicReference, CfnDynamicReferenceService, type CfnResource, Duration, Stack } from 'aws-cdk-lib';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import {
  AllowedMethods,
  CacheCookieBehavior,
  CachePolicy,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, OriginGroup, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { deployedRoutes, type RouteSpec } from '#routes';
import {
  contentSecurityPolicy,
  contentSecurityPolicyFor,
  permissionsPolicy,
} from '../../functions/lib/site-headers.ts';
import { originHeader } from '../../functions/lib/origin.ts';
import { apiDocsPage, openApiDocument } from '../openapi.ts';
import type { Api } from './api.ts';
import type { Data } from './data.ts';
import { pin } from './pin.ts';
import { modeCookie, modeSheet } from '../../functions/core/pages/layout.ts';
import { buildWebBundles, siteRequestFile, webDir } from '../bundling.ts';

export interface SiteDeliveryProps {
  data: Data;
  api: Api;
  /** The site's own domain, if it has one (feeds and sitemaps use it). */
  siteDomain?: string;
  /** What the console reads from /staff/config.json. */
  consoleConfig: object;
  /** Where the console exchanges its sign-in code, when not on this site (Cognito's domain). */
  signInOrigin?: string;
  /** Path prefixes handed whole to the API (the platform's own sign-in, `/oidc`). */
  apiPrefixes?: string[];
  /**
   * The secret whose value CloudFront adds to what it forwards to the API (the functions check it):
   * a dynamic reference, resolved by CloudFormation at deployment, at `version` when given (a
   * rotation's deploy names the new version, so CloudFormation sees a change and updates CloudFront).
   */
  originVerify: { secret: ISecret; version?: string };
  /** A WAF web ACL for CloudFront (made in us-east-1, see cdk/edge-stack.ts), by ARN. */
  webAclArn?: string;
  /**
   * CloudFront China: the site served only on its ICP-filed domain, with the certificate uploaded to
   * IAM (China has no ACM for CloudFront), and the bucket reached through an origin access identity
   * (origin access control is not offered there).
   */
  china?: { domain: string; iamCertificateId: string };
}

/**
 * The public site as citizens reach it: CloudFront in front of the site bucket (falling back to the
 * API's 404 page) and the API, with the national security headers; the site's address kept in the
 * table for the renderer; and the static assets, the API's documents and the console's config.
 */
export class SiteDelivery extends Construct {
  readonly distribution: Distribution;

  constructor(
    scope: Construct,
    id: string,
    {
      data,
      api,
      siteDomain,
      consoleConfig,
      signInOrigin,
      apiPrefixes = [],
      originVerify,
      webAclArn,
      china,
    }: SiteDeliveryProps,
  ) {
    super(scope, id);
    const { siteBucket, privateBucket, logBucket, table } = data;
    const headersPolicy = (policyId: string, csp: string, cache?: { cacheControl: string; vary?: string }) =>
      new ResponseHeadersPolicy(this, policyId, {
        securityHeadersBehavior: {
          contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
          contentTypeOptions: { override: true },
          frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
          referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
          strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
        },
        customHeadersBehavior: {
          customHeaders: [
            { header: 'Permissions-Policy', value: permissionsPolicy, override: true },
            ...(cache ? [{ header: 'Cache-Control', value: cache.cacheControl, override: true }] : []),
            ...(cache?.vary ? [{ header: 'Vary', value: cache.vary, override: true }] : []),
          ],
        },
      });
    const headers = headersPolicy('SiteHeaders', contentSecurityPolicy);
    // Which sheet it is depends on the cookie: browsers revalidate it, shared caches keep the two apart.
    const modeHeaders = headersPolicy('ModeSheetHeaders', contentSecurityPolicy, modeSheet);
    // The staff console uploads the files of an answer straight to the private bucket.
    const consoleHeaders = headersPolicy(
      'ConsoleHeaders',
      contentSecurityPolicyFor(`https://${privateBucket.bucketRegionalDomainName}`, signInOrigin),
    );
    // Directory indexes and 长者模式's sheet (the same file the local gateway runs, cdk/local/edge.ts).
    // CloudFront in the China regions runs no functions: there the renderer writes directory keys and
    // the public function answers for the sheet.
    const viewerRequest = china
      ? []
      : [
          {
            function: new CloudFrontFunction(this, 'SiteRequest', {
              code: FunctionCode.fromFile({ filePath: siteRequestFile }),
              runtime: FunctionRuntime.JS_2_0,
              comment: 'Directory indexes, with or without the slash; the elder-friendly display by cookie',
            }),
            eventType: FunctionEventType.VIEWER_REQUEST,
          },
        ];
    const stack = Stack.of(this);
    const apiDomain = `${api.httpApi.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
    const verified = {
      [originHeader]: new CfnDynamicReference(
        CfnDynamicReferenceService.SECRETS_MANAGER,
        `${originVerify.secret.secretArn}:SecretString:::${originVerify.version ?? ''}`,
      ).toString(),
    };
    // A file the site bucket does not have (never published, or withdrawn) answers 403 through
    // origin access control; the group then asks the API for the site's 404 page instead. Custom
    // error responses would not do: they apply to every behaviour, the API's own 403s and 404s too.
    const siteOrigin = new OriginGroup({
      primaryOrigin: china
        ? S3BucketOrigin.withOriginAccessIdentity(siteBucket)
        : S3BucketOrigin.withOriginAccessControl(siteBucket),
      fallbackOrigin: new HttpOrigin(apiDomain, { originPath: '/api/site/not-found', customHeaders: verified }),
      fallbackStatusCodes: [403, 404],
    });
    const staticBehavior = {
      origin: siteOrigin,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      responseHeadersPolicy: headers,
    };
    const apiBehavior = {
      origin: new HttpOrigin(apiDomain, { customHeaders: verified }),
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    };
    // Pages the functions render (the no-script citizen forms) go to the API like /api/*.
    const pageSections = [
      ...new Set((deployedRoutes as RouteSpec[]).filter((r) => r.page).map((r) => r.path.split('/')[1]!)),
    ].filter((section) => section !== 'api');
    // The site's function runs there too: a page typed with a slash after it (/apply/) is the page.
    const pageBehavior = { ...apiBehavior, functionAssociations: viewerRequest };
    const pageBehaviors = Object.fromEntries(
      pageSections.flatMap((section) => [
        [`/${section}`, pageBehavior],
        [`/${section}/*`, pageBehavior],
      ]),
    );
    this.distribution = new Distribution(this, 'Site', {
      defaultRootObject: 'index.html',
      defaultBehavior: {
        ...staticBehavior,
        functionAssociations: viewerRequest,
      },
      additionalBehaviors: {
        // Which sheet it is depends on the visitor's cookie: browsers revalidate it on each page.
        [modeSheet.path]: china
          ? {
              origin: new HttpOrigin(apiDomain, { originPath: '/api/site/mode-sheet', customHeaders: verified }),
              viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
              responseHeadersPolicy: modeHeaders,
              cachePolicy: new CachePolicy(this, 'ModeSheetCache', {
                comment: 'One copy of the sheet per display preference',
                cookieBehavior: CacheCookieBehavior.allowList(modeCookie),
                defaultTtl: Duration.days(1),
                minTtl: Duration.seconds(0),
                maxTtl: Duration.days(1),
              }),
            }
          : { ...staticBehavior, responseHeadersPolicy: modeHeaders, functionAssociations: viewerRequest },
        '/api/openapi.json': staticBehavior,
        '/api/docs.html': staticBehavior,
        '/staff/*': {
          ...staticBehavior,
          responseHeadersPolicy: consoleHeaders,
          functionAssociations: viewerRequest,
        },
        '/api/*': { ...apiBehavior, viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY },
        ...pageBehaviors,
        ...Object.fromEntries(
          apiPrefixes.map((prefix) => [
            `${prefix}/*`,
            { ...apiBehavior, viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY },
          ]),
        ),
      },
      ...(webAclArn && { webAclId: webAclArn }),
      enableLogging: true,
      logBucket,
      logFilePrefix: 'cloudfront/',
    });
    pin(this.distribution, 'SiteE53D7754');
    if (china) {
      // The construct takes ACM certificates only; CloudFront China's come from IAM, so they are set directly.
      const cfn = this.distribution.node.defaultChild as CfnResource;
      cfn.addPropertyOverride('DistributionConfig.Aliases', [china.domain]);
      cfn.addPropertyOverride('DistributionConfig.ViewerCertificate', {
        IamCertificateId: china.iamCertificateId,
        SslSupportMethod: 'sni-only',
        MinimumProtocolVersion: 'TLSv1.2_2021',
      });
      NagSuppressions.addResourceSuppressions(this.distribution, [
        {
          id: 'AwsSolutions-CFR7',
          reason:
            'CloudFront China offers origin access identities, not origin access control; the bucket stays private to it.',
        },
      ]);
    }

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
            url: { S: siteDomain ? `https://${siteDomain}` : `https://${this.distribution.distributionDomainName}` },
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
    buildWebBundles();
    new BucketDeployment(this, 'WebAssets', {
      destinationBucket: siteBucket,
      sources: [
        // The browser's files; the bundles' sources and the typecheck's settings stay behind.
        Source.asset(webDir, { exclude: ['editor', 'tsconfig.json'] }),
        Source.jsonData('api/openapi.json', apiDocument),
        Source.data('api/docs.html', apiDocsPage(apiDocument)),
        Source.jsonData('staff/config.json', consoleConfig),
      ],
      prune: false, // the rendered site lives in the same bucket and is never a deployment's to delete
      distribution: this.distribution,
      distributionPaths: ['/assets/*', '/api/openapi.json', '/api/docs.html'],
    });
  }
}

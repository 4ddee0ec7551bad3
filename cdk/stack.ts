import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { Api } from './constructs/api.ts';
import { Data } from './constructs/data.ts';
import { Functions } from './constructs/functions.ts';
import { Operations } from './constructs/operations.ts';
import { SiteDelivery } from './constructs/site-delivery.ts';
import { StaffIdentity } from './constructs/staff-identity.ts';
import { consoleClientId, oidcMountPath, platformConsoleSignIn } from '../functions/core/sign-in.ts';
import { proxyRoutes } from '#routes';
import { suppressStandingFindings } from './nag.ts';

export type StaffProvider = 'cognito' | 'platform';

/**
 * The platform in one stack, of the parts named for what they are. Context values:
 * `siteDomain` and `authDomainPrefix` (the site's own domain and the hosted sign-in, e.g.
 * `cdk deploy -c siteDomain=gk.fusong.gov.cn -c authDomainPrefix=fusong-gongkai`), and `mailFrom`
 * (the verified SES sender; without one, letters are still issued and e-mail stays in each outbox),
 * `alarmEmail` (who the alarms reach), `staffProvider` (`cognito`, the default, or `platform`: the
 * platform's own OpenID provider, where there are no Cognito user pools).
 */
export class GongkaiStack extends Stack {
  /** What the console reads from /staff/config.json: how it signs in. */
  readonly consoleConfig: object;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const context = (key: string) => this.node.tryGetContext(key) as string | undefined;
    const siteDomain = context('siteDomain');

    const staffProvider = (context('staffProvider') ?? 'cognito') as StaffProvider;
    if (staffProvider !== 'cognito' && staffProvider !== 'platform')
      throw new Error(`staffProvider must be cognito or platform, not ${staffProvider}`);

    const data = new Data(this, 'Data');
    // CloudFront adds this to everything it forwards to the API; the functions refuse requests without
    // it, so the execute-api address cannot be called directly (nor CloudFront-Viewer-Address forged).
    // Rotate: put a new value in the secret, then deploy again (both ends read it at deployment).
    const originSecret = new Secret(this, 'OriginVerify', {
      description: 'The header value CloudFront adds to requests it forwards to the API',
      generateSecretString: { excludePunctuation: true, passwordLength: 48 },
    });
    NagSuppressions.addResourceSuppressions(originSecret, [
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'Read at deployment by CloudFront and the functions alike; rotated by a new value and a deploy (README).',
      },
    ]);
    const originVerify = originSecret.secretValue.unsafeUnwrap();
    const identity =
      staffProvider === 'cognito'
        ? new StaffIdentity(this, 'StaffIdentity', { siteDomain, authDomainPrefix: context('authDomainPrefix') })
        : undefined;
    const functions = new Functions(this, 'Functions', {
      data,
      mailFrom: context('mailFrom'),
      originVerify,
      applyQuotaPerDay: context('applyQuotaPerDay'),
      staffDirectory: identity
        ? { provider: 'cognito', userPoolArn: identity.userPool.userPoolArn, userPoolId: identity.userPool.userPoolId }
        : { provider: 'platform' },
    });
    const api = new Api(this, 'Api');
    this.consoleConfig = identity ? identity.consoleConfig : platformConsoleSignIn;
    const site = new SiteDelivery(this, 'SiteDelivery', {
      data,
      api,
      siteDomain,
      consoleConfig: this.consoleConfig,
      signInOrigin: identity?.signInOrigin,
      apiPrefixes: proxyRoutes.filter((p) => p.provider === staffProvider).map((p) => p.prefix),
      originVerify,
      webAclArn: context('webAclArn'),
    });
    // The platform's own provider is at the site's address, which the authoriser checks as the issuer.
    const siteHost = siteDomain ?? site.distribution.distributionDomainName;
    api.addRoutes(
      functions.byName,
      identity
        ? identity.authorizer()
        : new HttpJwtAuthorizer('StaffAuthorizer', `https://${siteHost}${oidcMountPath}`, {
            jwtAudience: [consoleClientId],
          }),
    );
    new Operations(this, 'Operations', {
      functions: functions.byName,
      api,
      table: data.table,
      alarmEmail: context('alarmEmail'),
    });

    suppressStandingFindings(this, site.distribution);
    new CfnOutput(this, 'SiteUrl', { value: `https://${siteHost}` });
    new CfnOutput(this, 'ApiUrl', { value: api.httpApi.apiEndpoint });
    if (identity) new CfnOutput(this, 'UserPoolId', { value: identity.userPool.userPoolId });
    // What `npm run first-admin` needs to reach the deployment.
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'StaffProvider', { value: staffProvider });
    new CfnOutput(this, 'Region', { value: this.region });
    new CfnOutput(this, 'ConsoleClientId', { value: identity?.consoleClient.userPoolClientId ?? consoleClientId });
  }
}

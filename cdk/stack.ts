import { Annotations, CfnOutput, Stack, type StackProps, Token } from 'aws-cdk-lib';
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
import type { MailSettings } from './constructs/gongkai-function.ts';
import { consoleClientId, oidcMountPath, platformConsoleSignIn } from '../functions/core/sign-in.ts';
import { proxyRoutes } from '#routes';
import { suppressCrossRegionFindings, suppressStandingFindings } from './nag.ts';

export type StaffProvider = 'cognito' | 'platform';
export type DeploymentProfile = 'global' | 'china';

export interface GongkaiStackProps extends StackProps {
  /** The site firewall's web ACL, made by the edge stack in us-east-1 (cdk/deployment.ts). */
  webAclArn?: string;
}

/**
 * The platform in one stack, of the parts named for what they are. Context values:
 * `siteDomain` and `authDomainPrefix` (the site's own domain and the hosted sign-in, e.g.
 * `cdk deploy -c siteDomain=gk.fusong.gov.cn -c authDomainPrefix=fusong-gongkai`); `mailFrom` (the
 * sender; without one, letters are still issued and e-mail stays in each outbox) with `mailTransport`
 * `ses` (default) or `smtp` and, for SMTP, `smtpHost`, `smtpPort` (465) and `smtpSecretName` (a
 * Secrets Manager secret `{ "username", "password" }`); `alarmEmail` (who the alarms reach);
 * `staffProvider` (`cognito`, the default, or `platform`: the platform's own OpenID provider).
 *
 * `profile=china` (or a `cn-` region): the AWS China regions, where there are no Cognito user pools,
 * no SES, no ACM certificates or origin access control for CloudFront, and no WAF on CloudFront. Staff
 * sign in through the platform's own provider, mail goes through SMTP, and CloudFront serves the
 * ICP-filed `siteDomain` with `iamCertificateId` (a certificate uploaded to IAM). README: Deploying in
 * the AWS China regions.
 */
export class GongkaiStack extends Stack {
  /** What the console reads from /staff/config.json: how it signs in. */
  readonly consoleConfig: object;
  readonly profile: DeploymentProfile;

  constructor(scope: Construct, id: string, props?: GongkaiStackProps) {
    super(scope, id, props);
    const context = (key: string) => this.node.tryGetContext(key) as string | undefined;
    const siteDomain = context('siteDomain');
    const region = Token.isUnresolved(this.region) ? '' : this.region;
    this.profile = (context('profile') ?? (region.startsWith('cn-') ? 'china' : 'global')) as DeploymentProfile;
    if (this.profile !== 'global' && this.profile !== 'china')
      throw new Error(`profile must be global or china, not ${this.profile}`);
    const china = this.profile === 'china';

    const staffProvider = (context('staffProvider') ?? (china ? 'platform' : 'cognito')) as StaffProvider;
    if (staffProvider !== 'cognito' && staffProvider !== 'platform')
      throw new Error(`staffProvider must be cognito or platform, not ${staffProvider}`);
    if (china && staffProvider === 'cognito')
      throw new Error(
        'The AWS China regions have no Cognito user pools: staff sign in through the platform (staffProvider=platform).',
      );
    const iamCertificateId = context('iamCertificateId');
    if (china && (!siteDomain || !iamCertificateId))
      throw new Error(
        'CloudFront China serves only an ICP-filed domain with a certificate uploaded to IAM: give -c siteDomain=… -c iamCertificateId=…',
      );
    if (china && context('webAclArn'))
      throw new Error(
        'WAF cannot sit on CloudFront in the AWS China regions: leave out webAclArn (README: abuse protection).',
      );
    const webAclArn = props?.webAclArn ?? context('webAclArn');
    // The global profile is protected by WAF unless told otherwise: synthesis refuses a stack without it.
    if (!china && !webAclArn && context('siteFirewall') !== 'off')
      Annotations.of(this).addError(
        'The global profile puts a WAF web ACL on CloudFront: deploy with cdk/app.ts (it makes GongkaiEdge in us-east-1), give -c webAclArn=…, or opt out with -c siteFirewall=off.',
      );
    if (!china && !webAclArn && context('siteFirewall') === 'off')
      Annotations.of(this).addWarning(
        "siteFirewall=off: no WAF web ACL on CloudFront; only the stage throttles and the functions' quotas stand in front of the API.",
      );
    const mail = mailSettings(context, china);

    const data = new Data(this, 'Data');
    // CloudFront adds this to everything it forwards to the API; the functions refuse requests without
    // it, so the execute-api address cannot be called directly (nor CloudFront-Viewer-Address forged).
    // Its value is in no template: CloudFront's header is a dynamic reference, the functions read it at
    // cold start. Rotate (README, Security): put a new value, deploy with -c originVerifyVersion=<its id>.
    const originSecret = new Secret(this, 'OriginVerify', {
      description: 'The header value CloudFront adds to requests it forwards to the API',
      generateSecretString: { excludePunctuation: true, passwordLength: 48 },
    });
    NagSuppressions.addResourceSuppressions(originSecret, [
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'CloudFront takes a header value only at deployment: rotated by a new value and a deploy naming its version, the functions accepting the previous one meanwhile (README, Security).',
      },
    ]);
    const originVerify = { secret: originSecret, version: context('originVerifyVersion') };
    const identity =
      staffProvider === 'cognito'
        ? new StaffIdentity(this, 'StaffIdentity', { siteDomain, authDomainPrefix: context('authDomainPrefix') })
        : undefined;
    const functions = new Functions(this, 'Functions', {
      data,
      mail,
      siteDirectoryKeys: china,
      originVerify,
      applyQuotaPerDay: positiveWhole(context, 'applyQuotaPerDay'),
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
      webAclArn,
      ...(china && { china: { domain: siteDomain!, iamCertificateId: iamCertificateId! } }),
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
      streamFailures: functions.streamFailures,
      alarmEmail: context('alarmEmail'),
    });

    suppressStandingFindings(this, site.distribution);
    suppressCrossRegionFindings(this);
    new CfnOutput(this, 'SiteUrl', { value: `https://${siteHost}` });
    new CfnOutput(this, 'ApiUrl', { value: api.httpApi.apiEndpoint });
    if (identity) new CfnOutput(this, 'UserPoolId', { value: identity.userPool.userPoolId });
    // What `npm run first-admin` needs to reach the deployment.
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'StaffProvider', { value: staffProvider });
    new CfnOutput(this, 'Profile', { value: this.profile });
    new CfnOutput(this, 'Region', { value: this.region });
    new CfnOutput(this, 'ConsoleClientId', { value: identity?.consoleClient.userPoolClientId ?? consoleClientId });
  }
}

/** How the applicants' e-mail leaves, from context: SES, or SMTP (the only way in the China regions, which lack SES). */
/**
 * A context value the functions read as a positive whole number (lib/config.ts positiveIntegerEnv):
 * refused at synthesis, naming it, rather than deployed to fail every request that reads it.
 */
function positiveWhole(context: (key: string) => string | undefined, key: string): string | undefined {
  const value = context(key);
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(String(value)) || !Number.isSafeInteger(Number(value)))
    throw new Error(`${key} must be a positive whole number, not ${JSON.stringify(value)}`);
  return String(value);
}

function mailSettings(context: (key: string) => string | undefined, china: boolean): MailSettings | undefined {
  const from = context('mailFrom');
  if (!from) return undefined;
  const transport = context('mailTransport') ?? (china ? 'smtp' : 'ses');
  if (transport === 'ses') {
    if (china) throw new Error('SES is not offered in the AWS China regions: give mailTransport=smtp and smtpHost.');
    return { from, transport };
  }
  if (transport !== 'smtp') throw new Error(`mailTransport must be ses or smtp, not ${transport}`);
  const host = context('smtpHost');
  if (!host) throw new Error('mailTransport=smtp needs -c smtpHost=… (the county mail server)');
  const secretName = context('smtpSecretName');
  return {
    from,
    transport,
    host,
    port: positiveWhole(context, 'smtpPort') ?? '465',
    ...(secretName && { secretName }),
  };
}

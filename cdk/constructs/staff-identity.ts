import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { Construct } from 'constructs';
import type { ConsoleSignIn } from '../../functions/core/sign-in.ts';
import { roleLabels, roles } from '../../functions/core/staff.ts';
import { pin } from './pin.ts';

export interface StaffIdentityProps {
  /** The site's own domain: the hosted sign-in hands the code back to https://<siteDomain>/staff/. */
  siteDomain?: string;
  /** The Cognito domain prefix of the hosted sign-in. */
  authDomainPrefix?: string;
}

/**
 * Who the staff are, where AWS has Cognito: a Cognito user pool (MFA required, no self sign-up, the agency as an attribute
 * only administrators set), a group per role, and the console's client with its hosted sign-in.
 */
export class StaffIdentity extends Construct {
  readonly userPool: UserPool;
  readonly consoleClient: UserPoolClient;
  /** What the console reads from /staff/config.json: where to sign in, if anywhere. */
  readonly consoleConfig: ConsoleSignIn | Record<string, never>;
  /** Where the console exchanges its code (the hosted sign-in's domain), for the console's connect-src. */
  readonly signInOrigin?: string;

  constructor(scope: Construct, id: string, { siteDomain, authDomainPrefix }: StaffIdentityProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'StaffPool', {
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
      // Threat protection on the Plus plan: risky sign-ins blocked or challenged, not only logged.
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      // A changed e-mail address takes effect once confirmed; until then the old one stays.
      keepOriginal: { email: true },
      autoVerify: { email: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    pin(this.userPool, 'StaffPool2454FE40');
    for (const role of roles) {
      const group = new CfnUserPoolGroup(this, `Group-${role}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        description: roleLabels[role],
      });
      group.overrideLogicalId(`Group${role}`);
    }
    // The site's own domain is needed because the CloudFront name is not known before the API exists.
    const consoleUrl = siteDomain && `https://${siteDomain}/staff/`;
    this.consoleClient = this.userPool.addClient('Console', {
      authFlows: { userSrp: true },
      // Without the site's domain there is nowhere to return a sign-in to: no OAuth flow at all.
      ...(consoleUrl ? {} : { disableOAuth: true }),
      ...(consoleUrl && {
        oAuth: {
          flows: { authorizationCodeGrant: true },
          scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
          callbackUrls: [consoleUrl],
          logoutUrls: [consoleUrl],
        },
      }),
      generateSecret: false,
      preventUserExistenceErrors: true,
      // Short tokens, renewed with the refresh token for the length of a working day; signing out revokes it.
      idTokenValidity: Duration.minutes(10),
      accessTokenValidity: Duration.minutes(10),
      refreshTokenValidity: Duration.hours(8),
      enableTokenRevocation: true,
      // Staff may read their agency but never set it: only administrators (through the admin API) do.
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, fullname: true })
        .withCustomAttributes('agency'),
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
    });
    pin(this.consoleClient, 'StaffPoolConsoleDA170B0C');

    const signInDomain =
      consoleUrl && authDomainPrefix
        ? this.userPool.addDomain('ConsoleSignIn', { cognitoDomain: { domainPrefix: authDomainPrefix } })
        : undefined;
    if (signInDomain) pin(signInDomain, 'StaffPoolConsoleSignInAA973361');
    this.signInOrigin = signInDomain?.baseUrl();
    this.consoleConfig =
      signInDomain && this.signInOrigin
        ? {
            authorizeUrl: `${this.signInOrigin}/oauth2/authorize`,
            tokenUrl: `${this.signInOrigin}/oauth2/token`,
            revokeUrl: `${this.signInOrigin}/oauth2/revoke`,
            logoutUrl: `${this.signInOrigin}/logout`,
            logoutRedirectParam: 'logout_uri',
            clientId: this.consoleClient.userPoolClientId,
            scope: 'openid email profile',
          }
        : {};
  }

  /** The JWT authoriser for the pool's ID tokens issued to the console. */
  authorizer() {
    return new HttpUserPoolAuthorizer('StaffAuthorizer', this.userPool, { userPoolClients: [this.consoleClient] });
  }
}

/**
 * The China deployment profile: synthesised for cn-north-1 with the context a
 * county gives, and checked for what the AWS China regions lack. The functions' code is not
 * bundled here (test/support/stacks.ts): these tests read the stack's configuration.
 */
import { Aspects } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { oidcMountPath } from '../../functions/core/sign-in.ts';
import { GongkaiStack } from '../../cdk/stack.ts';
import { configurationApp } from '../support/stacks.ts';

const chinaContext = {
  profile: 'china',
  siteDomain: 'gongkai.fusong.gov.cn',
  iamCertificateId: 'ASCAFUSONGCERTIFICATE',
  mailFrom: 'gongkai@fusong.gov.cn',
  smtpHost: 'smtp.fusong.gov.cn',
  smtpSecretName: 'gongkai/smtp',
  alarmEmail: 'ops@fusong.gov.cn',
};

const synth = (context: Record<string, string>) => {
  const app = configurationApp(context);
  const stack = new GongkaiStack(app, 'Gongkai', { env: { account: '123456789012', region: 'cn-north-1' } });
  Aspects.of(app).add(new AwsSolutionsChecks());
  return { stack, template: Template.fromStack(stack) };
};

let stack: GongkaiStack;
let template: Template;
beforeAll(() => {
  ({ stack, template } = synth(chinaContext));
});

describe('the China profile', () => {
  it('has no Cognito resources: staff sign in through the platform, whose provider the JWT authoriser trusts', () => {
    expect(stack.profile).toBe('china');
    expect(Object.keys(template.toJSON().Resources).filter((id) => /Cognito|UserPool/.test(id))).toEqual([]);
    expect(JSON.stringify(template.toJSON())).not.toContain('AWS::Cognito');
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: Match.objectLike({ Issuer: `https://gongkai.fusong.gov.cn${oidcMountPath}` }),
    });
  });

  it('names no global-partition ARN: every ARN is built on the stack partition', () => {
    const text = JSON.stringify(template.toJSON());
    expect(text).not.toMatch(/arn:aws:/);
    expect(text).toContain('"Ref":"AWS::Partition"');
  });

  it('serves the ICP-filed domain with the IAM certificate, and reaches the bucket through an origin access identity', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['gongkai.fusong.gov.cn'],
        ViewerCertificate: {
          IamCertificateId: 'ASCAFUSONGCERTIFICATE',
          SslSupportMethod: 'sni-only',
          MinimumProtocolVersion: 'TLSv1.2_2021',
        },
      }),
    });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 0);
    template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 1);
  });

  it("sends mail through the county's SMTP server, its credentials read from Secrets Manager, with no SES grant", () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function')) as {
      Properties: { Environment?: { Variables?: Record<string, unknown> } };
    }[];
    const mailers = functions.filter((f) => f.Properties.Environment?.Variables?.MAIL_TRANSPORT);
    expect(mailers.length).toBeGreaterThan(0);
    for (const f of mailers)
      expect(f.Properties.Environment!.Variables).toMatchObject({
        MAIL_TRANSPORT: 'smtp',
        MAIL_FROM: 'gongkai@fusong.gov.cn',
        SMTP_HOST: 'smtp.fusong.gov.cn',
        SMTP_PORT: '465',
        SMTP_SECRET: 'gongkai/smtp',
      });
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).not.toContain('ses:SendEmail');
    expect(policies).toContain('secretsmanager:GetSecretValue');
  });

  it('uses no CloudFront Function (none exists there): pages at directory keys, the 长者模式 sheet from the public function', () => {
    template.resourceCountIs('AWS::CloudFront::Function', 0);
    const behaviors = (
      Object.values(template.findResources('AWS::CloudFront::Distribution'))[0] as {
        Properties: {
          DistributionConfig: { CacheBehaviors: { PathPattern: string; CachePolicyId: { Ref: string } }[] };
        };
      }
    ).Properties.DistributionConfig.CacheBehaviors;
    const sheet = behaviors.find((b) => b.PathPattern === '/assets/mode.css')!;
    const policy = template.toJSON().Resources[sheet.CachePolicyId.Ref].Properties.CachePolicyConfig;
    expect(policy.ParametersInCacheKeyAndForwardedToOrigin.CookiesConfig).toEqual({
      CookieBehavior: 'whitelist',
      Cookies: ['gk_mode'],
    });
    expect(behaviors.map((b) => b.PathPattern)).toContain('/mode/*');
    const writers = (
      Object.values(template.findResources('AWS::Lambda::Function')) as {
        Properties: { Environment?: { Variables?: Record<string, unknown> } };
      }[]
    ).filter((f) => f.Properties.Environment?.Variables?.SITE_BUCKET);
    expect(writers.length).toBeGreaterThan(0);
    for (const f of writers) expect(f.Properties.Environment!.Variables!.SITE_DIRECTORY_KEYS).toBe('1');
  });

  it('leaves no unsuppressed cdk-nag error or warning', () => {
    const findings = [
      ...Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*')),
      ...Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
    ];
    expect(findings.map((f) => `${f.id}: ${String(f.entry.data).split(':')[0]}`)).toEqual([]);
  });

  it('refuses what the China regions lack, naming the context to give', () => {
    const without = (key: string) => Object.fromEntries(Object.entries(chinaContext).filter(([k]) => k !== key));
    expect(() => synth(without('iamCertificateId'))).toThrow(/iamCertificateId/);
    expect(() => synth({ ...chinaContext, staffProvider: 'cognito' })).toThrow(/no Cognito user pools/);
    expect(() => synth({ ...chinaContext, mailTransport: 'ses' })).toThrow(/SES is not offered/);
    expect(() => synth({ ...chinaContext, webAclArn: 'arn:aws-cn:wafv2:…' })).toThrow(/WAF cannot sit on CloudFront/);
  });
});

describe('the global profile with mail through SMTP', () => {
  it('keeps Cognito and origin access control, and grants SES nothing when mail goes through SMTP', () => {
    const app = configurationApp({
      mailFrom: 'gongkai@fusong.gov.cn',
      mailTransport: 'smtp',
      smtpHost: 'smtp.fusong.gov.cn',
    });
    const global = Template.fromStack(new GongkaiStack(app, 'Gongkai'));
    global.resourceCountIs('AWS::Cognito::UserPool', 1);
    global.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    expect(JSON.stringify(global.findResources('AWS::IAM::Policy'))).not.toContain('ses:SendEmail');
  });

  it('refuses a quota or an SMTP port that is not a positive whole number, naming it, instead of deploying it', () => {
    for (const [key, value] of [
      ['applyQuotaPerDay', '0'],
      ['applyQuotaPerDay', 'ten'],
      ['smtpPort', '25 '],
    ] as const)
      expect(() => synth({ ...chinaContext, [key]: value })).toThrow(
        new RegExp(`${key} must be a positive whole number`),
      );
    expect(() => synth({ ...chinaContext, applyQuotaPerDay: '20', smtpPort: '587' })).not.toThrow();
  });
});

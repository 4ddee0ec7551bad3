/**
 * What `cdk deploy` makes from cdk/app.ts: the global profile behind the site firewall by default
 * (its web ACL made in us-east-1 and read across regions), opted out only explicitly; the China
 * profile without WAF on CloudFront (its alternative: the origin check, throttles and quotas).
 * Bundling is skipped: these tests look at the stacks, not the functions' code.
 */
import { App, Aspects } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { deployment } from '../../cdk/deployment.ts';
import { GongkaiStack } from '../../cdk/stack.ts';

const noBundling = { 'aws:cdk:bundling-stacks': [] };
const webAclOf = (template: Template) =>
  (Object.values(template.findResources('AWS::CloudFront::Distribution'))[0] as { Properties: any }).Properties
    .DistributionConfig.WebACLId;

describe('the deployment of the global profile', () => {
  it('puts the site firewall on CloudFront by default: a web ACL in us-east-1, read across regions', () => {
    const app = new App({ context: { ...noBundling, region: 'ap-east-1', alarmEmail: 'ops@fusong.gov.cn' } });
    const { main, edge } = deployment(app);
    Aspects.of(app).add(new AwsSolutionsChecks());

    expect(edge?.region).toBe('us-east-1');
    const firewall = Template.fromStack(edge!);
    firewall.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT' });
    const webAcl = JSON.stringify(webAclOf(Template.fromStack(main)));
    expect(webAcl).toContain('SiteFirewallWebAcl');
    // Neither stack is refused at synthesis, and cdk-nag leaves nothing unsuppressed in either.
    for (const stack of [main, edge!]) {
      expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
      expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
    }
  });

  it('uses a web ACL the account already has when given one, and makes none', () => {
    const arn = 'arn:aws:wafv2:us-east-1:111122223333:global/webacl/county/abc';
    const { main, edge } = deployment(new App({ context: { ...noBundling, webAclArn: arn } }));

    expect(edge).toBeUndefined();
    expect(webAclOf(Template.fromStack(main))).toBe(arn);
  });

  it('leaves the site without WAF only when told to, with a warning', () => {
    const { main, edge } = deployment(new App({ context: { ...noBundling, siteFirewall: 'off' } }));

    expect(edge).toBeUndefined();
    expect(webAclOf(Template.fromStack(main))).toBeUndefined();
    expect(Annotations.fromStack(main).findError('*', Match.anyValue())).toEqual([]);
    expect(Annotations.fromStack(main).findWarning('*', Match.stringLikeRegexp('siteFirewall=off'))).toHaveLength(1);
  });

  it('refuses at synthesis a global stack with neither a web ACL nor the explicit opt-out', () => {
    const bare = new GongkaiStack(new App({ context: noBundling }), 'Bare');

    expect(
      Annotations.fromStack(bare).findError('*', Match.stringLikeRegexp('WAF web ACL on CloudFront')),
    ).toHaveLength(1);
  });

  it('asks for the region its cross-region reference needs rather than guessing one', () => {
    const region = process.env.CDK_DEFAULT_REGION;
    delete process.env.CDK_DEFAULT_REGION;
    try {
      expect(() => deployment(new App({ context: noBundling }))).toThrow(/needs the main stack's region/);
    } finally {
      if (region !== undefined) process.env.CDK_DEFAULT_REGION = region;
    }
  });
});

describe('the deployment of the China profile', () => {
  it('makes no firewall stack (WAF cannot sit on CloudFront there) and is not refused for it', () => {
    const { main, edge } = deployment(
      new App({
        context: {
          ...noBundling,
          profile: 'china',
          siteDomain: 'gongkai.fusong.gov.cn',
          iamCertificateId: 'ASCAFUSONGCERTIFICATE',
        },
      }),
    );

    expect(edge).toBeUndefined();
    expect(main.region).toBe('cn-north-1');
    expect(Annotations.fromStack(main).findError('*', Match.anyValue())).toEqual([]);
  });
});

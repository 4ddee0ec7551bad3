import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface SiteFirewallProps {
  /** Requests one address may make in five minutes before it is blocked for a while. */
  ratePerFiveMinutes?: number;
}

/**
 * AWS WAF in front of the site (a web ACL of CloudFront scope, which AWS keeps in us-east-1): a
 * rate-based rule per client address, and AWS's managed common rule set. Blocked requests get
 * WAF's 403; the platform's own per-client quotas apply behind it.
 */
export class SiteFirewall extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, { ratePerFiveMinutes = 1000 }: SiteFirewallProps = {}) {
    super(scope, id);
    const visibility = (metricName: string) => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: true,
    });
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: 'gongkai-site',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('gongkai-site'),
      rules: [
        {
          name: 'per-client-rate',
          priority: 0,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: ratePerFiveMinutes, aggregateKeyType: 'IP' } },
          visibilityConfig: visibility('gongkai-per-client-rate'),
        },
        {
          name: 'aws-common',
          priority: 1,
          overrideAction: { none: {} },
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesCommonRuleSet' } },
          visibilityConfig: visibility('gongkai-aws-common'),
        },
      ],
    });
  }
}

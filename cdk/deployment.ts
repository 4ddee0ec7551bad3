import type { App } from 'aws-cdk-lib';
import { GongkaiEdgeStack } from './edge-stack.ts';
import { GongkaiStack } from './stack.ts';

/**
 * The stacks `cdk deploy` makes, from the app's context. The global profile is protected by the
 * site firewall by default: `GongkaiEdge` makes its WAF web ACL in us-east-1 (where CloudFront's must
 * live) and the main stack reads the ACL's ARN across regions. `-c webAclArn=…` uses an ACL the
 * account already has instead; `-c siteFirewall=off` leaves the site without one, explicitly. The
 * China profile has no WAF on CloudFront: its documented alternative is the origin check, the
 * throttles and the functions' own quotas (README, Security).
 */
export function deployment(app: App): { main: GongkaiStack; edge?: GongkaiEdgeStack } {
  const context = (key: string) => app.node.tryGetContext(key) as string | undefined;
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  // `-c profile=china` deploys to Beijing unless a region is given (`-c region=cn-northwest-1` for Ningxia).
  const china = context('profile') === 'china';
  const region = context('region') ?? (china ? 'cn-north-1' : process.env.CDK_DEFAULT_REGION);
  const ownFirewall =
    !china && !region?.startsWith('cn-') && !context('webAclArn') && context('siteFirewall') !== 'off';
  if (ownFirewall && !region)
    throw new Error(
      "The site firewall is a stack in us-east-1 whose web ACL the main stack reads across regions, which needs the main stack's region: set AWS_REGION (or -c region=…), or give -c webAclArn=…, or opt out with -c siteFirewall=off.",
    );
  const edge = ownFirewall
    ? new GongkaiEdgeStack(app, 'GongkaiEdge', {
        description: '公开 gongkai: the site firewall (WAF for CloudFront, us-east-1)',
        env: { account, region: 'us-east-1' },
        crossRegionReferences: true,
      })
    : undefined;
  const main = new GongkaiStack(app, 'Gongkai', {
    description: '公开 gongkai: open government information platform',
    env: { account, region },
    ...(edge && { crossRegionReferences: true, webAclArn: edge.webAclArn }),
  });
  return { main, ...(edge && { edge }) };
}

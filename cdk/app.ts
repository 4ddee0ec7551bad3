import { App, Aspects } from 'aws-cdk-lib';
import { GongkaiEdgeStack } from './edge-stack.ts';
import { GongkaiStack } from './stack.ts';
import { AwsSolutionsChecks } from 'cdk-nag';

const app = new App();
// `-c profile=china` deploys to Beijing unless a region is given (`-c region=cn-northwest-1` for Ningxia).
const china = app.node.tryGetContext('profile') === 'china';
const region =
  (app.node.tryGetContext('region') as string | undefined) ?? (china ? 'cn-north-1' : process.env.CDK_DEFAULT_REGION);
new GongkaiStack(app, 'Gongkai', {
  description: '公开 gongkai: open government information platform',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region },
});
// CloudFront's WAF web ACL lives in us-east-1: a stack of its own, deployed when asked for (not in China,
// where WAF cannot sit on CloudFront).
if (app.node.tryGetContext('edgeWaf') && !china)
  new GongkaiEdgeStack(app, 'GongkaiEdge', {
    description: '公开 gongkai: the site firewall (WAF for CloudFront, us-east-1)',
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: 'us-east-1' },
  });
Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));

import { App, Aspects } from 'aws-cdk-lib';
import { GongkaiEdgeStack } from './edge-stack.ts';
import { GongkaiStack } from './stack.ts';
import { AwsSolutionsChecks } from 'cdk-nag';

const app = new App();
new GongkaiStack(app, 'Gongkai', {
  description: '公开 gongkai: open government information platform',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
// CloudFront's WAF web ACL lives in us-east-1: a stack of its own, deployed when asked for.
if (app.node.tryGetContext('edgeWaf'))
  new GongkaiEdgeStack(app, 'GongkaiEdge', {
    description: '公开 gongkai: the site firewall (WAF for CloudFront, us-east-1)',
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: 'us-east-1' },
  });
Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));

import { App, Aspects } from 'aws-cdk-lib';
import { GongkaiStack } from './stack.ts';
import { AwsSolutionsChecks } from 'cdk-nag';

const app = new App();
new GongkaiStack(app, 'Gongkai', {
  description: '公开 gongkai: open government information platform',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));

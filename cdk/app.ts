import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { deployment } from './deployment.ts';

const app = new App();
deployment(app);
Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));

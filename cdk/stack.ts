import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Api } from './constructs/api.ts';
import { Data } from './constructs/data.ts';
import { Functions } from './constructs/functions.ts';
import { Operations } from './constructs/operations.ts';
import { SiteDelivery } from './constructs/site-delivery.ts';
import { StaffIdentity } from './constructs/staff-identity.ts';
import { suppressStandingFindings } from './nag.ts';

/**
 * The platform in one stack, of the parts named for what they are. Context values:
 * `siteDomain` and `authDomainPrefix` (the site's own domain and the hosted sign-in, e.g.
 * `cdk deploy -c siteDomain=gk.fusong.gov.cn -c authDomainPrefix=fusong-gongkai`), and `mailFrom`
 * (the verified SES sender; without one, letters are still issued and e-mail stays in each outbox),
 * `alarmEmail` (who the alarms reach).
 */
export class GongkaiStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const context = (key: string) => this.node.tryGetContext(key) as string | undefined;
    const siteDomain = context('siteDomain');

    const data = new Data(this, 'Data');
    const identity = new StaffIdentity(this, 'StaffIdentity', {
      siteDomain,
      authDomainPrefix: context('authDomainPrefix'),
    });
    const functions = new Functions(this, 'Functions', {
      data,
      mailFrom: context('mailFrom'),
      staffDirectory: {
        provider: 'cognito',
        userPoolArn: identity.userPool.userPoolArn,
        userPoolId: identity.userPool.userPoolId,
      },
    });
    const api = new Api(this, 'Api', { functions: functions.byName, identity });
    const site = new SiteDelivery(this, 'SiteDelivery', {
      data,
      api,
      siteDomain,
      consoleConfig: identity.consoleConfig,
    });
    new Operations(this, 'Operations', {
      functions: functions.byName,
      api,
      table: data.table,
      alarmEmail: context('alarmEmail'),
    });

    suppressStandingFindings(this, site.distribution);
    new CfnOutput(this, 'SiteUrl', { value: `https://${site.distribution.distributionDomainName}` });
    new CfnOutput(this, 'ApiUrl', { value: api.httpApi.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: identity.userPool.userPoolId });
    // What `npm run first-admin` needs to reach the deployment.
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'StaffProvider', { value: 'cognito' });
    new CfnOutput(this, 'Region', { value: this.region });
    new CfnOutput(this, 'ConsoleClientId', { value: identity.consoleClient.userPoolClientId });
  }
}

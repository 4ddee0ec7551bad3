import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { type CfnStage, HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { deployedRoutes, type RouteSpec } from '#routes';
import type { DeployedFunction } from '../functions.ts';
import type { GongkaiFunction } from './gongkai-function.ts';
import { pin } from './pin.ts';
import type { StaffIdentity } from './staff-identity.ts';

export interface ApiProps {
  functions: Record<DeployedFunction, GongkaiFunction>;
  identity: StaffIdentity;
}

/** The HTTP API: every route of the one route table on its function, staff routes behind the JWT authoriser. */
export class Api extends Construct {
  readonly httpApi: HttpApi;

  constructor(scope: Construct, id: string, { functions, identity }: ApiProps) {
    super(scope, id);
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.SIX_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.httpApi = new HttpApi(this, 'Api', { apiName: 'gongkai', createDefaultStage: false });
    pin(this.httpApi, 'ApiF70053CD');
    const stage = new HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 100, burstLimit: 200 },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
    });
    // Citizens' writes and code checks get tighter limits than the stage default.
    (stage.node.defaultChild as CfnStage).routeSettings = Object.fromEntries(
      (deployedRoutes as RouteSpec[])
        .filter((route) => route.auth === 'public' && route.method !== 'GET')
        // RouteSettings is JSON-typed in CloudFormation: the CDK passes keys through, so they are PascalCase here.
        .map((route) => [`${route.method} ${route.path}`, { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 }]),
    );
    const authorizer = new HttpUserPoolAuthorizer('StaffAuthorizer', identity.userPool, {
      userPoolClients: [identity.consoleClient],
    });
    const integrations = new Map<string, HttpLambdaIntegration>();
    for (const route of deployedRoutes as RouteSpec[]) {
      const fn = route.fn as Exclude<DeployedFunction, 'sweep' | 'mailer' | 'jobs' | 'renderer'>;
      if (!integrations.has(fn)) integrations.set(fn, new HttpLambdaIntegration(`${fn}Integration`, functions[fn]));
      const [httpRoute] = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integrations.get(fn)!,
        ...(route.auth === 'staff' && { authorizer }),
      });
      if (route.auth === 'public') {
        NagSuppressions.addResourceSuppressions(
          httpRoute!,
          [
            {
              id: 'AwsSolutions-APIG4',
              reason:
                'A citizen route: anyone may apply and follow an application without an account (条例27); staff routes use the JWT authoriser.',
            },
          ],
          true,
        );
      }
    }
  }

  /** 5xx answers over five minutes. */
  metricServerError() {
    return this.httpApi.metricServerError({ period: Duration.minutes(5) });
  }
}

import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  type CfnStage,
  HttpApi,
  HttpMethod,
  HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { deployedRoutes, proxyRoutes, type RouteSpec } from '#routes';
import type { DeployedFunction } from '../functions.ts';
import type { DeployedFunctions } from './functions.ts';
import { pin } from './pin.ts';

/**
 * The HTTP API: every route of the one route table on its function, staff routes behind the JWT
 * authoriser; and the prefixes handed whole to a function (the platform's own sign-in, where it exists).
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  private readonly stage: HttpStage;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.SIX_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.httpApi = new HttpApi(this, 'Api', { apiName: 'gongkai', createDefaultStage: false });
    pin(this.httpApi, 'ApiF70053CD');
    const stage = (this.stage = new HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 100, burstLimit: 200 },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
    }));
    // Citizens' writes and code checks get tighter limits than the stage default.
    (stage.node.defaultChild as CfnStage).routeSettings = Object.fromEntries(
      (deployedRoutes as RouteSpec[])
        .filter((route) => route.auth === 'public' && route.method !== 'GET')
        // RouteSettings is JSON-typed in CloudFormation: the CDK passes keys through, so they are PascalCase here.
        .map((route) => [`${route.method} ${route.path}`, { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 }]),
    );
  }

  /**
   * The routes, once the authoriser is known (the platform's own issuer is the site's address, so
   * it comes after the distribution, which only needs the API's id).
   */
  addRoutes(functions: DeployedFunctions, authorizer: IHttpRouteAuthorizer) {
    const integrations = new Map<string, HttpLambdaIntegration>();
    for (const route of deployedRoutes as RouteSpec[]) {
      const fn = route.fn as Exclude<DeployedFunction, 'sweep' | 'mailer' | 'jobs' | 'renderer' | 'privacy' | 'signin'>;
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
    for (const proxy of proxyRoutes) {
      const fn = functions[proxy.fn as 'signin'];
      if (!fn) continue; // the provider it belongs to is not this deployment's
      const settings = this.stage.node.defaultChild as CfnStage;
      // Each password check costs scrypt's time and memory: the sign-in gets the citizens' tighter limit.
      settings.routeSettings = {
        ...(settings.routeSettings as object),
        [`ANY ${proxy.prefix}/{proxy+}`]: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      };
      const [route] = this.httpApi.addRoutes({
        path: `${proxy.prefix}/{proxy+}`,
        methods: [HttpMethod.ANY],
        integration: new HttpLambdaIntegration(`${proxy.fn}Integration`, fn),
      });
      NagSuppressions.addResourceSuppressions(route!, [
        {
          id: 'AwsSolutions-APIG4',
          reason:
            'The sign-in itself (the OpenID provider): it is where a token is obtained, so it cannot require one.',
        },
      ]);
    }
  }

  /** 5xx answers over five minutes. */
  metricServerError() {
    return this.httpApi.metricServerError({ period: Duration.minutes(5) });
  }
}

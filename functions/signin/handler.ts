import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'aws-lambda';
import serverless from 'serverless-http';
import { clientAddress } from '#lib/client-address.ts';
import { isTransientConflict } from '#lib/dynamo-errors.ts';
import type { HttpEvent, HttpResult } from '#lib/http.ts';
import { errorFields, invocation, log } from '#lib/log.ts';
import { cameThroughCloudFront, notThroughSite } from '#lib/origin.ts';
import { interaction } from './interaction.ts';
import { oidcMountPath as mountPath } from '#core/sign-in.ts';
import { createProvider } from './provider.ts';
import { messagePage, pageHeaders } from './pages.ts';

/**
 * Staff sign-in (`/oidc/*`): the platform's own OpenID provider, a Koa application, served through
 * `serverless-http`; its interaction pages (`/oidc/interaction/…`) are ours. The provider is made
 * once per instance, on first use (it needs the site's address and its keys from the table).
 */
let ready: ReturnType<typeof createProvider> | undefined;

async function app(req: IncomingMessage & { originalUrl?: string }, res: ServerResponse) {
  ready ??= createProvider().catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  const { provider, issuer, serve: handle } = await ready;
  // CloudFront and API Gateway each change Host: the provider sees the address of its issuer.
  req.headers['x-forwarded-host'] = issuer.host;
  req.headers['x-forwarded-proto'] = issuer.protocol.replace(':', '');
  // serverless-http marks every request as arriving encrypted; Koa believes that before the header.
  Object.defineProperty(req.socket, 'encrypted', { value: issuer.protocol === 'https:', configurable: true });
  const url = req.url ?? '/';
  if (url.startsWith(`${mountPath}/interaction/`)) return interaction(provider, req, res);
  // Mounted below the site's root: the provider reads its own routes from `url`, its mount from `originalUrl`.
  req.originalUrl = url;
  req.url = url.slice(mountPath.length) || '/';
  return handle(req, res);
}

const serve = serverless(app);

export const handler = (event: HttpEvent, context: Context): Promise<HttpResult> =>
  invocation('signin', { requestId: event.requestContext.requestId, lambdaRequestId: context.awsRequestId }, () =>
    signIn(event, context),
  );

async function signIn(event: HttpEvent, context: Context): Promise<HttpResult> {
  const started = Date.now();
  if (!cameThroughCloudFront(event.headers))
    return { statusCode: 403, headers: pageHeaders, body: messagePage('无法访问', notThroughSite) };
  try {
    // The sign-in's limits count attempts by the client's address: the viewer's, not CloudFront's.
    const requestContext = {
      ...event.requestContext,
      http: { ...event.requestContext.http, sourceIp: clientAddress(event) },
    };
    const result = (await serve({ ...event, requestContext, body: event.body ?? '' }, context)) as HttpResult;
    // The provider answers its own failures (a throttled table read, say) with 500: to the caller they are a 503.
    if (result.statusCode === 500)
      Object.assign(result, { statusCode: 503, headers: { ...result.headers, 'retry-after': '5' } });
    log.info('request', { route: 'signin', status: result.statusCode, ms: Date.now() - started });
    return result;
  } catch (error) {
    log.error('sign-in failed', { route: 'signin', ...errorFields(error) });
    return {
      statusCode: 503,
      headers: { ...pageHeaders, 'retry-after': '5' },
      body: messagePage(
        '服务暂时不可用',
        isTransientConflict(error) ? '登录服务繁忙，请稍后重试。' : '登录服务暂时不可用，请稍后重试。',
        { href: '/staff/', text: '返回工作平台' },
      ),
    };
  }
}

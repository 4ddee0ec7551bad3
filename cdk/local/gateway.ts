/**
 * The local stand-in for API Gateway (HTTP API) and CloudFront: turns requests into API Gateway v2
 * events for the real handlers, following the route table; checks staff tokens as the JWT
 * authoriser does; serves web/ and the site bucket with the site's security headers.
 */
import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { GetObjectCommand, NoSuchKey } from '@aws-sdk/client-s3';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { modeSheet } from '#core/pages/layout.ts';
import type { HttpEvent } from '#lib/http.ts';
import { s3 } from '#lib/s3.ts';
import { proxyRoutes, routeKey, routes, type FunctionName, type ProxyRoute, type RouteSpec } from '#routes';
import { apiDocsPage, openApiDocument } from '../openapi.ts';
import { contentSecurityPolicyFor, siteHeaders } from '#lib/site-headers.ts';
import { buildWebBundles, webDir } from '../bundling.ts';
import { functionSpecs, type DeployedFunction } from '../functions.ts';
import { siteRequest } from './edge.ts';
import { actingAs } from './table-access.ts';

type Handler = (event: HttpEvent, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export interface GatewayOptions {
  /** The claims of a valid staff token, or undefined (as the JWT authoriser decides). */
  verifyToken: (token: string) => Promise<Record<string, string> | undefined>;
  siteBucket: string;
  /** Loads a function's handler (platform.ts imports functions/<fn>/handler.ts, or the local dev handler). */
  loadHandler: (fn: FunctionName) => Promise<Handler>;
  /** Local-only pages (the dev sign-in), by path. */
  pages?: Record<string, () => string>;
  /** Pages shown only while the site bucket has nothing at that path (the landing before a site exists). */
  placeholders?: Record<string, () => string>;
}

/** What the deployment leaves out of web/ (cdk/constructs/site-delivery.ts), the gateway does not serve. */
const notServed = /^(editor[/\\]|tsconfig\.json$)/;
const maxBodyBytes = 10 * 1024 * 1024; // API Gateway's payload limit
const textTypes = /^(text\/|application\/(json|x-www-form-urlencoded|xml|javascript))/;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.pdf': 'application/pdf',
  '.atom': 'application/atom+xml; charset=utf-8',
};

interface CompiledRoute {
  route: RouteSpec;
  pattern: RegExp;
  names: string[];
}

function compile(route: RouteSpec): CompiledRoute {
  const names: string[] = [];
  // Literal text is escaped, path variables become groups: `{name}` one segment, `{name+}` the rest.
  const source = route.path
    .split(/(\{\w+\+?\})/)
    .map((part) => {
      const variable = /^\{(\w+)(\+?)\}$/.exec(part);
      if (!variable) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      names.push(variable[1]!);
      return variable[2] ? '(.+)' : '([^/]+)';
    })
    .join('');
  return { route, pattern: new RegExp(`^${source}$`), names };
}

/** API Gateway's own answers (its text, not ours): what the deployed API says in the same cases. */
const gatewayError = (statusCode: number, message: string) => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ message }),
});

async function readBody(request: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Read to the end even past the limit (discarding it), so the client gets the 413 rather than a reset.
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size <= maxBodyBytes) chunks.push(chunk as Buffer);
  }
  return size > maxBodyBytes ? 'too-large' : Buffer.concat(chunks);
}

function headerMap(request: IncomingMessage) {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headersDistinct)) {
    if (name !== 'cookie' && value) headers[name] = value.join(',');
  }
  return headers;
}

function buildEvent(
  request: IncomingMessage,
  url: URL,
  match: CompiledRoute,
  values: string[],
  body: Buffer,
  claims?: Record<string, string>,
): HttpEvent {
  const now = new Date();
  const headers = headerMap(request);
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = key in query ? `${query[key]},${value}` : value;
  const pathParameters = Object.fromEntries(match.names.map((name, i) => [name, decodeURIComponent(values[i]!)]));
  const text = textTypes.test(headers['content-type'] ?? '');
  const key = routeKey(match.route);
  return {
    version: '2.0',
    routeKey: key,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    cookies: request.headers.cookie?.split(/;\s*/),
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters: match.names.length ? pathParameters : undefined,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: request.method ?? match.route.method,
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: key,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      ...(claims && { authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: [] } } }),
    },
    body: body.length ? (text ? body.toString('utf8') : body.toString('base64')) : undefined,
    isBase64Encoded: body.length > 0 && !text,
  } as HttpEvent;
}

/** The function's own timeout, as in AWS (the local-only routes, such as the sweep on demand, get the sweep's). */
const timeoutMs = (fn: string) => (functionSpecs[fn as DeployedFunction] ?? functionSpecs.sweep).timeoutSeconds * 1000;

function lambdaContext(fn: string, requestId: string): Context {
  const deadline = Date.now() + timeoutMs(fn);
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `gongkai-${fn}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:gongkai-${fn}`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/gongkai-${fn}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done() {},
    fail() {},
    succeed() {},
  };
}

function send(response: ServerResponse, result: APIGatewayProxyStructuredResultV2, head: boolean) {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  const body =
    result.body === undefined ? Buffer.alloc(0) : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  headers['content-length'] = String(body.length);
  response.writeHead(result.statusCode ?? 200, headers);
  response.end(head ? undefined : body);
}

/** Maps a URL path to a safe relative key, or undefined for anything that tries to climb out. */
function staticKey(pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const key = normalize(decoded.endsWith('/') ? `${decoded}index.html` : decoded).replace(/^[/\\]+/, '');
  if (key.startsWith('..') || key.split(sep).includes('..')) return undefined;
  return key;
}

export function createGateway(options: GatewayOptions): Server {
  buildWebBundles();
  // As API Gateway does, a literal segment beats a path variable, and a variable beats a greedy one.
  const specificity = (c: CompiledRoute) => (c.route.path.match(/\{\w+\+\}/g)?.length ?? 0) * 100 + c.names.length;
  const compiled = routes.map((route) => compile(route as RouteSpec)).sort((a, b) => specificity(a) - specificity(b));
  const handlers = new Map<FunctionName, Promise<Handler>>();
  const handlerFor = (fn: FunctionName) => {
    if (!handlers.has(fn)) handlers.set(fn, options.loadHandler(fn));
    return handlers.get(fn)!;
  };
  const document = openApiDocument({ local: true });
  const localPages: Record<string, () => string> = {
    '/api/openapi.json': () => JSON.stringify(document, null, 2),
    '/api/docs.html': () => apiDocsPage(document),
    ...options.pages,
  };

  async function api(request: IncomingMessage, url: URL) {
    const method = request.method ?? 'GET';
    const match = compiled.find((c) => c.route.method === method && c.pattern.test(url.pathname));
    if (!match) return gatewayError(404, 'Not Found'); // HTTP API answers an unmatched method the same way
    const body = await readBody(request);
    if (body === 'too-large') return gatewayError(413, 'Request Entity Too Large');
    let claims: Record<string, string> | undefined;
    if (match.route.auth === 'staff') {
      const [scheme, token] = (request.headers.authorization ?? '').split(' ');
      claims = scheme?.toLowerCase() === 'bearer' && token ? await options.verifyToken(token) : undefined;
      if (!claims) return gatewayError(401, 'Unauthorized');
    }
    let event: HttpEvent;
    try {
      event = buildEvent(request, url, match, match.pattern.exec(url.pathname)!.slice(1), body, claims);
    } catch {
      return gatewayError(400, 'Bad Request');
    }
    const handler = await handlerFor(match.route.fn);
    const { requestId } = event.requestContext;
    let result: APIGatewayProxyStructuredResultV2;
    try {
      const fn = match.route.fn;
      const invoke = () => handler(event, lambdaContext(fn, requestId));
      result = await (fn === 'dev' ? invoke() : actingAs(fn, invoke));
    } catch {
      result = gatewayError(500, 'Internal Server Error'); // an unhandled handler error, as API Gateway reports it
    }
    // As the HTTP API does: the request's id (which the function's log lines carry) in a header of the answer.
    return { ...result, headers: { ...result.headers, 'apigw-requestid': requestId } };
  }

  /** A prefix handed whole to its function (`ANY /oidc/{proxy+}`), as the HTTP API does. */
  async function proxy(request: IncomingMessage, url: URL, route: ProxyRoute) {
    const body = await readBody(request);
    if (body === 'too-large') return gatewayError(413, 'Request Entity Too Large');
    const spec = { method: 'ANY', path: `${route.prefix}/{proxy+}`, fn: route.fn } as unknown as RouteSpec;
    let event: HttpEvent;
    try {
      event = buildEvent(
        request,
        url,
        { route: spec, pattern: /^/, names: ['proxy'] },
        [url.pathname.slice(route.prefix.length + 1)],
        body,
      );
    } catch {
      return gatewayError(400, 'Bad Request');
    }
    const handler = await handlerFor(route.fn);
    try {
      return await actingAs(route.fn, () => handler(event, lambdaContext(route.fn, event.requestContext.requestId)));
    } catch {
      return gatewayError(500, 'Internal Server Error');
    }
  }

  /** `uri`: the path the site's CloudFront Function chose for the request's. */
  async function site(request: IncomingMessage, url: URL, uri: string): Promise<APIGatewayProxyStructuredResultV2> {
    const key = staticKey(uri);
    if (key === undefined) return { statusCode: 400, body: 'Bad Request' };
    const page = localPages[url.pathname];
    if (page)
      return {
        statusCode: 200,
        headers: { 'content-type': contentTypes[extname(url.pathname)] ?? contentTypes['.html']! },
        body: page(),
      };
    const type = contentTypes[extname(key)] ?? 'application/octet-stream';
    const file = join(webDir, key);
    if (
      !notServed.test(key) &&
      (await stat(file).then(
        (s) => s.isFile(),
        () => false,
      ))
    ) {
      return {
        statusCode: 200,
        headers: { 'content-type': type },
        body: (await readFile(file)).toString('base64'),
        isBase64Encoded: true,
      };
    }
    try {
      const object = await s3.send(new GetObjectCommand({ Bucket: options.siteBucket, Key: key }));
      const bytes = await object.Body!.transformToByteArray();
      return {
        statusCode: 200,
        headers: {
          'content-type': object.ContentType ?? type,
          ...(object.ContentDisposition && { 'content-disposition': object.ContentDisposition }),
        },
        body: Buffer.from(bytes).toString('base64'),
        isBase64Encoded: true,
      };
    } catch (error) {
      if (!(error instanceof NoSuchKey) && (error as { name?: string }).name !== 'NoSuchKey') throw error;
      const placeholder = options.placeholders?.[url.pathname];
      if (placeholder)
        return { statusCode: 200, headers: { 'content-type': contentTypes['.html']! }, body: placeholder() };
      // As CloudFront's origin group does: the bucket lacks it, so the API's fallback answers (the site's 404 page).
      return api(request, new URL(`/api/site/not-found${url.pathname}`, url));
    }
  }

  // A client reuses an idle connection for at most the time advertised (`Keep-Alive: timeout=5`).
  // The server closes it a minute after that, not a second: a request sent on it when the process
  // has run no timers for a while (a loaded machine) then finds it open, never reset.
  return createServer({ keepAliveTimeout: 5_000, keepAliveTimeoutBuffer: 60_000 }, async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    try {
      const proxied = proxyRoutes.find((p) => url.pathname.startsWith(`${p.prefix}/`));
      const isRouted = (path: string) => compiled.some((c) => c.pattern.test(path));
      // As CloudFront does, the site's function sees a request outside /api/ first and chooses the
      // path: a function's page typed with a slash after it (/apply/) is the page, a directory typed
      // without one (/search) its index.
      const uri = url.pathname.startsWith('/api/') ? url.pathname : siteRequest(request, url.pathname);
      if (proxied) {
        send(response, await proxy(request, url, proxied), method === 'HEAD');
      } else if ((url.pathname.startsWith('/api/') || isRouted(url.pathname)) && !localPages[url.pathname]) {
        send(response, await api(request, url), method === 'HEAD');
      } else if (uri !== url.pathname && isRouted(uri)) {
        send(response, await api(request, new URL(`${uri}${url.search}`, url)), method === 'HEAD');
      } else if (method === 'GET' || method === 'HEAD') {
        const result = await site(request, url, uri);
        if (url.pathname === modeSheet.path)
          result.headers = { ...result.headers, 'cache-control': modeSheet.cacheControl, vary: modeSheet.vary };
        // The staff console uploads answer files straight to the private bucket, as CloudFront's /staff/* policy allows.
        const csp = url.pathname.startsWith('/staff/')
          ? contentSecurityPolicyFor(process.env.AWS_ENDPOINT_URL_S3)
          : siteHeaders['Content-Security-Policy']!;
        send(
          response,
          { ...result, headers: { ...siteHeaders, 'Content-Security-Policy': csp, ...result.headers } },
          method === 'HEAD',
        );
      } else {
        send(response, gatewayError(405, 'Method Not Allowed'), false);
      }
    } catch {
      send(
        response,
        {
          statusCode: 503,
          headers: { 'content-type': 'text/plain; charset=utf-8' },
          body: '服务暂时不可用，请稍后重试。',
        },
        false,
      );
    }
  });
}

/**
 * The pipeline every HTTP function shares: official middy middlewares around one router that finds
 * the route by `routeKey`, authorises staff, validates input and output against the route table's
 * schemas and calls the operation. Handlers supply only their operations.
 */
import middy, { type MiddlewareObj } from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
import httpEventNormalizer from '@middy/http-event-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpUrlEncodeBodyParser from '@middy/http-urlencode-body-parser';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import type { StaffIdentity } from '#core/staff.ts';
import { apiAnswerMs, routeKey, type RouteSchemas, type RouteSpec } from './route-spec.ts';
import { signedIn, type StaffLookup } from './auth.ts';
import { clientAddress } from './client-address.ts';
import { httpCors } from './cors.ts';
import { env } from './config.ts';
import { BadCursorError, isTransientConflict, WriteContention } from './dynamo-errors.ts';
import {
  type FieldError,
  badRequest,
  busy,
  forbidden,
  HttpError,
  notFound,
  timedOut,
  unauthorized,
  unavailable,
} from './errors.ts';
import { lowerCaseHeaderNames } from './header-names.ts';
import { errorFields, invocation, log } from './log.ts';
import { Reply } from './reply.ts';
import { httpSecurityHeaders } from './security-headers.ts';
import { answering } from './request-scope.ts';
import { cameThroughCloudFront, notThroughSite } from './origin.ts';
import { parseRequestPart, parseWith } from './validate.ts';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

type Out<S> = S extends z.core.$ZodType ? z.output<S> : undefined;

/** A route's schemas, as its `schemas` builds them. */
type Schemas<R extends RouteSpec> = ReturnType<R['schemas']>;

export interface OperationInput<R extends RouteSpec> {
  params: Out<Schemas<R>['params']>;
  query: Out<Schemas<R>['query']>;
  body: Out<Schemas<R>['body']>;
  /** Present on staff routes, after the role check. */
  staff: R['auth'] extends 'staff' ? StaffIdentity : undefined;
  requestId: string;
  headers: Record<string, string | undefined>;
  cookies: string[];
  /** True when the body came from a plain HTML form post (application/x-www-form-urlencoded). */
  fromForm: boolean;
  /** The client's address: CloudFront's viewer address when behind it, else the connection's. */
  clientIp: string;
  /** Milliseconds before the function's time runs out (work that can stop part-way sizes itself by it). */
  timeLeft: () => number;
}

type Response<R extends RouteSpec> = z.input<Schemas<R>['response']>;

/** The operations one function must implement: exactly its entries of the route table. */
export type Operations<Routes extends readonly RouteSpec[]> = {
  [R in Routes[number] as R['operationId']]: (input: OperationInput<R>) => Promise<Response<R> | Reply>;
};

/**
 * For routes that take plain form posts: how the form's fields map to the JSON shape, and the page
 * to show instead of a JSON error, with the fields at fault next to what the person typed.
 */
export interface FormHandling {
  adapt?: (body: Record<string, unknown>) => Record<string, unknown>;
  /** What the person sees instead (a page, or a redirect to one: Post/Redirect/Get), given the request's cookies and headers. */
  errorPage: (
    error: HttpError,
    values: unknown,
    request: { cookies: string[]; headers: Record<string, string | undefined> },
  ) => Reply | Promise<Reply>;
}
export type Forms<Routes extends readonly RouteSpec[]> = Partial<Record<Routes[number]['operationId'], FormHandling>>;

export const maxBodyBytes = 256 * 1024; // generous for any form here; uploads go to S3 directly

const isBranch = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `a.b=1&a.c=2` as the form posts it → { a: { b: '1', c: '2' } }; empty fields are absent. A field
 * that would nest under another field's value (`a=1&a.b=2`) is dropped: the schema then names what
 * is missing, where assigning into a string would have thrown.
 */
export function unflatten(flat: Record<string, unknown>): Record<string, unknown> {
  const nested: Record<string, unknown> = {};
  fields: for (const [path, value] of Object.entries(flat)) {
    if (value === '' || (Array.isArray(value) && value.length === 0)) continue;
    const parts = path.split('.');
    if (parts.some((part) => part === '__proto__' || part === 'constructor' || part === 'prototype')) continue;
    let node = nested;
    for (const part of parts.slice(0, -1)) {
      const next = Object.hasOwn(node, part) ? node[part] : (node[part] = {});
      if (!isBranch(next)) continue fields;
      node = next;
    }
    const last = parts.at(-1)!;
    if (!(Object.hasOwn(node, last) && isBranch(node[last]))) node[last] = value;
  }
  return nested;
}

const fallbackBody = JSON.stringify({
  code: 'internal',
  message: '服务器内部错误，请稍后重试。如问题持续，请联系本机关政府信息公开工作机构。',
});

/** Chinese messages for the errors the official body parsers raise (their own text is English). */
const parserMessages: Record<number, string> = {
  415: '不支持的内容类型：请以 JSON（application/json）或表单（application/x-www-form-urlencoded）提交。',
  422: '请求内容无法解析，请检查格式（JSON 或表单）。',
};

const networkErrorCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);
const throttlingErrors = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'SlowDown',
]);

/** A storage service that is down or throttling: the request did nothing and may be retried. */
function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code, $metadata } = error as Error & { code?: string; $metadata?: { httpStatusCode?: number } };
  return (
    networkErrorCodes.has(code ?? '') ||
    throttlingErrors.has(error.name) ||
    (error.cause instanceof Error && isUnavailable(error.cause)) ||
    ($metadata?.httpStatusCode ?? 0) >= 500
  );
}

/**
 * The error each failed request met, as thrown: the official error handler replaces an unexposed
 * one with its generic fallback before the access log runs.
 */
const failures = new WeakMap<object, unknown>();

/** Turns every error into a JSON body `{ code, message, errors? }` before the official handler writes it. */
const errorBody = (): MiddlewareObj<HttpEvent, HttpResult> => ({
  onError: (request) => {
    failures.set(request.event, request.error);
    let error = request.error as (Error & { statusCode?: number; expose?: boolean }) | null;
    if (error && !(error instanceof HttpError)) {
      if (error.statusCode && error.expose)
        error = new HttpError(error.statusCode, parserMessages[error.statusCode] ?? '请求有误。');
      else if (error instanceof WriteContention || isTransientConflict(error)) error = busy(error);
      // The function's own time ran out (middy's early timeout), or a storage call's: the work may
      // have been done or not, so the answer says so rather than claiming nothing happened.
      else if (error.name === 'TimeoutError') error = timedOut(error);
      // The core's CalendarGapError: a date in a year whose holidays are not entered. Its message
      // says which year and that an administrator must enter it; nothing was changed.
      else if ((error as { code?: unknown }).code === 'calendar-gap')
        error = new HttpError(409, error.message, [], { cause: error, code: 'calendar-gap' });
      // A `?cursor=` that is not one this list issued (dynamo.ts decodeCursor).
      else if (error instanceof BadCursorError)
        error = badRequest('分页参数无效，请从第一页重新查询。', [{ field: 'query.cursor', message: '分页参数无效' }]);
      else if (isUnavailable(error)) error = unavailable(error);
    }
    if (error instanceof HttpError) {
      const body = {
        code: error.code,
        message: error.message,
        ...(error.fields.length && { errors: error.fields }),
        ...(error.findings && { findings: error.findings }),
      };
      request.error = Object.assign(error, { message: JSON.stringify(body), expose: true });
    }
  },
});

/**
 * One line per request: route, status and time, with the invocation's context (the function, cold
 * start, API Gateway's and Lambda's request ids) as on every line. Nothing from the request's content;
 * a 5xx adds the error's name, code, cause chain and stack, with personal-looking data masked
 * (`errorFields`).
 */
const accessLog = (): MiddlewareObj<HttpEvent, HttpResult, Error, Context> => {
  const started = new WeakMap<object, number>();
  const write = (request: { event: HttpEvent; context: Context; response?: HttpResult | null; error: unknown }) => {
    const status = request.response?.statusCode ?? 500;
    const fields = {
      route: request.event.routeKey,
      status,
      ms: Math.round(performance.now() - (started.get(request.event) ?? 0)),
    };
    if (status >= 500)
      log.error('request failed', { ...fields, ...errorFields(failures.get(request.event) ?? request.error) });
    else log.info('request', fields);
  };
  return {
    before: (request) => void started.set(request.event, performance.now()),
    after: write,
    onError: write,
  };
};

/** The staff member a staff route's request comes from, with a role the route allows. */
async function authorise(event: HttpEvent, route: RouteSpec, staffOf: StaffLookup): Promise<StaffIdentity> {
  const who = signedIn(event.requestContext.authorizer?.jwt?.claims);
  if (!who) throw unauthorized();
  const staff = await staffOf(who);
  if (route.roles && !staff.roles.some((role) => route.roles!.includes(role))) throw forbidden();
  return staff;
}

function parseInput(schemas: RouteSchemas, event: HttpEvent) {
  const errors: FieldError[] = [];
  const part = (schema: z.core.$ZodType | undefined, value: unknown, name: string) => {
    if (!schema) return undefined;
    const parsed = parseRequestPart(schema, value ?? {}, name);
    if (parsed.ok) return parsed.data;
    errors.push(...parsed.errors);
  };
  if (schemas.body && typeof event.body === 'string') throw new HttpError(415, parserMessages[415]!);
  const input = {
    params: part(schemas.params, event.pathParameters, 'params'),
    query: part(schemas.query, event.queryStringParameters, 'query'),
    body: part(schemas.body, event.body, 'body'),
  };
  if (errors.length) throw badRequest(`请求内容有误：${errors.map((e) => e.message).join('；')}`, errors);
  return input;
}

export const json = (statusCode: number, body: unknown): HttpResult => ({
  statusCode,
  headers: {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  },
  body: JSON.stringify(body),
});

const isForm = (event: HttpEvent) => /^application\/x-www-form-urlencoded/i.test(event.headers?.['content-type'] ?? '');

/** Runs a body parser only when there is a body: a bodiless GET with a stray Content-Type is fine. */
const whenBody = (parser: MiddlewareObj<HttpEvent, HttpResult>): MiddlewareObj<HttpEvent, HttpResult> => ({
  before: (request) => (request.event.body ? parser.before?.(request) : undefined),
});

const utf8 = new TextDecoder('utf-8', { fatal: true });
const notUtf8 = () => new HttpError(400, '提交的内容含有无法识别的字符（不是 UTF-8 编码），请检查后重新提交。');

/**
 * The body as text, or the refusal: an oversized body, or one that is not UTF-8 text, is refused
 * before any parser reads it. Bytes that
 * arrive base64-encoded are decoded strictly, and text that already carries U+FFFD (what a lenient
 * decoder puts for bytes it could not read) is refused rather than stored as it stands.
 */
export function checkBody(body: string, isBase64Encoded: boolean): string {
  const size = Buffer.byteLength(body, isBase64Encoded ? 'base64' : 'utf8');
  if (size > maxBodyBytes)
    throw new HttpError(413, `提交的内容过大（超过 ${maxBodyBytes / 1024} KB）。附件请通过上传功能提交。`);
  let text = body;
  if (isBase64Encoded) {
    try {
      text = utf8.decode(Buffer.from(body, 'base64'));
    } catch {
      throw notUtf8();
    }
  }
  if (text.includes('\uFFFD')) throw notUtf8();
  return text;
}

const bodyCheck = (): MiddlewareObj<HttpEvent, HttpResult> => ({
  before: ({ event }) => {
    if (!event.body) return;
    event.body = checkBody(event.body, Boolean(event.isBase64Encoded));
    event.isBase64Encoded = false;
  },
});

/**
 * What a function adds to its operations: `forms`, for routes that take plain form posts; `staff`, the
 * lookup of the staff member a token stands for (store/staff-access.ts), which a function with staff
 * routes must give: lib/ sits below store/ and does not read profiles itself.
 */
export interface HandlerOptions<Routes extends readonly RouteSpec[]> {
  forms?: Forms<Routes>;
  staff?: StaffLookup;
}

export function createHandler<const Routes extends readonly RouteSpec[]>(
  functionRoutes: Routes,
  operations: NoInfer<Operations<Routes>>,
  { forms = {}, staff: staffOf }: NoInfer<HandlerOptions<Routes>> = {},
) {
  const table = new Map<string, RouteSpec>(functionRoutes.map((r) => [routeKey(r), r]));
  const fn = functionRoutes[0]!.fn;
  if (!staffOf && functionRoutes.some((r) => r.auth === 'staff'))
    throw new Error(`${fn}: staff routes need the staff lookup (createHandler's staff option)`);
  const ops = operations as Record<string, (input: unknown) => Promise<unknown>>;
  const origins = process.env[env.corsOrigins]?.split(',').filter(Boolean) ?? [];

  const pipeline = middy<HttpEvent, HttpResult, Error, Context>()
    .use(httpEventNormalizer())
    .use(lowerCaseHeaderNames() as MiddlewareObj<HttpEvent, HttpResult>)
    .use(bodyCheck())
    .use(whenBody(httpJsonBodyParser({ disableContentTypeError: true }) as MiddlewareObj<HttpEvent, HttpResult>))
    .use(whenBody(httpUrlEncodeBodyParser({ disableContentTypeError: true }) as MiddlewareObj<HttpEvent, HttpResult>))
    // The security headers (CSP and Permissions-Policy come with each response): lib/security-headers.ts.
    .use(httpSecurityHeaders() as MiddlewareObj<HttpEvent, HttpResult>)
    // CORS: the methods and request headers the API takes, the origins allowed (lib/cors.ts).
    .use(httpCors(origins) as MiddlewareObj<HttpEvent, HttpResult>)
    .use(accessLog())
    .use(httpErrorHandler({ logger: false, fallbackMessage: fallbackBody }))
    .use(errorBody())
    .handler(async (event, context) => {
      if (!cameThroughCloudFront(event.headers)) throw forbidden(notThroughSite);
      const route = table.get(event.routeKey);
      const operation = route && ops[route.operationId];
      if (!route || !operation) throw notFound('接口不存在。');
      const staff = route.auth === 'staff' ? await authorise(event, route, staffOf!) : undefined;
      const schemas = route.schemas();
      const fromForm = isForm(event);
      const form = fromForm ? (forms as Record<string, FormHandling | undefined>)[route.operationId] : undefined;
      const submitted = fromForm && event.body && typeof event.body === 'object' ? unflatten(event.body) : undefined;
      if (submitted) event.body = (form?.adapt ? form.adapt(submitted) : submitted) as never;
      let result: unknown;
      try {
        const input = parseInput(schemas, event);
        result = await operation({
          ...input,
          staff,
          fromForm,
          requestId: event.requestContext.requestId,
          headers: event.headers,
          cookies: event.cookies ?? [],
          clientIp: clientAddress(event),
          timeLeft: () => context.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY,
        });
      } catch (error) {
        if (form && error instanceof HttpError && error.statusCode < 500)
          return (await form.errorPage(error, submitted, { cookies: event.cookies ?? [], headers: event.headers }))
            .result;
        throw error;
      }
      if (result instanceof Reply) return result.result;
      // Validating the output also strips any field the schema does not declare.
      const output = parseWith(schemas.response, result);
      if (!output.ok)
        throw new Error(
          `Response of ${route.operationId} does not match its schema: ${output.errors.map((e) => e.field).join(', ')}`,
        );
      return json(route.status ?? 200, output.data);
    });
  // Once answered (a timeout's 503 included), whatever the operation still runs writes nothing.
  return (event: HttpEvent, context: Context) =>
    invocation(fn, { requestId: event.requestContext?.requestId, lambdaRequestId: context?.awsRequestId }, () => {
      const timed = withinApiTime(context);
      return answering(() => pipeline(event as never, timed), timed.getRemainingTimeInMillis?.());
    });
}

/** The function's context with its remaining time held to the API's (a context without a clock, as in unit tests, as it is). */
function withinApiTime(context: Context): Context {
  if (!context.getRemainingTimeInMillis) return context;
  const answerBy = Date.now() + apiAnswerMs;
  const left = () => Math.max(0, Math.min(context.getRemainingTimeInMillis(), answerBy - Date.now()));
  return { ...context, getRemainingTimeInMillis: left };
}

import type * as z from 'zod/mini';
import type { Role } from '#core/staff.ts';

/** Lambda functions, one per trust boundary. `dev` exists only in the local gateway. */
export type FunctionName =
  | 'public'
  | 'applications'
  | 'publications'
  | 'reports'
  | 'imports'
  | 'documents'
  | 'redaction'
  | 'admin'
  | 'signin'
  | 'dev';
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteSpec {
  operationId: string;
  method: Method;
  path: `/${string}`;
  fn: FunctionName;
  /** `staff` routes need a valid staff token and one of `roles`. */
  auth: 'public' | 'staff';
  roles?: readonly Role[];
  tag: string;
  /**
   * The route's zod schemas, built on first use (`once`, lib/once.ts): a function's cold start builds
   * none of them, an invocation only those of the route it serves.
   */
  schemas: () => RouteSchemas;
  /** Required when the route has a `body`: shown in the API page and checked against the schema in tests. */
  example?: unknown;
  status?: number;
  /** An HTML page (the no-script citizen forms) rather than JSON. */
  page?: true;
  /** false: local only, never part of the deployed stack. */
  deploy?: false;
}

export interface RouteSchemas {
  params?: z.ZodMiniObject;
  query?: z.ZodMiniObject;
  body?: z.ZodMiniType;
  response: z.ZodMiniType;
}

export const routeKey = (route: RouteSpec) => `${route.method} ${route.path}`;

/**
 * What a request may take: API Gateway's HTTP integration gives up at 30 s, so a request answers
 * (middy's early timeout: 503 「处理超时」, lib/http.ts) well before, even in a function whose own
 * timeout is a job's 15 minutes (the redaction function serves both).
 */
export const apiAnswerMs = 25_000;

/**
 * A path prefix handed whole to one function, every method (`ANY /oidc/{proxy+}`): an application
 * with its own routing (the OpenID provider). `provider`: present only where staff sign in through it.
 */
export interface ProxyRoute {
  prefix: `/${string}`;
  fn: Exclude<FunctionName, 'dev'>;
  provider: 'platform';
}

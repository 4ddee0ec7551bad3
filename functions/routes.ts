/**
 * The one route table. The CDK stack makes an HTTP API route of each entry (with the JWT
 * authoriser on staff routes); the local gateway serves the same entries; the handlers validate
 * each request and response against the schemas here; the OpenAPI document is generated from it.
 */
import * as z from 'zod/mini';
import { agencyKinds } from '#core/agency.ts';
import { roles, type Role } from '#core/staff.ts';

/** Lambda functions, one per trust boundary. `dev` exists only in the local gateway. */
export type FunctionName = 'public' | 'applications' | 'publications' | 'reports' | 'dev';
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteSpec {
  operationId: string;
  method: Method;
  path: `/api/${string}`;
  fn: FunctionName;
  /** `staff` routes need a valid staff token and one of `roles`. */
  auth: 'public' | 'staff';
  roles?: readonly Role[];
  summary: string;
  tag: string;
  params?: z.ZodMiniObject;
  query?: z.ZodMiniObject;
  body?: z.ZodMiniType;
  /** Required when `body` is set: shown in the API page and checked against the schema in tests. */
  example?: unknown;
  response: z.ZodMiniType;
  status?: number;
  /** false: local only, never part of the deployed stack. */
  deploy?: false;
}

const allStaff = roles;

const check = z.object({ ok: z.boolean(), ms: z.number() });
const health = z.object({
  status: z.literal('ok'),
  function: z.string(),
  time: z.string(),
  checks: z.object({ dynamodb: check, s3: check }),
});

const agency = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(agencyKinds),
  kindLabel: z.string(),
  parentId: z.nullable(z.string()),
});

const staffProfile = z.object({
  username: z.string(),
  name: z.string(),
  roles: z.array(z.object({ role: z.enum(roles), label: z.string() })),
  agency: z.object({ id: z.string(), name: z.string(), kind: z.enum(agencyKinds) }),
});

const username = z.string().check(
  z.minLength(1, '请填写'),
  z.maxLength(64, '不能超过 64 个字符'),
  z.regex(/^[a-z0-9][a-z0-9._-]*$/, '只能包含小写字母、数字、点、下划线和连字符'),
  z.meta({ title: '用户名' }),
);

/** Each staff function's own health route: proves its grants on the table and its bucket after a deploy. */
function staffHealth<F extends 'applications' | 'publications' | 'reports'>(fn: F) {
  return {
    operationId: `${fn}Health` as `${F}Health`,
    method: 'GET',
    path: `/api/staff/${fn}/health` as `/api/staff/${F}/health`,
    fn,
    auth: 'staff',
    roles: ['admin'],
    tag: '平台',
    summary: '健康检查：核对该函数对数据库和存储桶的读写权限（管理员）',
    response: health,
  } as const;
}

export const routes = [
  {
    operationId: 'health',
    method: 'GET',
    path: '/api/health',
    fn: 'public',
    auth: 'public',
    tag: '平台',
    summary: '健康检查：经由处理函数实际写入并读回数据库和存储桶',
    response: health,
  },
  {
    operationId: 'listAgencies',
    method: 'GET',
    path: '/api/agencies',
    fn: 'public',
    auth: 'public',
    tag: '依申请公开',
    summary: '受理政府信息公开申请的行政机关',
    response: z.object({ agencies: z.array(agency) }),
  },
  {
    operationId: 'staffProfile',
    method: 'GET',
    path: '/api/staff/me',
    fn: 'applications',
    auth: 'staff',
    roles: allStaff,
    tag: '工作人员',
    summary: '当前登录的工作人员、所属机关和角色',
    response: staffProfile,
  },
  staffHealth('applications'),
  staffHealth('publications'),
  staffHealth('reports'),
  {
    operationId: 'devToken',
    method: 'POST',
    path: '/api/dev/token',
    fn: 'dev',
    auth: 'public',
    tag: '本地开发',
    summary: '本地登录：为演示数据中的工作人员签发令牌（仅本地，部署环境不存在）',
    body: z.object({ username }),
    example: { username: 'lsh-handler' },
    response: z.object({ token: z.string(), expiresIn: z.number(), claims: z.record(z.string(), z.unknown()) }),
    deploy: false,
  },
] as const satisfies readonly RouteSpec[];

export type Route = (typeof routes)[number];
export const routeKey = (route: RouteSpec) => `${route.method} ${route.path}`;
export const deployedRoutes = routes.filter((route: RouteSpec) => route.deploy !== false);

/**
 * The one route table. The CDK stack makes an HTTP API route of each entry (with the JWT
 * authoriser on staff routes); the local gateway serves the same entries; the handlers validate
 * each request and response against the schemas here; the OpenAPI document is generated from it.
 */
import * as z from 'zod/mini';
import { agencyKinds } from '#core/agency.ts';
import { roles, type Role } from '#core/staff.ts';
import { applicationExample, applicationInput, queryCode, receiptNumber, uploadInput } from '#public/schemas.ts';
import { calendarExample, calendarInput } from '#applications/schemas.ts';

/** Lambda functions, one per trust boundary. `dev` exists only in the local gateway. */
export type FunctionName = 'public' | 'applications' | 'publications' | 'reports' | 'dev';
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteSpec {
  operationId: string;
  method: Method;
  path: `/${string}`;
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
  /** An HTML page (the no-script citizen forms) rather than JSON. */
  page?: true;
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

const step = z.object({ kind: z.string(), text: z.string() });
const deadline = z.object({ due: z.nullable(z.string()), steps: z.array(step) });
const html = z.string();

const submitted = z.object({
  receiptNumber: z.string(),
  queryCode: z.string(),
  receiptDate: z.string(),
  replyDue: z.nullable(z.string()),
  deadline,
  statusUrl: z.string(),
});

const publicView = z.object({
  receiptNumber: z.string(),
  agencyName: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  submittedAt: z.string(),
  receiptDate: z.string(),
  receiptNote: z.string(),
  request: z.object({ title: z.string(), documentNumber: z.optional(z.string()), description: z.optional(z.string()) }),
  applicantName: z.string(),
  deadline,
  timeline: z.array(z.object({ at: z.string(), type: z.string(), text: z.string() })),
  letters: z.array(z.object({ title: z.string(), issuedAt: z.string(), url: z.string() })),
});

const presignedUpload = z.object({
  uploadId: z.string(),
  url: z.string(),
  fields: z.record(z.string(), z.string()),
  maxBytes: z.number(),
  expiresAt: z.string(),
});

const schedule = z.object({
  year: z.number(),
  complete: z.boolean(),
  official: z.boolean(),
  days: z.array(z.object({ date: z.string(), kind: z.enum(['holiday', 'workday']), note: z.string() })),
  version: z.number(),
  updatedBy: z.optional(z.string()),
  updatedAt: z.optional(z.string()),
  note: z.optional(z.string()),
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
  {
    operationId: 'submitApplication',
    method: 'POST',
    path: '/api/applications',
    fn: 'public',
    auth: 'public',
    tag: '依申请公开',
    summary: '提交政府信息公开申请（JSON 返回 201；表单提交返回 303 至接收回执）。请求头 Idempotency-Key 相同的重复提交只产生一份申请',
    body: applicationInput,
    example: applicationExample,
    response: submitted,
    status: 201,
  },
  {
    operationId: 'getApplication',
    method: 'GET',
    path: '/api/applications/{receiptNumber}',
    fn: 'public',
    auth: 'public',
    tag: '依申请公开',
    summary: '查询办理进度：请求头 x-query-code 携带查询码。编号或查询码不符时一律答复 404',
    params: z.object({ receiptNumber: z.string() }),
    response: publicView,
  },
  {
    operationId: 'createUpload',
    method: 'POST',
    path: '/api/uploads',
    fn: 'public',
    auth: 'public',
    tag: '依申请公开',
    summary: '申请上传附件：返回直传存储桶的表单策略（限 10 MB，PDF/JPEG/PNG），提交申请时以 uploadId 关联',
    body: uploadInput,
    example: { purpose: 'identity', fileName: '身份证.pdf', contentType: 'application/pdf', size: 245760 },
    response: presignedUpload,
    status: 201,
  },
  { operationId: 'applicationFormPage', method: 'GET', path: '/apply', fn: 'public', auth: 'public', tag: '页面', summary: '在线申请表（无需脚本即可使用）', response: html, page: true },
  {
    operationId: 'receiptPage', method: 'GET', path: '/apply/receipt/{receiptNumber}', fn: 'public', auth: 'public', tag: '页面',
    summary: '申请接收回执（提交后显示一次查询码）', params: z.object({ receiptNumber: z.string() }), response: html, page: true,
  },
  { operationId: 'statusQueryPage', method: 'GET', path: '/apply/status', fn: 'public', auth: 'public', tag: '页面', summary: '办理进度查询页', response: html, page: true },
  {
    operationId: 'statusPage', method: 'POST', path: '/apply/status', fn: 'public', auth: 'public', tag: '页面',
    summary: '办理进度页（表单提交受理编号和查询码）', body: z.object({ receiptNumber, queryCode }),
    example: { receiptNumber: 'LSH-2026-00012', queryCode: 'ABCDE-FGHJK' }, response: html, page: true,
  },
  {
    operationId: 'listCalendar',
    method: 'GET',
    path: '/api/staff/calendar',
    fn: 'applications',
    auth: 'staff',
    roles: allStaff,
    tag: '工作日历',
    summary: '工作日历：各年度的放假和调休安排（官方数据与管理员录入），以及已覆盖的年度',
    response: z.object({ coveredYears: z.array(z.number()), schedules: z.array(schedule) }),
  },
  {
    operationId: 'saveCalendarYear',
    method: 'PUT',
    path: '/api/staff/calendar/{year}',
    fn: 'applications',
    auth: 'staff',
    roles: ['admin'],
    tag: '工作日历',
    summary: '录入或修改一个年度的放假和调休安排（管理员）。version 为读取时的版本号，新录入填 0',
    params: z.object({ year: z.coerce.number().check(z.int(), z.minimum(2004, '年度不能早于 2004'), z.maximum(2100, '年度不能晚于 2100'), z.meta({ title: '年度' })) }),
    body: calendarInput,
    example: calendarExample,
    response: schedule,
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

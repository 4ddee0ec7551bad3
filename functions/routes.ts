/**
 * The one route table, assembled from each function's own entries (so a function's bundle carries
 * only its own schemas). The CDK stack makes an HTTP API route of each entry (with the JWT
 * authoriser on staff routes); the local gateway serves the same entries; the handlers validate
 * each request and response against the schemas; the OpenAPI document is generated from it.
 */
import * as z from 'zod/mini';
import { adminRoutes, adminSummaries } from '#admin/routes.ts';
import { applicationsRoutes, applicationsSummaries } from '#applications/routes.ts';
import { jobView } from '#lib/route-schemas.ts';
import type { ProxyRoute, RouteSpec } from '#lib/route-spec.ts';
import { publicRoutes, publicSummaries } from '#public/routes.ts';
import { publicationsRoutes, publicationsSummaries } from '#publications/routes.ts';
import { reportsRoutes, reportsSummaries } from '#reports/routes.ts';
import { importsRoutes, importsSummaries } from '#imports/routes.ts';
import { documentsRoutes, documentsSummaries } from '#documents/routes.ts';
import { redactionRoutes, redactionSummaries } from '#redaction/routes.ts';
import { once } from '#lib/once.ts';

export { routeKey, type FunctionName, type Method, type ProxyRoute, type RouteSpec } from '#lib/route-spec.ts';

const username = once(() =>
  z
    .string()
    .check(
      z.minLength(1, '请填写'),
      z.maxLength(64, '不能超过 64 个字符'),
      z.regex(/^[a-z0-9][a-z0-9._-]*$/, '只能包含小写字母、数字、点、下划线和连字符'),
      z.meta({ title: '用户名' }),
    ),
);

/** Local only: the dev sign-in, served by the local gateway and never deployed. */
export const devRoutes = [
  {
    operationId: 'devToken',
    method: 'POST',
    path: '/api/dev/token',
    fn: 'dev',
    auth: 'public',
    tag: '本地开发',
    schemas: once(() => ({
      body: z.object({ username: username() }),
      response: z.object({ token: z.string(), expiresIn: z.number(), claims: z.record(z.string(), z.unknown()) }),
    })),
    example: { username: 'lsh-handler' },
    deploy: false,
  },
  {
    operationId: 'devSweep',
    method: 'POST',
    path: '/api/dev/sweep',
    fn: 'dev',
    auth: 'public',
    tag: '本地开发',
    schemas: once(() => ({
      response: z.object({
        ranAt: z.string(),
        today: z.string(),
        due: z.number(),
        more: z.boolean(),
        done: z.record(z.string(), z.number()),
        calendarGaps: z.number(),
        skipped: z.number(),
        requeued: z.number(),
        mail: z.object({ retried: z.number(), sent: z.number() }),
        site: z.object({ pending: z.number(), nudged: z.boolean() }),
        search: z.object({ fold: z.boolean() }),
        reports: z.object({ reminded: z.number() }),
        lateness: z.object({ judged: z.number(), late: z.number() }),
        inspection: z.object({ started: z.boolean() }),
        privacy: z.object({ started: z.boolean() }),
      }),
    })),
    deploy: false,
  },
  {
    operationId: 'devPrivacySweep',
    method: 'POST',
    path: '/api/dev/privacy-sweep',
    fn: 'dev',
    auth: 'public',
    tag: '本地开发',
    schemas: once(() => ({
      body: z.object({
        fromStart: z.optional(z.boolean().check(z.meta({ title: '从头读取' }))),
        limit: z.optional(
          z
            .number()
            .check(z.int(), z.minimum(1, '至少 1 条'), z.maximum(10_000, '最多 10000 条'), z.meta({ title: '条数' })),
        ),
      }),
      response: z.object({ ...jobView().shape, started: z.boolean() }),
    })),
    example: { fromStart: true },
    status: 202,
    deploy: false,
  },
  {
    operationId: 'devRecount',
    method: 'POST',
    path: '/api/dev/recount',
    fn: 'dev',
    auth: 'public',
    tag: '本地开发',
    schemas: once(() => ({
      body: z.object({
        repair: z.optional(z.boolean()),
        year: z.optional(z.number().check(z.int(), z.meta({ title: '年度' }))),
      }),
      response: z.object({
        agencies: z.array(
          z.object({
            id: z.string(),
            name: z.string(),
            applications: z.number(),
            publications: z.number(),
            cases: z.number(),
            differences: z.array(
              z.object({ year: z.number(), counter: z.string(), stored: z.number(), counted: z.number() }),
            ),
          }),
        ),
        differences: z.number(),
        repaired: z.boolean(),
      }),
    })),
    example: { repair: false },
    deploy: false,
  },
  {
    operationId: 'devInspection',
    method: 'POST',
    path: '/api/dev/inspection',
    fn: 'dev',
    auth: 'public',
    tag: '本地开发',
    schemas: once(() => ({
      body: z.object({ full: z.optional(z.boolean()) }),
      response: z.object({ ...jobView().shape, started: z.boolean() }),
    })),
    example: { full: false },
    status: 202,
    deploy: false,
  },
] as const satisfies readonly RouteSpec[];

/** What each route does, for the OpenAPI document (kept apart so the functions' bundles leave the prose out). */
export const devSummaries = {
  devToken: '本地登录：为演示数据中的工作人员签发令牌（仅本地，部署环境不存在）',
  devSweep:
    '本地运行每日巡检（只读取当日有事可办的申请：到期提醒、逾期标记、补正和缴费期限届满；重发邮件、年度报告报送提醒、待录入日历后判定的发布时限），即 npm run sweep（仅本地）',
  devPrivacySweep:
    '本地立即补查已发布内容的个人信息（不受每日一次的限制）：启动一项个人信息检查巡检任务，fromStart 为 true 时从全县目录的第一条读起（已按现行规则检查过的仍跳过），limit 为本次最多读取的条数（默认 200）；以 GET /api/staff/jobs/{id}（县级管理员）查看进度，即 npm run sweep -- --privacy（仅本地）',
  devInspection:
    '本地立即启动一次网站自查任务，与部署环境的自查相同，分段运行（full 为 true 时读取全部页面并检查全部机关，否则只读取上次以来变化的页面和机关）；已有自查正在进行时答复该任务（started 为 false）。以 GET /api/staff/jobs/{id}（本级人民政府管理员）查看进度和结果（仅本地）',
  devRecount:
    '按记录（申请、主动公开信息、复议诉讼案件）重新统计各机关年度报告计数并与已记录的计数核对；repair 为 true 时以重新统计的结果替换（即 npm run recount，仅本地）',
} satisfies Record<(typeof devRoutes)[number]['operationId'], string>;

export const routes = [
  ...publicRoutes,
  ...applicationsRoutes,
  ...publicationsRoutes,
  ...reportsRoutes,
  ...importsRoutes,
  ...documentsRoutes,
  ...redactionRoutes,
  ...adminRoutes,
  ...devRoutes,
] as const;

export type Route = (typeof routes)[number];
/** Each route's summary, by operationId (the OpenAPI document's prose). */
export const summaries: Record<Route['operationId'], string> = {
  ...publicSummaries,
  ...applicationsSummaries,
  ...publicationsSummaries,
  ...reportsSummaries,
  ...importsSummaries,
  ...documentsSummaries,
  ...redactionSummaries,
  ...adminSummaries,
  ...devSummaries,
};
export const deployedRoutes = routes.filter((route: RouteSpec) => route.deploy !== false);

/** The staff sign-in of the platform's own OpenID provider: discovery, keys, authorisation, tokens, its pages. */
export const proxyRoutes: readonly ProxyRoute[] = [{ prefix: '/oidc', fn: 'signin', provider: 'platform' }];

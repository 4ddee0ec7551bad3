/**
 * The OpenAPI 3.1 document, generated from the route table: deployed to the site bucket at
 * /api/openapi.json and served by the local gateway at the same path, with a readable page at /api/docs.
 */
import * as z from 'zod/mini';
import { deployedRoutes, routes, summaries, type RouteSpec } from '#routes';
import { escapeHtml } from '../functions/core/html.ts';
import { errorCodes } from '../functions/lib/errors.ts';

/** A route schema as JSON Schema (what a request takes: `input`; what it answers: `output`); also read by `api-types.ts`. */
export const jsonSchema = (s: z.core.$ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' });

/** An error answer: its stable code (for programs), its message (for people), the fields at fault. */
const failure = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});
const errorSchema = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', enum: [...errorCodes], description: '错误类型，供程序判断（不随提示文字改变）' },
    message: { type: 'string', description: '给用户看的说明（简体中文）' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
    findings: {
      type: 'array',
      items: { type: 'object' },
      description: '检查未通过（checks-failed）时的各项发现：位置、类型、摘录，逐项改正或写明理由确认后再次提交',
    },
  },
};

function operation(route: RouteSpec) {
  const schemas = route.schemas();
  const parameters = [
    ...Object.entries(schemas.params?.shape ?? {}).map(([name, s]) => ({
      name,
      in: 'path',
      required: true,
      schema: jsonSchema(s, 'input'),
    })),
    ...Object.entries(schemas.query?.shape ?? {}).map(([name, s]) => ({
      name,
      in: 'query',
      schema: jsonSchema(s, 'input'),
    })),
  ];
  return {
    operationId: route.operationId,
    summary: summaries[route.operationId as keyof typeof summaries],
    tags: [route.tag],
    ...(route.auth === 'staff' && { security: [{ staffToken: [] }], 'x-roles': route.roles }),
    ...(parameters.length && { parameters }),
    ...(schemas.body && {
      requestBody: {
        required: true,
        content: { 'application/json': { schema: jsonSchema(schemas.body, 'input'), example: route.example } },
      },
    }),
    responses: {
      [String(route.status ?? 200)]: {
        description: '成功',
        content: { 'application/json': { schema: jsonSchema(schemas.response, 'output') } },
      },
      ...(schemas.body || schemas.params || schemas.query
        ? { 400: failure('请求内容有误（code: invalid-input），message 与 errors 指明字段') }
        : {}),
      ...(route.auth === 'staff' && {
        401: failure('未登录或令牌无效（unauthenticated）'),
        403: failure('角色或所属机关不符（forbidden）'),
      }),
      ...(route.auth === 'staff' &&
        route.method !== 'GET' && {
          409: failure(
            '记录已被他人更新（stale-version），或当前状态不能办理此事项（illegal-transition、already-exists）',
          ),
        }),
      503: failure('服务暂时不可用（unavailable、busy、timed-out），message 说明请求是否已被处理'),
    },
  };
}

export function openApiDocument(options: { local: boolean }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of (options.local ? routes : deployedRoutes) as readonly RouteSpec[]) {
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '公开 gongkai 政府信息公开平台接口',
      version: '0.1.0',
      description:
        '依申请公开、主动公开与年度报告的接口。工作人员接口需要携带登录令牌（Bearer）。出错时返回 { code, message, errors? }：code 为稳定的错误类型，message 为给用户看的说明。',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: { staffToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: errorSchema },
    },
  };
}

/** A readable, script-free page of the same document. */
export function apiDocsPage(document: ReturnType<typeof openApiDocument>): string {
  const sections = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const o = op as ReturnType<typeof operation>;
      const body =
        'requestBody' in o && o.requestBody
          ? `<h3>请求示例</h3><pre>${escapeHtml(JSON.stringify(o.requestBody.content['application/json'].example, null, 2))}</pre>`
          : '';
      const access =
        'security' in o ? `需要登录（角色：${escapeHtml((o['x-roles'] ?? []).join('、'))}）` : '公开，无需登录';
      const responses = Object.entries(o.responses)
        .map(([code, r]) => `<li><code>${code}</code> ${escapeHtml(r.description)}</li>`)
        .join('');
      return `<section><h2><code>${method.toUpperCase()} ${escapeHtml(path)}</code></h2><p>${escapeHtml(o.summary)}</p><p>${access}</p>${body}<ul>${responses}</ul></section>`;
    }),
  );
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>接口说明 · ${escapeHtml(document.info.title)}</title><meta name="description" content="${escapeHtml(document.info.description)}"><link rel="stylesheet" href="/assets/site.css"><link rel="icon" href="/assets/icon.svg" type="image/svg+xml"></head>
<body><main class="page"><h1>${escapeHtml(document.info.title)}</h1><p>${escapeHtml(document.info.description)}</p>
<p>机器可读文档：<a href="/api/openapi.json">/api/openapi.json</a>（OpenAPI 3.1）</p>${sections.join('\n')}</main></body></html>`;
}

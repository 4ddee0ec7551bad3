/** The public function's entries of the route table (citizens, no sign-in). */
import * as z from 'zod/mini';
import { agencyKinds } from '#core/agency.ts';
import { health } from '#lib/route-schemas.ts';
import type { RouteSpec } from '#lib/route-spec.ts';
import { applicationExample, applicationInput, queryCode, receiptNumber, uploadInput } from './schemas.ts';

const agency = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(agencyKinds),
  kindLabel: z.string(),
  parentId: z.nullable(z.string()),
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

export const publicRoutes = [
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
] as const satisfies readonly RouteSpec[];

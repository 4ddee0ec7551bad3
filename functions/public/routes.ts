/** The public function's entries of the route table (citizens, no sign-in). */
import * as z from 'zod/mini';
import { agencyKinds } from '#core/agency.ts';
import { agencyListQuery, letterVersion, publicHealth, receiptNumber } from '#lib/route-schemas.ts';
import type { RouteSpec } from '#lib/route-spec.ts';
import { applicationExample, applicationInput, correctionFiles, queryCode, uploadInput } from './schemas.ts';
import { once } from '#lib/once.ts';

const agency = once(() =>
  z.object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(agencyKinds),
    kindLabel: z.string(),
    parentId: z.nullable(z.string()),
  }),
);

const step = once(() => z.object({ kind: z.string(), text: z.string() }));
const deadline = once(() =>
  z.object({
    due: z.nullable(z.string()),
    steps: z.array(step()),
    /** While the deadline waits for a year's schedule: that year, and the earliest day it can fall. */
    pending: z.optional(z.object({ year: z.number(), earliest: z.nullable(z.string()) })),
  }),
);
const html = once(() => z.string());

const submitted = once(() =>
  z.object({
    receiptNumber: z.string(),
    queryCode: z.string(),
    receiptDate: z.string(),
    replyDue: z.nullable(z.string()),
    deadline: deadline(),
    statusUrl: z.string(),
  }),
);

const publicView = once(() =>
  z.object({
    receiptNumber: z.string(),
    agencyName: z.string(),
    status: z.string(),
    statusLabel: z.string(),
    submittedAt: z.string(),
    receiptDate: z.string(),
    receiptNote: z.string(),
    request: z.object({
      title: z.string(),
      documentNumber: z.optional(z.string()),
      description: z.optional(z.string()),
    }),
    applicantName: z.string(),
    deadline: deadline(),
    timeline: z.array(z.object({ at: z.string(), type: z.string(), text: z.string() })),
    letters: z.array(
      z.object({ title: z.string(), number: z.string(), issuedOn: z.string(), version: z.number(), url: z.string() }),
    ),
    files: z.array(z.object({ id: z.string(), fileName: z.string(), size: z.number(), url: z.string() })),
    correction: z.optional(
      z.object({ items: z.array(z.string()), dueBy: z.nullable(z.string()), pending: z.optional(z.string()) }),
    ),
  }),
);

/** A form sent back with its errors: its draft's id (store/form-drafts.ts). */
const draftId = once(() => z.string().check(z.maxLength(64, '草稿编号无效'), z.meta({ title: '草稿' })));
const fileId = once(() =>
  z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, '文件编号无效'), z.meta({ title: '文件' })),
);
/** The path of a 找回查询码 link: the number and the one-time token. */
const recoveryLink = once(() =>
  z.object({
    receiptNumber: receiptNumber(),
    token: z.string().check(z.regex(/^[A-Za-z0-9_-]{32}$/, '链接无效，请重新发送'), z.meta({ title: '链接' })),
  }),
);

const correctionText = once(() =>
  z
    .string()
    .check(
      z.minLength(1, '请填写补正内容'),
      z.maxLength(2000, '不能超过 2000 个字符'),
      z.meta({ title: '补正内容', multiline: true }),
    ),
);

const presignedUpload = once(() =>
  z.object({
    uploadId: z.string(),
    url: z.string(),
    fields: z.record(z.string(), z.string()),
    maxBytes: z.number(),
    expiresAt: z.string(),
  }),
);

export const publicRoutes = [
  {
    operationId: 'health',
    method: 'GET',
    path: '/api/health',
    fn: 'public',
    auth: 'public',
    tag: '平台',
    schemas: once(() => ({
      response: publicHealth(),
    })),
  },
  {
    operationId: 'listAgencies',
    method: 'GET',
    path: '/api/agencies',
    fn: 'public',
    auth: 'public',
    tag: '依申请公开',
    schemas: once(() => ({
      query: agencyListQuery(),
      response: z.object({ agencies: z.array(agency()), next: z.nullable(z.string()) }),
    })),
  },
  {
    operationId: 'formToken',
    method: 'GET',
    path: '/api/form-token',
    fn: 'public',
    auth: 'public',
    tag: '依申请公开',
    schemas: once(() => ({
      response: z.object({ formToken: z.string(), usableFrom: z.string(), expiresAt: z.string() }),
    })),
  },
  {
    operationId: 'submitApplication',
    method: 'POST',
    path: '/api/applications',
    fn: 'public',
    auth: 'public',
    tag: '依申请公开',
    schemas: once(() => ({
      body: applicationInput(),
      response: submitted(),
    })),
    example: applicationExample,
    status: 201,
  },
  {
    operationId: 'getApplication',
    method: 'GET',
    path: '/api/applications/{receiptNumber}',
    fn: 'public',
    auth: 'public',
    tag: '依申请公开',
    schemas: once(() => ({
      params: z.object({ receiptNumber: receiptNumber() }),
      response: publicView(),
    })),
  },
  {
    operationId: 'submitCorrection',
    method: 'POST',
    path: '/api/applications/{receiptNumber}/correction',
    fn: 'public',
    auth: 'public',
    tag: '依申请公开',
    schemas: once(() => ({
      params: z.object({ receiptNumber: receiptNumber() }),
      body: z.object({ text: correctionText(), ...correctionFiles() }),
      response: publicView(),
    })),
    example: { text: '所需信息为 2025 年度露水河镇农村低保资金发放明细（不含个人身份信息）。' },
  },
  {
    operationId: 'applicantLetter',
    method: 'GET',
    path: '/api/applications/{receiptNumber}/letters/{version}',
    fn: 'public',
    auth: 'public',
    tag: '依申请公开',
    schemas: once(() => ({
      params: z.object({ receiptNumber: receiptNumber(), version: letterVersion() }),
      response: html(),
    })),
    page: true,
  },
  {
    operationId: 'applicantFile',
    method: 'GET',
    path: '/api/applications/{receiptNumber}/files/{fileId}',
    fn: 'public',
    auth: 'public',
    tag: '依申请公开',
    schemas: once(() => ({
      params: z.object({ receiptNumber: receiptNumber(), fileId: fileId() }),
      response: z.object({ url: z.string(), expiresAt: z.string() }),
    })),
  },
  {
    operationId: 'createUpload',
    method: 'POST',
    path: '/api/uploads',
    fn: 'public',
    auth: 'public',
    tag: '依申请公开',
    schemas: once(() => ({
      body: uploadInput(),
      response: presignedUpload(),
    })),
    example: { purpose: 'identity', fileName: '身份证.pdf', contentType: 'application/pdf', size: 245760 },
    status: 201,
  },
  {
    operationId: 'applicationFormPage',
    method: 'GET',
    path: '/apply',
    fn: 'public',
    auth: 'public',
    tag: '页面',
    schemas: once(() => ({
      /** `?agency=` (from a column's 在线申请 button) chooses the agency; an unknown one is ignored. */
      // `?draft=`: the form sent back with its errors (Post/Redirect/Get), opened by this browser's cookie.
      // `?under=&cursor=`: the agencies offered are a government's and those directly under it, a page at a time.
      query: z.object({
        agency: z.optional(z.string().check(z.maxLength(64, '机关编号无效'))),
        under: z.optional(z.string().check(z.maxLength(64, '机关编号无效'))),
        cursor: z.optional(z.string().check(z.maxLength(1000, '分页参数无效'))),
        draft: z.optional(draftId()),
      }),
      response: html(),
    })),
    page: true,
  },
  {
    operationId: 'receiptPage',
    method: 'GET',
    path: '/apply/receipt/{receiptNumber}',
    fn: 'public',
    auth: 'public',
    tag: '页面',
    schemas: once(() => ({
      params: z.object({ receiptNumber: receiptNumber() }),
      response: html(),
    })),
    page: true,
  },
  {
    // CloudFront asks this when the site bucket has no such file (its origin group fails over on
    // 403/404, the path appended): the site's own 404 page rather than S3's error document.
    operationId: 'siteNotFound',
    method: 'GET',
    path: '/api/site/not-found/{path+}',
    fn: 'public',
    auth: 'public',
    tag: '页面',
    schemas: once(() => ({
      params: z.object({ path: z.string() }),
      response: html(),
    })),
    page: true,
    status: 404,
  },
  {
    // 长者模式 and back without script: the preference cookie, then the page the link was on.
    operationId: 'displayMode',
    method: 'GET',
    path: '/mode/{mode}',
    fn: 'public',
    auth: 'public',
    tag: '页面',
    schemas: once(() => ({
      params: z.object({ mode: z.enum(['elder', 'standard'], '显示模式无效') }),
      response: html(),
    })),
    page: true,
    status: 303,
  },
  {
    // Where CloudFront has no function to choose it (the China regions): 长者模式's sheet by the cookie.
    operationId: 'modeSheet',
    method: 'GET',
    path: '/api/site/mode-sheet/{path+}',
    fn: 'public',
    auth: 'public',
    tag: '页面',
    schemas: once(() => ({
      // CloudFront appends the sheet's own path; nothing else is asked here.
      params: z.object({ path: z.string().check(z.regex(/^assets\/mode\.css$/, '样式表路径无效')) }),
      response: html(),
    })),
    page: true,
  },
  {
    operationId: 'statusQueryPage',
    method: 'GET',
    path: '/apply/status',
    fn: 'public',
    auth: 'public',
    tag: '页面',
    schemas: once(() => ({
      // `?draft=`: a query sent back with what was wrong (Post/Redirect/Get).
      query: z.object({ draft: z.optional(draftId()) }),
      response: html(),
    })),
    page: true,
  },
  {
    operationId: 'statusPage',
    method: 'POST',
    path: '/apply/status',
    fn: 'public',
    auth: 'public',
    tag: '页面',
    schemas: once(() => ({
      body: z.object({ receiptNumber: receiptNumber(), queryCode: queryCode() }),
      response: html(),
    })),
    example: { receiptNumber: 'LSH-2026-00012', queryCode: 'ABCDE-FGHJK' },
    page: true,
  },
  {
    operationId: 'recoverPage',
    method: 'GET',
    path: '/apply/recover',
    fn: 'public',
    auth: 'public',
    tag: '页面',
    schemas: once(() => ({
      query: z.object({ sent: z.optional(z.enum(['1'])), draft: z.optional(draftId()) }),
      response: html(),
    })),
    page: true,
  },
  {
    operationId: 'recoverRequest',
    method: 'POST',
    path: '/apply/recover',
    fn: 'public',
    auth: 'public',
    tag: '页面',
    schemas: once(() => ({
      body: z.object({
        receiptNumber: receiptNumber(),
        email: z
          .string()
          .check(
            z.maxLength(254, '不能超过 254 个字符'),
            z.regex(/^\s*[^\s@<>]+@[^\s@<>]+\s*$/, '请填写申请时填写的电子邮箱'),
            z.meta({ title: '电子邮箱' }),
          ),
      }),
      response: html(),
    })),
    example: { receiptNumber: 'LSH-2026-00012', email: 'liming@example.com' },
    page: true,
  },
  {
    operationId: 'recoverLinkPage',
    method: 'GET',
    path: '/apply/recover/{receiptNumber}/{token}',
    fn: 'public',
    auth: 'public',
    tag: '页面',
    schemas: once(() => ({
      params: recoveryLink(),
      response: html(),
    })),
    page: true,
  },
  {
    operationId: 'recoverUse',
    method: 'POST',
    path: '/apply/recover/{receiptNumber}/{token}',
    fn: 'public',
    auth: 'public',
    tag: '页面',
    schemas: once(() => ({
      params: recoveryLink(),
      response: html(),
    })),
    page: true,
  },
  {
    operationId: 'correctionPage',
    method: 'POST',
    path: '/apply/correction',
    fn: 'public',
    auth: 'public',
    tag: '页面',
    schemas: once(() => ({
      body: z.object({
        receiptNumber: receiptNumber(),
        queryCode: queryCode(),
        text: correctionText(),
        ...correctionFiles(),
      }),
      response: html(),
    })),
    example: { receiptNumber: 'LSH-2026-00012', queryCode: 'ABCDE-FGHJK', text: '所需信息为 2025 年度的明细。' },
    page: true,
  },
  {
    operationId: 'statusView',
    method: 'GET',
    path: '/apply/status/{receiptNumber}',
    fn: 'public',
    auth: 'public',
    tag: '页面',
    schemas: once(() => ({
      params: z.object({ receiptNumber: receiptNumber() }),
      query: z.object({ notice: z.optional(z.enum(['corrected', 'recovered'])) }),
      response: html(),
    })),
    page: true,
  },
  {
    operationId: 'letterPage',
    method: 'GET',
    path: '/apply/status/{receiptNumber}/letters/{version}',
    fn: 'public',
    auth: 'public',
    tag: '页面',
    schemas: once(() => ({
      params: z.object({ receiptNumber: receiptNumber(), version: letterVersion() }),
      response: html(),
    })),
    page: true,
  },
  {
    operationId: 'filePage',
    method: 'GET',
    path: '/apply/status/{receiptNumber}/files/{fileId}',
    fn: 'public',
    auth: 'public',
    tag: '页面',
    schemas: once(() => ({
      params: z.object({ receiptNumber: receiptNumber(), fileId: fileId() }),
      response: html(),
    })),
    page: true,
  },
] as const satisfies readonly RouteSpec[];

/** What each route does, for the OpenAPI document (kept apart so the functions' bundles leave the prose out). */
export const publicSummaries = {
  health: '健康检查：读取数据库中的一项，不写入任何数据（写入与读回的深度检查见各工作函数的管理员健康检查）',
  listAgencies:
    '受理政府信息公开申请的行政机关，按门户顺序分页（limit 默认 50、最多 100；next 为下一页的 cursor）：parentId 为某机关的直接下属机关，kind 为某一类别（省、市、县人民政府，政府部门，乡镇）',
  formToken:
    '申请表的开始校验码（服务器签名，提交申请时以 formToken 携带）：签发 3 秒后方可使用，24 小时内有效。在线申请表页面已内含',
  submitApplication:
    '提交政府信息公开申请（JSON 返回 201；表单提交返回 303 至接收回执，有误时返回 303 至保留所填内容和错误说明的申请表）。请求头 Idempotency-Key 相同的重复提交只产生一份申请',
  getApplication: '查询办理进度：请求头 x-query-code 携带查询码。编号或查询码不符时一律答复 404',
  submitCorrection: '提交补正（请求头 x-query-code 携带查询码）：答复期限自提交之日的次日起重新计算',
  applicantLetter: '告知书、答复书的可打印页面（请求头 x-query-code 携带查询码）',
  applicantFile: '答复提供的文件的下载链接（5 分钟内有效；请求头 x-query-code 携带查询码）',
  createUpload: '申请上传附件：返回直传存储桶的表单策略（限 10 MB，PDF/JPEG/PNG），提交申请时以 uploadId 关联',
  applicationFormPage:
    '在线申请表（无需脚本即可使用）：受理机关按层级列出，under 为某一人民政府（默认本平台最上级），列出该政府及其直接下属机关，cursor 为下一页',
  receiptPage: '申请接收回执（提交后显示一次查询码）',
  siteNotFound: '公开网站“页面不存在”页（站点存储桶中没有所请求的文件时由 CloudFront 转来）',
  statusQueryPage: '办理进度查询页',
  displayMode: '切换长者模式或标准模式（保存偏好后返回原页面，无需脚本）',
  modeSheet: '长者模式样式表（按偏好返回；CloudFront 无法运行函数的区域使用）',
  statusPage: '办理进度查询（表单提交受理编号和查询码，返回 303 至办理进度页）',
  recoverPage: '重新获取查询码页（输入受理编号和申请时填写的电子邮箱）',
  recoverRequest:
    '申请重新获取查询码：受理编号与申请时填写的电子邮箱一致的，向该邮箱发送 30 分钟内有效的一次性链接；无论是否一致均返回相同的页面（303）',
  recoverLinkPage: '邮件中的链接打开的确认页（按按钮后才取得新的查询码，邮件扫描程序打开链接不会使其失效）',
  recoverUse: '取得新的查询码：原查询码失效，返回 303 至办理进度页并在该页显示一次新的查询码',
  correctionPage: '在办理进度页提交补正（表单，返回 303 至办理进度页）',
  statusView: '办理进度页（查询后 30 分钟内凭浏览器保存的查询凭据打开，无需再次输入查询码）',
  letterPage: '办理进度页中的一份文书（可打印，附返回办理进度的链接）',
  filePage: '办理进度页中答复提供的文件（转到 5 分钟内有效的下载链接）',
} satisfies Record<(typeof publicRoutes)[number]['operationId'], string>;

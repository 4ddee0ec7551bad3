/** The publications function's entries of the route table (主动公开 and the public site). */
import * as z from 'zod/mini';
import {
  jobView,
  pageQuery,
  siteQueued,
  staffHealth,
  staffHealthSummary,
  stepForms,
  storedRecord,
} from '#lib/route-schemas.ts';
import type { RouteSpec } from '#lib/route-spec.ts';
import {
  attachmentUploadInput,
  contentExample,
  contentInput,
  pageInput,
  publishingSettingsInput,
  stepInput,
} from './schemas.ts';
import { once } from '#lib/once.ts';

const tag = '主动公开';
const id = once(() =>
  z.object({ id: z.string().check(z.regex(/^[0-9a-f]{16}$/, '信息编号无效'), z.meta({ title: '信息编号' })) }),
);
const summary = once(() =>
  z.object({
    id: z.string(),
    title: z.string(),
    status: z.string(),
    statusLabel: z.string(),
    category: z.string(),
    categoryName: z.string(),
    indexNumber: z.nullable(z.string()),
    publishedOn: z.nullable(z.string()),
    late: z.boolean(),
    updatedAt: z.string(),
    version: z.number(),
  }),
);
const event = once(() => z.object({ type: z.string(), actor: z.string(), on: z.string(), text: z.string() }));
/**
 * A finding of the check before publication — 个人信息检查's, or 表述检查's (kind `expression`, with the
 * wrong and right forms) — where (field, file, page, cell), a masked excerpt, and its acknowledgement.
 */
const privacyFinding = once(() =>
  z.object({
    id: z.string(),
    kind: z.enum(['idNumber', 'mobile', 'bankCard', 'unchecked', 'expression']),
    kindLabel: z.string(),
    where: z.object({
      field: z.string(),
      attachmentId: z.optional(z.string()),
      fileName: z.optional(z.string()),
      page: z.optional(z.number()),
      sheet: z.optional(z.string()),
      cell: z.optional(z.string()),
      paragraph: z.optional(z.number()),
      section: z.optional(z.string()),
    }),
    whereText: z.string(),
    excerpt: z.string(),
    name: z.optional(z.string()),
    reason: z.optional(z.string()),
    acknowledged: z.optional(
      z.object({
        by: z.string(),
        byName: z.optional(z.string()),
        at: z.string(),
        reason: z.string(),
      }),
    ),
    /** 表述检查: serious (holds approval) or a warning; the wrong form as written and the right one. */
    expression: z.optional(
      z.object({
        severity: z.enum(['serious', 'warning']),
        type: z.string(),
        wrong: z.string(),
        right: z.string(),
        note: z.optional(z.string()),
        source: z.string(),
      }),
    ),
  }),
);
/** A check's state: scanning while the attachments are read; whether it read the content as it now is; how many findings are open. */
const privacyCheck = once(() =>
  z.object({
    state: z.enum(['scanning', 'done']),
    at: z.string(),
    by: z.enum(['submit', 'sweep']),
    current: z.boolean(),
    open: z.number(),
    summary: z.string(),
  }),
);
/** A column page; `findings`: its check as saved (a kept finding with who kept it and why). */
const columnPage = once(() =>
  z.object({
    page: z.string(),
    title: z.string(),
    html: z.string(),
    version: z.number(),
    findings: z.array(privacyFinding()),
    privacyGrounds: z.optional(z.array(z.object({ value: z.string(), label: z.string() }))),
    site: z.optional(siteQueued()),
  }),
);
const publishing = once(() =>
  z.object({
    indexPattern: z.string(),
    orgCode: z.string(),
    version: z.number(),
    example: z.string(),
  }),
);
const pageParams = once(() =>
  z.object({
    page: z
      .enum(['guide', 'rules'], { error: '只有 guide（指南）和 rules（制度）可以编辑' })
      .check(z.meta({ title: '页面' })),
  }),
);

/**
 * The stored publication as staff read it: the fields the console reads are declared; the rest of the
 * record (its review, checks, withdrawal) passes as stored.
 */
const publicationItem = once(() =>
  storedRecord({
    id: z.string(),
    agencyId: z.string(),
    status: z.string(),
    version: z.number(),
    indexNumber: z.optional(z.string()),
    revisionNote: z.optional(z.string()),
    /** The working copy: the draft, or the revision under way. */
    content: storedRecord({
      title: z.string(),
      category: z.string(),
      topic: z.string(),
      documentNumber: z.optional(z.string()),
      writtenOn: z.string(),
      summary: z.string(),
      bodyHtml: z.string(),
      attachments: z.array(storedRecord({ id: z.string(), fileName: z.string() })),
      validity: z.optional(storedRecord({ state: z.enum(['valid', 'repealed']), repealedOn: z.optional(z.string()) })),
    }),
    published: z.optional(
      storedRecord({
        publishedOn: z.string(),
        revision: z.number(),
        late: z.optional(z.boolean()),
        latenessPendingYear: z.optional(z.number()),
        lateText: z.optional(z.string()),
      }),
    ),
  }),
);

export const publicationsRoutes = [
  {
    operationId: 'listPublications',
    method: 'GET',
    path: '/api/staff/publications',
    fn: 'publications',
    auth: 'staff',
    roles: ['handler', 'reviewer', 'admin'],
    tag,
    schemas: once(() => ({
      query: pageQuery(),
      response: z.object({
        publications: z.array(summary()),
        next: z.nullable(z.string()),
        late: z.number(),
        categories: z.array(
          z.object({ slug: z.string(), name: z.string(), article: z.string(), validity: z.boolean() }),
        ),
        topics: z.array(z.string()),
        can: z.object({ create: z.boolean() }),
      }),
    })),
  },
  {
    operationId: 'createPublication',
    method: 'POST',
    path: '/api/staff/publications',
    fn: 'publications',
    auth: 'staff',
    roles: ['handler'],
    tag,
    schemas: once(() => ({
      body: contentInput(),
      response: summary(),
    })),
    example: contentExample,
    status: 201,
  },
  {
    operationId: 'publicationDetail',
    method: 'GET',
    path: '/api/staff/publications/{id}',
    fn: 'publications',
    auth: 'staff',
    roles: ['handler', 'reviewer', 'admin'],
    tag,
    schemas: once(() => ({
      params: id(),
      response: z.object({
        ...summary().shape,
        item: publicationItem(),
        /** 个人信息检查 for review (from the submission, or the sweep of what was published). */
        privacy: z.nullable(privacyCheck()),
        privacyFindings: z.array(privacyFinding()),
        /** The check of the draft as saved, shown to the handler while editing. */
        draftCheck: z.nullable(z.object({ ...privacyCheck().shape, findings: z.array(privacyFinding()) })),
        /** The legal grounds a reviewer may choose when keeping a finding public (with words of their own). */
        privacyGrounds: z.array(z.object({ value: z.string(), label: z.string() })),
        /** The reviewer's last return: current until the draft is submitted again, then history. */
        lastReturn: z.nullable(
          z.object({
            comments: z.string(),
            by: z.string(),
            on: z.string(),
            current: z.boolean(),
            resubmittedOn: z.optional(z.string()),
          }),
        ),
        /** The steps this member of staff may take now, as forms (`edit` is the content form itself). */
        actions: stepForms(),
        events: z.array(
          z.object({
            at: z.string(),
            type: z.string(),
            actor: z.string(),
            actorName: z.optional(z.string()),
            text: z.string(),
          }),
        ),
      }),
    })),
  },
  {
    operationId: 'publicationStep',
    method: 'POST',
    path: '/api/staff/publications/{id}/actions',
    fn: 'publications',
    auth: 'staff',
    roles: ['handler', 'reviewer'],
    tag,
    schemas: once(() => ({
      params: id(),
      body: stepInput(),
      response: z.object({ ...summary().shape, event: event(), site: z.optional(siteQueued()) }),
    })),
    example: {
      version: 2,
      action: { type: 'approve', secrecyCheck: '经审查，不涉及国家秘密、工作秘密和个人隐私，同意公开。' },
    },
  },
  {
    operationId: 'publicationAttachment',
    method: 'GET',
    path: '/api/staff/publications/{id}/attachments/{attachmentId}',
    fn: 'publications',
    auth: 'staff',
    roles: ['handler', 'reviewer', 'admin'],
    tag,
    schemas: once(() => ({
      params: z.object({
        ...id().shape,
        attachmentId: z.uuid('附件编号无效').check(z.meta({ title: '附件编号' })),
      }),
      response: z.object({ url: z.string(), expiresAt: z.string(), inline: z.boolean() }),
    })),
  },
  {
    operationId: 'privacyFindings',
    method: 'GET',
    path: '/api/staff/privacy',
    fn: 'publications',
    auth: 'staff',
    roles: ['handler', 'reviewer', 'admin'],
    tag,
    schemas: once(() => ({
      query: z.object({
        ...pageQuery().shape,
        scope: z.optional(z.enum(['county'], { error: '只能为 county（全县）' }).check(z.meta({ title: '范围' }))),
      }),
      response: z.object({
        items: z.array(
          z.object({
            id: z.string(),
            agencyId: z.string(),
            agencyName: z.nullable(z.string()),
            title: z.string(),
            status: z.string(),
            statusLabel: z.string(),
            publishedOn: z.nullable(z.string()),
            by: z.enum(['submit', 'sweep']),
            at: z.string(),
            open: z.array(privacyFinding()),
          }),
        ),
        next: z.nullable(z.string()),
      }),
    })),
  },
  {
    operationId: 'createAttachmentUpload',
    method: 'POST',
    path: '/api/staff/publications/uploads',
    fn: 'publications',
    auth: 'staff',
    roles: ['handler'],
    tag,
    schemas: once(() => ({
      body: attachmentUploadInput(),
      response: z.object({
        uploadId: z.string(),
        url: z.string(),
        fields: z.record(z.string(), z.string()),
        maxBytes: z.number(),
        expiresAt: z.string(),
      }),
    })),
    example: {
      fileName: '2026年预算表.xlsx',
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      size: 20480,
    },
    status: 201,
  },
  {
    operationId: 'getColumnPage',
    method: 'GET',
    path: '/api/staff/site/pages/{page}',
    fn: 'publications',
    auth: 'staff',
    roles: ['handler', 'reviewer', 'admin'],
    tag: '公开专栏',
    schemas: once(() => ({
      params: pageParams(),
      response: columnPage(),
    })),
  },
  {
    operationId: 'saveColumnPage',
    method: 'PUT',
    path: '/api/staff/site/pages/{page}',
    fn: 'publications',
    auth: 'staff',
    roles: ['admin'],
    tag: '公开专栏',
    schemas: once(() => ({
      params: pageParams(),
      body: pageInput(),
      response: columnPage(),
    })),
    example: { html: '<h2>一、主动公开</h2><p>……</p>', version: 0 },
  },
  {
    operationId: 'getPublishingSettings',
    method: 'GET',
    path: '/api/staff/agency/publishing',
    fn: 'publications',
    auth: 'staff',
    roles: ['handler', 'reviewer', 'admin'],
    tag: '机关设置',
    schemas: once(() => ({
      response: publishing(),
    })),
  },
  {
    operationId: 'savePublishingSettings',
    method: 'PUT',
    path: '/api/staff/agency/publishing',
    fn: 'publications',
    auth: 'staff',
    roles: ['admin'],
    tag: '机关设置',
    schemas: once(() => ({
      body: z.object({
        ...publishingSettingsInput().shape,
        version: z.number().check(z.int(), z.minimum(0, '版本号不能为负'), z.meta({ title: '版本号' })),
      }),
      response: publishing(),
    })),
    example: { indexPattern: '{code}/{YYYY}-{NNNNN}', orgCode: '013869317', version: 0 },
  },
  {
    operationId: 'rebuildSite',
    method: 'POST',
    path: '/api/staff/site/rebuild',
    fn: 'publications',
    auth: 'staff',
    roles: ['admin'],
    tag: '公开专栏',
    schemas: once(() => ({
      response: jobView(),
    })),
    status: 202,
  },
  {
    operationId: 'siteStatus',
    method: 'GET',
    path: '/api/staff/site/status',
    fn: 'publications',
    auth: 'staff',
    roles: ['handler', 'reviewer', 'admin'],
    tag: '公开专栏',
    schemas: once(() => ({
      response: z.object({
        pending: z.number(),
        oldestAt: z.nullable(z.string()),
        rebuilding: z.boolean(),
        upToDate: z.boolean(),
      }),
    })),
  },
  staffHealth('publications'),
] as const satisfies readonly RouteSpec[];

/** What each route does, for the OpenAPI document (kept apart so the functions' bundles leave the prose out). */
export const publicationsSummaries = {
  publicationsHealth: staffHealthSummary,
  listPublications:
    '本机关的主动公开信息（草稿、待审核、已发布、已撤销），最近修改的在前，一次一页（默认 50 条，next 传回 cursor 取下一页）；late 为累计超过 20 个工作日发布的件数（条例第二十六条，按年度报告计数）',
  createPublication: '新建主动公开信息草稿（正文为富文本，保存前按白名单清理）',
  publicationDetail:
    '主动公开信息详情：当前稿、已发布版本、审核记录；个人信息检查（privacy：审核用；draftCheck：草稿保存时，供经办人修改）、确认公开可选的法律依据、最近一次退回意见（重新提交后为历史记录）',
  publicationStep:
    '修改（保存时进行个人信息检查，附件由后台读取，结果见详情的 draftCheck）、提交审核（内容未改动的沿用保存时的检查，否则重新检查）、撤回提交（recall：经办人在审核人开始审核前撤回）、确认公开个人信息（acknowledge：逐项写明理由，可选择法律依据 ground 并说明，只有标点或重复字的理由不予接受）、审核通过（个人信息检查完成且各项均已处理，记录保密审查意见后发布，生成索引号；否则 409）、退回、修订、撤销。发布、修订和撤销后，公开网站中受影响的页面交由后台生成（通常数秒内完成，进度见 GET /api/staff/site/status）；version 为读取时的版本号',
  privacyFindings:
    '个人信息检查待处理的信息：提交审核和已发布（含本功能上线前发布、由每日巡检补查）的信息中，尚未退回修改或确认公开的身份证号码、手机号码、银行卡号及无法自动检查的附件；scope=county 为全县（县级机关工作人员）',
  publicationAttachment:
    '打开信息的一个附件（审核前核对、保密审查时查看）：返回 5 分钟内有效的链接；PDF、JPEG、PNG 在浏览器中直接打开，其他格式下载',
  createAttachmentUpload:
    '上传附件（PDF、Word、Excel、JPEG、PNG，不超过 10 MB）：返回直传存储桶的表单策略，保存时以 uploadId 关联',
  getColumnPage: '本机关公开专栏的政府信息公开指南（guide）或政府信息公开制度（rules）',
  saveColumnPage:
    '修改政府信息公开指南或制度（管理员，富文本按白名单清理），随即交由后台更新公开网站；保存前进行个人信息检查，有未确认的发现时 409（privacyAcknowledgements 逐项写明理由确认公开）',
  getPublishingSettings: '本机关的索引号规则（如 {code}/{YYYY}-{NNNNN}）和机构代码',
  savePublishingSettings: '修改索引号规则（管理员）；已发布信息的索引号不变',
  rebuildSite:
    '按数据库重新生成整个公开网站（仅用于故障恢复，县级管理员）：作为后台任务运行，立即返回任务编号，以 GET /api/staff/jobs/{id} 查看进度',
  siteStatus:
    '公开网站的更新进度：等待生成的页面任务数（最多计 100）、最早一项的时间，是否正在重新生成整个网站（如修改网站标识信息后）；均已完成时网站与数据库一致',
} satisfies Record<(typeof publicationsRoutes)[number]['operationId'], string>;

/** The imports function's entries of the route table: a county's history brought in (历史信息导入). */
import * as z from 'zod/mini';
import { pageQuery, staffHealth, staffHealthSummary } from '#lib/route-schemas.ts';
import { importReport, importRowError } from '#lib/import-schemas.ts';
import type { RouteSpec } from '#lib/route-spec.ts';
import { batchStepInput, categoryMapInput, importInput } from './schemas.ts';
import { once } from '#lib/once.ts';

const tag = '历史信息导入';
const batchId = once(() =>
  z.object({
    batchId: z.string().check(z.regex(/^[0-9a-f]{16}$/, '批次编号无效'), z.meta({ title: '批次编号' })),
  }),
);
const importBatch = once(() =>
  z.object({
    id: z.string(),
    state: z.enum(['open', 'submitted', 'importing', 'done']),
    stateLabel: z.string(),
    rows: z.number(),
    createdBy: z.string(),
    createdAt: z.string(),
    submittedBy: z.nullable(z.string()),
    review: z.nullable(
      z.object({
        by: z.string(),
        at: z.string(),
        approved: z.boolean(),
        secrecyCheck: z.optional(z.string()),
        comments: z.optional(z.string()),
      }),
    ),
    jobId: z.nullable(z.string()),
    result: z.nullable(
      z.object({
        published: z.number(),
        skipped: z.number(),
        failed: z.array(importRowError()),
        failedCount: z.optional(z.number()),
      }),
    ),
    version: z.number(),
    actions: z.array(z.enum(['submit', 'approve', 'return'])),
  }),
);

const categoryMap = once(() =>
  z.object({
    choices: z.array(z.object({ value: z.string(), category: z.string(), by: z.string(), at: z.string() })),
    options: z.array(z.object({ slug: z.string(), name: z.string(), article: z.string() })),
    version: z.number(),
  }),
);

export const importsRoutes = [
  {
    operationId: 'importPublications',
    method: 'POST',
    path: '/api/staff/imports/publications',
    fn: 'imports',
    auth: 'staff',
    roles: ['handler'],
    tag,
    schemas: once(() => ({
      body: importInput(),
      response: z.object({
        ...importReport().shape,
        categories: z.array(
          z.object({
            value: z.string(),
            rows: z.number(),
            category: z.nullable(z.string()),
            source: z.nullable(z.enum(['statutory', 'synonym', 'agency'])),
          }),
        ),
        staged: z.number(),
        /** Rows the call did not reach in its share of time (their attachments linked later): send them again. */
        pending: z.array(z.number()),
        batch: z.nullable(importBatch()),
      }),
    })),
    example: {
      dryRun: true,
      firstRow: 2,
      rows: [
        {
          title: '露水河镇2017年财政预算公开',
          category: '财政预算决算',
          topic: '财政、金融、审计',
          documentNumber: '露政发〔2017〕3号',
          writtenOn: '2017-03-02',
          publishedOn: '2017-03-10',
          indexNumber: '013869317/2017-00003',
          summary: '公开露水河镇2017年一般公共预算收支情况。',
          body: '根据《中华人民共和国预算法》，现将露水河镇2017年财政预算公开如下。',
          attachments: '2017年预算表.xlsx',
        },
      ],
    },
  },
  {
    operationId: 'importCategoryMap',
    method: 'GET',
    path: '/api/staff/imports/categories',
    fn: 'imports',
    auth: 'staff',
    roles: ['handler', 'reviewer', 'admin'],
    tag,
    schemas: once(() => ({
      response: categoryMap(),
    })),
  },
  {
    operationId: 'saveImportCategoryMap',
    method: 'PUT',
    path: '/api/staff/imports/categories',
    fn: 'imports',
    auth: 'staff',
    roles: ['handler'],
    tag,
    schemas: once(() => ({
      body: categoryMapInput(),
      response: categoryMap(),
    })),
    example: { version: 0, choices: [{ value: '通知公告', category: 'other' }] },
  },
  {
    operationId: 'listImportBatches',
    method: 'GET',
    path: '/api/staff/imports/publications',
    fn: 'imports',
    auth: 'staff',
    roles: ['handler', 'reviewer', 'admin'],
    tag,
    schemas: once(() => ({
      query: pageQuery(),
      response: z.object({ batches: z.array(importBatch()), next: z.nullable(z.string()) }),
    })),
  },
  {
    operationId: 'importBatchDetail',
    method: 'GET',
    path: '/api/staff/imports/publications/{batchId}',
    fn: 'imports',
    auth: 'staff',
    roles: ['handler', 'reviewer', 'admin'],
    tag,
    schemas: once(() => ({
      params: batchId(),
      query: pageQuery(),
      response: z.object({
        ...importBatch().shape,
        progress: z.nullable(
          z.object({
            done: z.number(),
            total: z.number(),
            state: z.string(),
            startedAt: z.string(),
            updatedAt: z.optional(z.string()),
          }),
        ),
        /** The site's render tasks still waiting (counted up to 1,000; more: there are more). */
        site: z.nullable(z.object({ waiting: z.number(), more: z.boolean() })),
        rowsPage: z.array(
          z.object({
            row: z.number(),
            id: z.string(),
            title: z.string(),
            category: z.string(),
            documentNumber: z.nullable(z.string()),
            writtenOn: z.string(),
            publishedOn: z.string(),
            indexNumber: z.nullable(z.string()),
            attachments: z.array(z.string()),
          }),
        ),
        next: z.nullable(z.string()),
      }),
    })),
  },
  {
    operationId: 'importBatchStep',
    method: 'POST',
    path: '/api/staff/imports/publications/{batchId}/actions',
    fn: 'imports',
    auth: 'staff',
    roles: ['handler', 'reviewer'],
    tag,
    schemas: once(() => ({
      params: batchId(),
      body: batchStepInput(),
      response: importBatch(),
    })),
    example: { version: 2, action: { type: 'approve', secrecyCheck: '经审查，均为原网站已公开的信息，同意导入。' } },
  },
  staffHealth('imports'),
] as const satisfies readonly RouteSpec[];

/** What each route does, for the OpenAPI document (kept apart so the functions' bundles leave the prose out). */
export const importsSummaries = {
  importsHealth: staffHealthSummary,
  importPublications:
    '导入本机关原网站的历史信息目录（经办人；每次最多 500 行，电子表格分多次提交）：dryRun=true 逐行检查并返回各行各字段的错误及各原类别名称对应的法定类别，不写入任何数据；dryRun=false 在全部无误时将各行暂存到批次（未指定 batch 时新建），同一行重复提交不会重复暂存，已导入的行跳过。附件以 attachments 列出文件名，正式导入时附上 uploadId（先经 POST /api/staff/publications/uploads 上传）',
  importCategoryMap: '本机关原网站信息类别与法定主动公开内容类别的对应关系（导入时沿用），以及可选的法定类别',
  saveImportCategoryMap:
    '设置原网站信息类别对应的法定类别（经办人；选择一次，本机关以后的导入沿用；category 为 null 时取消该项对应）',
  listImportBatches: '本机关的历史信息导入批次，最新的在前',
  importBatchDetail: '导入批次：状态、行数、按发布日期排列的各行（一次一页）和导入进度',
  importBatchStep:
    '导入批次的操作：submit 提交审核（经办人），approve 审核同意（提交人以外的审核人，记录保密审查意见，随即在后台逐行发布，保留原发布日期，不计为逾期发布），return 退回（填写意见）',
} satisfies Record<(typeof importsRoutes)[number]['operationId'], string>;

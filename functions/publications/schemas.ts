/** What staff send to the publications function. */
import * as z from 'zod/mini';
import { categories, topics } from '#core/categories.ts';
import { attachmentTypes, isIndexPattern, stepTextLimit } from '#core/publication.ts';
import { acknowledgements } from '#lib/acknowledgements.ts';
import { once } from '#lib/once.ts';
import { date, fileToUpload, text, version } from '#lib/route-schemas.ts';

export const contentInput = once(() =>
  z.object({
    title: text('名称', 200),
    category: z
      .enum(categories.map((c) => c.slug) as [string, ...string[]], { error: '请从法定主动公开内容的类别中选择' })
      .check(z.meta({ title: '信息类别' })),
    topic: z.enum(topics, { error: '请从主题分类中选择' }).check(z.meta({ title: '主题分类' })),
    documentNumber: z.optional(text('文号', 50, { required: false })),
    writtenOn: date('成文日期'),
    validity: z.optional(
      z.object({
        state: z
          .enum(['valid', 'repealed'], { error: '应为 valid（有效）或 repealed（废止）' })
          .check(z.meta({ title: '有效性' })),
        repealedOn: z.optional(date('废止日期')),
      }),
    ),
    summary: text('内容概述', 1000, { required: false, multiline: true }),
    bodyHtml: text('正文', 200_000, { required: false, multiline: true }),
    /** Attachments kept (their ids) and new uploads (their uploadIds), in order. */
    attachments: z.array(z.uuid('附件编号无效')).check(z.maxLength(30, '最多 30 个附件'), z.meta({ title: '附件' })),
  }),
);
export type ContentInput = z.output<ReturnType<typeof contentInput>>;

export const contentExample = {
  title: '露水河镇 2026 年财政预算公开',
  category: 'finance',
  topic: '财政、金融、审计',
  documentNumber: '露政发〔2026〕3号',
  writtenOn: '2026-03-02',
  summary: '公开露水河镇 2026 年一般公共预算收支情况。',
  bodyHtml: '<p>根据《中华人民共和国预算法》，现将露水河镇 2026 年财政预算公开如下。</p>',
  attachments: [],
};

/** A step's text, from a text area in the console. */
const reason = (title: string) => text(title, stepTextLimit, { multiline: true });

export const stepInput = once(() =>
  z.object({
    version: version(),
    action: z
      .discriminatedUnion(
        'type',
        [
          z.object({
            type: z.literal('edit'),
            content: contentInput(),
            revisionNote: z.optional(text('修订说明', 500, { required: false, multiline: true })),
          }),
          z.object({ type: z.literal('submit') }),
          z.object({ type: z.literal('recall') }),
          z.object({ type: z.literal('approve'), secrecyCheck: reason('保密审查意见') }),
          z.object({ type: z.literal('return'), comments: reason('退回意见') }),
          z.object({ type: z.literal('revise') }),
          z.object({ type: z.literal('withdraw'), reason: reason('撤销理由') }),
          z.object({
            type: z.literal('acknowledge'),
            acknowledgements: acknowledgements().check(z.minLength(1, '请至少确认一项')),
          }),
        ],
        { error: '未知的操作' },
      )
      .check(z.meta({ title: '操作' })),
  }),
);
export type StepInput = z.output<ReturnType<typeof stepInput>>;

export const attachmentUploadInput = once(() => fileToUpload(attachmentTypes));

/** A column page's save; findings of its 个人信息检查 acknowledged by their numbers, each with a reason. */
export const pageInput = once(() =>
  z.object({
    html: text('页面内容', 200_000, { multiline: true }),
    privacyAcknowledgements: z.optional(acknowledgements()),
    version: z.number().check(z.int(), z.minimum(0, '版本号不能为负'), z.meta({ title: '版本号' })),
  }),
);

export const publishingSettingsInput = once(() =>
  z.object({
    indexPattern: z
      .string()
      .check(
        z.refine(isIndexPattern, '应包含 {YYYY} 和 {NNNNN} 等占位符，不超过 60 个字符'),
        z.meta({ title: '索引号规则' }),
      ),
    orgCode: text('机构代码', 18),
  }),
);

/** What staff send to the applications function. */
import * as z from 'zod/mini';
import { statuses, uploadTypes, type Status } from '#core/application.ts';
import { recordedMethods } from '#core/service.ts';
import { outcomes, stepLimits, type Outcome } from '#core/workflow.ts';
import { acknowledgements } from '#lib/acknowledgements.ts';
import { once } from '#lib/once.ts';
import { date, fileToUpload, text, version } from '#lib/route-schemas.ts';

/** A 个人信息检查 of files for an answer: its job's id. */
export const fileCheckId = once(() =>
  z.string().check(z.regex(/^[0-9a-f]{16}$/, '检查编号无效'), z.meta({ title: '个人信息检查编号' })),
);

/** The files (their upload ids) to check before they are given with an answer. */
export type FileCheckInput = z.output<ReturnType<typeof fileCheckInput>>;
export const fileCheckInput = once(() =>
  z.object({
    files: z
      .array(z.uuid('上传编号无效'))
      .check(
        z.minLength(1, '请选择文件'),
        z.maxLength(stepLimits.answerFiles, `最多 ${stepLimits.answerFiles} 个文件`),
        z.meta({ title: '提供的文件' }),
      ),
  }),
);

export const calendarInput = once(() =>
  z.object({
    complete: z
      .boolean({ error: '请说明是否为该年度完整的放假安排（true 或 false）' })
      .check(z.meta({ title: '完整安排' })),
    note: z
      .string()
      .check(
        z.minLength(1, '请填写依据，如国务院办公厅通知的文号'),
        z.maxLength(200, '不能超过 200 个字符'),
        z.meta({ title: '依据' }),
      ),
    days: z
      .array(
        z.object({
          date: date('日期'),
          kind: z
            .enum(['holiday', 'workday'], { error: '应为 holiday（放假）或 workday（调休上班）' })
            .check(z.meta({ title: '类型' })),
          note: text('说明', 50),
        }),
      )
      .check(z.maxLength(120, '一个年度最多 120 条'), z.meta({ title: '日期列表' })),
    version: z.number().check(z.int(), z.minimum(0, '版本号不能为负'), z.meta({ title: '版本号' })),
    /** The administrator has checked the dates the last attempt asked about (a 调休 on a weekday, a lone weekend holiday). */
    confirmed: z.optional(z.boolean().check(z.meta({ title: '已核对日期' }))),
  }),
);
export type CalendarInput = z.output<ReturnType<typeof calendarInput>>;

export const calendarExample = {
  complete: true,
  note: '国办发明电〔2026〕7号',
  days: [
    { date: '2027-01-01', kind: 'holiday', note: '元旦' },
    ...['05', '07', '08', '09', '10', '11', '12'].map((day) => ({
      date: `2027-02-${day}`,
      kind: 'holiday' as const,
      note: '春节',
    })),
    { date: '2027-02-20', kind: 'workday', note: '春节调休上班' },
    { date: '2027-04-05', kind: 'holiday', note: '清明节' },
    ...['01', '02', '03'].map((day) => ({ date: `2027-05-${day}`, kind: 'holiday' as const, note: '劳动节' })),
    { date: '2027-06-09', kind: 'holiday', note: '端午节' },
    { date: '2027-09-15', kind: 'holiday', note: '中秋节' },
  ],
  version: 0,
};

/** A step's text; `multiline` where the console offers a text area (only there may a line break go). */
const reason = (title: string, multiline = false) => text(title, stepLimits.text, { multiline });

/** The steps staff take on an application (the sweep takes the expiries, reminders and overdue marks). */
export const actionInput = once(() =>
  z.object({
    version: version(),
    action: z
      .discriminatedUnion(
        'type',
        [
          z.object({
            type: z.literal('confirmReceipt'),
            receiptDate: z.optional(date('日期')),
            reason: z.optional(reason('更正理由')),
            receivedOnPaper: z.optional(z.boolean().check(z.meta({ title: '此前已收到纸质申请' }))),
            identityConfirmed: z.optional(z.boolean().check(z.meta({ title: '已核对申请人身份' }))),
          }),
          z.object({
            type: z.literal('requestCorrection'),
            items: z
              .array(reason('补正事项'))
              .check(
                z.minLength(1, '请列明需要补正的事项'),
                z.maxLength(stepLimits.correctionItems, `最多 ${stepLimits.correctionItems} 项`),
                z.meta({ title: '补正事项' }),
              ),
            periodDays: z
              .number()
              .check(
                z.int(),
                z.minimum(stepLimits.correctionPeriodDays.min, `至少 ${stepLimits.correctionPeriodDays.min} 个工作日`),
                z.maximum(
                  stepLimits.correctionPeriodDays.max,
                  `不超过 ${stepLimits.correctionPeriodDays.max} 个工作日`,
                ),
                z.meta({ title: '补正期限' }),
              ),
          }),
          z.object({ type: z.literal('receiveCorrection') }),
          z.object({
            type: z.literal('startConsultation'),
            party: reason('征求意见对象'),
            kind: z.enum(['thirdParty', 'coProducer'], {
              error: '应为 thirdParty（第三方）或 coProducer（共同制作机关）',
            }),
          }),
          z.object({ type: z.literal('recordConsultationReply'), reply: reason('意见内容', true) }),
          z.object({
            type: z.literal('requestExtension'),
            days: z
              .number()
              .check(
                z.int(),
                z.minimum(stepLimits.extensionDays.min, `至少 ${stepLimits.extensionDays.min} 个工作日`),
                z.maximum(stepLimits.extensionDays.max, `不超过 ${stepLimits.extensionDays.max} 个工作日`),
                z.meta({ title: '延长天数' }),
              ),
            reason: reason('延期理由', true),
          }),
          z.object({ type: z.literal('decideExtension'), approve: z.boolean(), reason: reason('审批意见') }),
          z.object({
            type: z.literal('sendFeeNotice'),
            scheme: z
              .enum(['perItem', 'perPage'], { error: '应为 perItem（按件计收）或 perPage（按量计收）' })
              .check(z.meta({ title: '收费方式' })),
            /** Why the quantity or frequency clearly exceeds a reasonable range (109号): the notice states it. */
            reason: reason('超出合理范围的情况', true),
            quantity: z
              .number()
              .check(
                z.int(),
                z.minimum(stepLimits.feeQuantity.min, '至少为 1'),
                z.maximum(stepLimits.feeQuantity.max, '数量过大'),
                z.meta({ title: '件数或页数' }),
              ),
            /** Earlier applications the handler finds are not this applicant's, with why (按件计收). */
            exclude: z.optional(
              z
                .array(
                  z.object({
                    receiptNumber: z.string().check(z.maxLength(40), z.meta({ title: '受理编号' })),
                    reason: reason('不计入的理由'),
                  }),
                )
                .check(z.maxLength(100, '最多 100 件'), z.meta({ title: '不计入的申请' })),
            ),
          }),
          z.object({ type: z.literal('recordPayment') }),
          z.object({
            type: z.literal('answer'),
            outcome: z
              .enum(Object.keys(outcomes) as [Outcome, ...Outcome[]], { error: '请从官方答复类型中选择' })
              .check(z.meta({ title: '答复类型' })),
            basis: reason('法律依据', true),
            location: z.optional(reason('获取方式')),
            files: z.optional(
              z
                .array(z.uuid('上传编号无效'))
                .check(
                  z.maxLength(stepLimits.answerFiles, `最多 ${stepLimits.answerFiles} 个文件`),
                  z.meta({ title: '提供的文件' }),
                ),
            ),
            responsibleAgency: z.optional(reason('负责公开的机关')),
            /** The 个人信息检查 of these same files (POST …/file-checks), and its findings kept, each with a reason. */
            fileCheck: z.optional(fileCheckId()),
            privacyAcknowledgements: z.optional(acknowledgements()),
          }),
          z.object({ type: z.literal('close') }),
          z.object({ type: z.literal('withdraw'), reason: reason('撤回情况') }),
          z.object({
            type: z.literal('assign'),
            assignee: z
              .string()
              .check(
                z.minLength(1, '请选择经办人'),
                z.maxLength(64, '不能超过 64 个字符'),
                z.meta({ title: '经办人' }),
              ),
          }),
          z.object({ type: z.literal('note'), text: reason('备注', true) }),
        ],
        { error: '未知的办理操作' },
      )
      .check(z.meta({ title: '办理操作' })),
  }),
);
export type ActionInput = z.output<ReturnType<typeof actionInput>>;

export const queueQuery = once(() =>
  z.object({
    agency: z.optional(z.string().check(z.maxLength(64, '机关编号过长'), z.meta({ title: '机关' }))),
    status: z.optional(
      z
        .enum(['open', ...Object.keys(statuses)] as ['open', ...Status[]], { error: '未知的办理状态' })
        .check(z.meta({ title: '状态' })),
    ),
    applicantKind: z.optional(
      z
        .enum(['person', 'organisation'], { error: '应为 person（自然人）或 organisation（法人或其他组织）' })
        .check(z.meta({ title: '申请人类型' })),
    ),
    assignee: z.optional(text('经办人', 64, { required: false })),
    year: z.optional(
      z.coerce
        .number()
        .check(z.int(), z.minimum(2000, '年度无效'), z.maximum(2100, '年度无效'), z.meta({ title: '年度' })),
    ),
    q: z.optional(text('搜索', 50, { required: false })),
    review: z.optional(
      z.enum(['identity'], { error: '应为 identity（待人工复核申请人身份）' }).check(z.meta({ title: '人工复核' })),
    ),
    due: z.optional(
      z
        .enum(['overdue', 'soon'], { error: '应为 overdue（已逾期）或 soon（3 个工作日内到期）' })
        .check(z.meta({ title: '答复期限' })),
    ),
    limit: z.optional(
      z.coerce
        .number()
        .check(
          z.int(),
          z.minimum(1, '每页至少 1 件'),
          z.maximum(100, '每页最多 100 件'),
          z.meta({ title: '每页件数' }),
        ),
    ),
    cursor: z.optional(z.string().check(z.maxLength(1000, '分页参数无效'), z.meta({ title: '分页' }))),
  }),
);
export type QueueQuery = z.output<ReturnType<typeof queueQuery>>;

export const feeQuery = once(() =>
  z.object({
    scheme: z
      .enum(['perItem', 'perPage'], { error: '应为 perItem（按件计收）或 perPage（按量计收）' })
      .check(z.meta({ title: '收费方式' })),
    quantity: z.coerce
      .number()
      .check(
        z.int(),
        z.minimum(stepLimits.feeQuantity.min, '至少为 1'),
        z.maximum(stepLimits.feeQuantity.max, '数量过大'),
        z.meta({ title: '件数或页数' }),
      ),
  }),
);

export const staffUploadInput = once(() => fileToUpload(uploadTypes));
export type StaffUploadInput = z.output<ReturnType<typeof staffUploadInput>>;

/** How a letter was served (送达); online service is recorded when the applicant opens it. */
export const serviceInput = once(() =>
  z.object({
    version: version(),
    method: z.enum(recordedMethods, '请选择送达方式'),
    /** The day served (by post: 交邮之日); by e-mail, the mail log's day is taken. */
    on: z.optional(date('日期')),
    carrier: z.optional(z.enum(['ems', 'registered'], '请选择邮寄方式')),
    trackingNumber: z.optional(
      z
        .string()
        .check(
          z.trim(),
          z.toUpperCase(),
          z.regex(/^$|^([A-Z]{2}\d{9}[A-Z]{2}|\d{13})$/, '应为 EA123456789CN 形式或 13 位数字'),
          z.meta({ title: '邮件号码' }),
        ),
    ),
    note: z.optional(text('说明', stepLimits.text, { required: false })),
    /** An upload (POST /api/staff/uploads) of the postal receipt's scan. */
    receiptScan: z.optional(z.string().check(z.maxLength(40, '上传编号无效'), z.meta({ title: '交寄凭证扫描件' }))),
  }),
);
export type ServiceInput = z.output<ReturnType<typeof serviceInput>>;

export const letterSettingsInput = once(() =>
  z.object({
    prefix: text('文书字号前缀', 10),
    reconsiderationBody: reason('行政复议机关'),
    reconsiderationNote: z.optional(text('改用其他复议机关的说明', 200, { required: false })),
    court: reason('行政诉讼法院'),
    payment: reason('缴费方式'),
    office: reason('联系机构'),
    address: text('地址', 200, { required: false }),
    phone: text('电话', 40, { required: false }),
    email: z.optional(
      z
        .string()
        .check(
          z.maxLength(100, '不能超过 100 个字符'),
          z.regex(/^$|^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/, '请填写有效的电子邮箱'),
          z.meta({ title: '电子邮箱' }),
        ),
    ),
    version: z.number().check(z.int(), z.minimum(0, '版本号不能为负'), z.meta({ title: '版本号' })),
  }),
);
export type LetterSettingsInput = z.output<ReturnType<typeof letterSettingsInput>>;

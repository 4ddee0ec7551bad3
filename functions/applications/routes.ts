/** The applications function's entries of the route table (staff handling applications). */
import * as z from 'zod/mini';
import { agencyKinds } from '#core/agency.ts';
import { casesPerCall } from '#core/case-import.ts';
import { roles } from '#core/staff.ts';
import {
  jobView,
  letterVersion,
  pageQuery,
  staffHealth,
  staffHealthSummary,
  staffReceiptNumber,
  stepForms,
  storedRecord,
} from '#lib/route-schemas.ts';
import { importReport, importRows } from '#lib/import-schemas.ts';
import type { RouteSpec } from '#lib/route-spec.ts';
import {
  actionInput,
  calendarExample,
  calendarInput,
  feeQuery,
  fileCheckId,
  fileCheckInput,
  letterSettingsInput,
  queueQuery,
  serviceInput,
  staffUploadInput,
} from './schemas.ts';
import { once } from '#lib/once.ts';

const allStaff = roles;

const staffProfile = once(() =>
  z.object({
    username: z.string(),
    name: z.string(),
    roles: z.array(z.object({ role: z.enum(roles), label: z.string() })),
    agency: z.object({
      id: z.string(),
      name: z.string(),
      kind: z.enum(agencyKinds),
      parentId: z.nullable(z.string()),
      /** A government: it oversees the agencies directly under it (their reports' overview, their 工作统计). */
      governs: z.boolean(),
      /** The portal's top government: its staff work across the portal (agencies, the calendar, the site). */
      portalWide: z.boolean(),
    }),
    /** What the console says once at the top of every page (a year's holidays not entered), with where to act on it. */
    notices: z.array(
      z.object({ title: z.string(), text: z.string(), href: z.optional(z.string()), link: z.optional(z.string()) }),
    ),
  }),
);

const schedule = once(() =>
  z.object({
    year: z.number(),
    complete: z.boolean(),
    official: z.boolean(),
    days: z.array(z.object({ date: z.string(), kind: z.enum(['holiday', 'workday']), note: z.string() })),
    version: z.number(),
    updatedBy: z.optional(z.string()),
    updatedAt: z.optional(z.string()),
    note: z.optional(z.string()),
  }),
);

const receiptNumber = staffReceiptNumber;
const receiptParams = once(() => z.object({ receiptNumber: receiptNumber() }));
/** A 个人信息检查 of the files for an answer: its state, the files, and each finding (masked). */
const fileCheck = once(() =>
  z.object({
    id: z.string(),
    state: z.enum(['scanning', 'done', 'failed']),
    files: z.array(z.object({ id: z.string(), fileName: z.string() })),
    findings: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(['idNumber', 'mobile', 'bankCard', 'unchecked']),
        kindLabel: z.string(),
        where: z.object({
          field: z.string(),
          fileName: z.optional(z.string()),
          page: z.optional(z.number()),
          sheet: z.optional(z.string()),
          cell: z.optional(z.string()),
          paragraph: z.optional(z.number()),
        }),
        whereText: z.string(),
        excerpt: z.string(),
        name: z.optional(z.string()),
        reason: z.optional(z.string()),
      }),
    ),
    open: z.number(),
    /** The legal grounds to choose from when giving a finding all the same (with words of one's own). */
    grounds: z.array(z.object({ value: z.string(), label: z.string() })),
    summary: z.string(),
  }),
);
const handlers = ['handler', 'reviewer'] as const;
const agencyRef = once(() => z.object({ id: z.string(), name: z.string() }));
/** A letter's proof of service (送达), as recorded or seen (the applicant's reading it online). */
const serviceView = once(() =>
  z.object({
    method: z.string(),
    methodLabel: z.string(),
    on: z.string(),
    at: z.optional(z.string()),
    carrier: z.optional(z.string()),
    trackingNumber: z.optional(z.string()),
    note: z.optional(z.string()),
    scan: z.optional(z.object({ fileName: z.string(), contentType: z.string(), size: z.number(), key: z.string() })),
    recordedBy: z.string(),
  }),
);

const letterRef = once(() =>
  z.object({
    kind: z.string(),
    title: z.string(),
    number: z.string(),
    issuedOn: z.string(),
    version: z.number(),
    toApplicant: z.boolean(),
    /** How it was served; absent while there is no proof (the console flags it). */
    service: z.optional(serviceView()),
  }),
);
const feeCalculation = once(() =>
  z.object({
    scheme: z.string(),
    quantity: z.number(),
    earlierThisMonth: z.number(),
    total: z.number(),
    text: z.array(z.string()),
    lines: z.array(
      z.object({ from: z.number(), to: z.number(), rate: z.number(), amount: z.number(), text: z.string() }),
    ),
  }),
);
/** The preview also lists the applications with the same identity number this month, and why each is or is not counted. */
const feePreviewView = once(() =>
  z.object({
    ...feeCalculation().shape,
    earlierApplications: z.array(
      z.object({
        receiptNumber: z.string(),
        receiptDate: z.string(),
        identityConfirmed: z.boolean(),
        counted: z.boolean(),
        why: z.string(),
      }),
    ),
  }),
);
const letterSettings = once(() =>
  z.object({
    prefix: z.string(),
    reconsiderationBody: z.string(),
    reconsiderationNote: z.optional(z.string()),
    /** false until an administrator saves the settings: no letter is issued before. */
    confirmed: z.boolean(),
    /** The agency has a 电子印章 on file (placed over the date of its letters' PDF). */
    seal: z.optional(z.boolean()),
    /** The body and court the law gives the agency (行政复议法 as revised in 2023), and the article. */
    remedyDefaults: z.object({
      reconsiderationBody: z.optional(z.string()),
      court: z.optional(z.string()),
      basis: z.string(),
    }),
    court: z.string(),
    payment: z.string(),
    office: z.string(),
    address: z.string(),
    phone: z.string(),
    email: z.optional(z.string()),
    version: z.number(),
  }),
);

/**
 * The stored application as staff read it (masked where the reader may not see personal data): the
 * fields the console reads are declared; the rest of the record passes as stored.
 */
const applicationRecord = once(() =>
  storedRecord({
    receiptNumber: z.string(),
    receiptDate: z.string(),
    version: z.number(),
    applicant: storedRecord({
      kind: z.enum(['person', 'organisation']),
      name: z.string(),
      idNumber: z.optional(z.string()),
      creditCode: z.optional(z.string()),
      phone: z.string(),
      email: z.optional(z.string()),
      address: z.optional(z.string()),
    }),
    request: storedRecord({
      title: z.string(),
      documentNumber: z.optional(z.string()),
      description: z.optional(z.string()),
    }),
    handling: z.optional(
      storedRecord({
        assignee: z.optional(z.string()),
        assigneeName: z.optional(z.string()),
        identityConfirmed: z.optional(storedRecord({ on: z.string(), by: z.string() })),
        outcome: z.optional(
          storedRecord({
            files: z.optional(
              z.array(
                storedRecord({
                  id: z.string(),
                  fileName: z.string(),
                  size: z.number(),
                  redaction: z.optional(storedRecord({ id: z.string() })),
                }),
              ),
            ),
          }),
        ),
      }),
    ),
    /** 人工复核: why the applicant's identity is to be checked before handling. */
    manualReview: z.optional(storedRecord({ reason: z.string() })),
  }),
);

export const applicationsRoutes = [
  {
    operationId: 'listQueue',
    method: 'GET',
    path: '/api/staff/applications',
    fn: 'applications',
    auth: 'staff',
    roles: allStaff,
    tag: '依申请公开办理',
    schemas: once(() => ({
      query: queueQuery(),
      response: z.object({
        agency: agencyRef(),
        filters: z.object({
          statuses: z.array(z.object({ value: z.string(), label: z.string() })),
          agencies: z.array(agencyRef()),
        }),
        items: z.array(
          z.object({
            receiptNumber: z.string(),
            receiptDate: z.string(),
            status: z.string(),
            statusLabel: z.string(),
            /** Not yet ended (答复 given, withdrawn or closed): the console marks the ended ones. */
            open: z.boolean(),
            title: z.string(),
            applicantKind: z.string(),
            applicantName: z.string(),
            identity: z.string(),
            phone: z.string(),
            assignee: z.nullable(z.string()),
            assigneeName: z.nullable(z.string()),
            /** 人工复核 still to do (the applicant's identity to check), or null. */
            review: z.nullable(z.string()),
            due: z.nullable(z.string()),
            overdue: z.boolean(),
            dueSoon: z.boolean(),
            /** Letters to the applicant with no proof of service (送达) yet. */
            unserved: z.number(),
            version: z.number(),
          }),
        ),
        next: z.nullable(z.string()),
        note: z.optional(z.string()),
      }),
    })),
  },
  {
    operationId: 'applicationDetail',
    method: 'GET',
    path: '/api/staff/applications/{receiptNumber}',
    fn: 'applications',
    auth: 'staff',
    roles: allStaff,
    tag: '依申请公开办理',
    schemas: once(() => ({
      params: receiptParams(),
      response: z.object({
        application: applicationRecord(),
        /** The same applicant's similar requests to the agency in the 12 months before (a possible 重复申请). */
        similarEarlier: z.array(
          z.object({
            receiptNumber: z.string(),
            receiptDate: z.string(),
            title: z.string(),
            statusLabel: z.string(),
            outcome: z.nullable(z.string()),
            answeredOn: z.nullable(z.string()),
            similarity: z.number(),
          }),
        ),
        statusLabel: z.string(),
        agency: agencyRef(),
        readOnly: z.boolean(),
        /** The steps this member of staff may take now, as forms (none when read-only). */
        actions: stepForms(),
        deadline: z.object({
          due: z.nullable(z.string()),
          steps: z.array(z.object({ kind: z.string(), text: z.string() })),
          /** While it waits for a year's schedule: that year, and the earliest day it can fall (none while paused). */
          pending: z.optional(z.object({ year: z.number(), earliest: z.nullable(z.string()) })),
          overdue: z.boolean(),
          dueSoon: z.boolean(),
        }),
        events: z.array(
          z.object({
            at: z.string(),
            type: z.string(),
            text: z.string(),
            actor: z.optional(z.string()),
            actorName: z.optional(z.string()),
            public: z.boolean(),
          }),
        ),
        letters: z.array(letterRef()),
        /** Who took the case file (答辩证据) when, and the archive's SHA-256: the audit of its exports. */
        caseFileExports: z.array(
          z.object({
            at: z.string(),
            by: z.string(),
            byName: z.optional(z.string()),
            purpose: z.optional(z.string()),
            sha256: z.string(),
          }),
        ),
        staff: z.array(z.object({ username: z.string(), name: z.string(), roles: z.array(z.string()) })),
        delivery: z.object({ medium: z.string(), method: z.string() }),
        uploads: z.array(
          z.object({
            id: z.string(),
            purpose: z.string(),
            fileName: z.string(),
            contentType: z.string(),
            size: z.number(),
          }),
        ),
      }),
    })),
  },
  {
    operationId: 'applicationFile',
    method: 'GET',
    path: '/api/staff/applications/{receiptNumber}/files/{fileId}',
    fn: 'applications',
    auth: 'staff',
    roles: allStaff,
    tag: '依申请公开办理',
    schemas: once(() => ({
      params: z.object({
        receiptNumber: receiptNumber(),
        fileId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, '文件编号无效'), z.meta({ title: '文件' })),
      }),
      response: z.object({ url: z.string(), expiresAt: z.string(), inline: z.boolean() }),
    })),
  },
  {
    operationId: 'staffLetter',
    method: 'GET',
    path: '/api/staff/applications/{receiptNumber}/letters/{version}',
    fn: 'applications',
    auth: 'staff',
    roles: allStaff,
    tag: '依申请公开办理',
    schemas: once(() => ({
      params: z.object({
        receiptNumber: receiptNumber(),
        version: letterVersion(),
      }),
      response: z.string(),
    })),
    page: true,
  },
  {
    operationId: 'recordLetterService',
    method: 'POST',
    path: '/api/staff/applications/{receiptNumber}/letters/{version}/service',
    fn: 'applications',
    auth: 'staff',
    roles: ['handler'],
    tag: '依申请公开办理',
    schemas: once(() => ({
      params: z.object({
        receiptNumber: receiptNumber(),
        version: letterVersion(),
      }),
      body: serviceInput(),
      response: z.object({
        receiptNumber: z.string(),
        version: z.number(),
        service: serviceView(),
      }),
    })),
    example: { version: 8, method: 'post', on: '2026-10-30', carrier: 'ems', trackingNumber: 'EA123456789CN' },
  },
  {
    operationId: 'feePreview',
    method: 'GET',
    path: '/api/staff/applications/{receiptNumber}/fee',
    fn: 'applications',
    auth: 'staff',
    roles: handlers,
    tag: '依申请公开办理',
    schemas: once(() => ({
      params: receiptParams(),
      query: feeQuery(),
      response: feePreviewView(),
    })),
  },
  {
    operationId: 'startFileCheck',
    method: 'POST',
    path: '/api/staff/applications/{receiptNumber}/file-checks',
    fn: 'applications',
    auth: 'staff',
    roles: ['handler'],
    tag: '依申请公开办理',
    schemas: once(() => ({
      params: receiptParams(),
      body: fileCheckInput(),
      response: fileCheck(),
    })),
    example: { files: ['3f1c2b9e-6d4a-4c1e-9b7a-2e5d8f0a1c3b'] },
    status: 202,
  },
  {
    operationId: 'fileCheck',
    method: 'GET',
    path: '/api/staff/applications/{receiptNumber}/file-checks/{id}',
    fn: 'applications',
    auth: 'staff',
    roles: ['handler', 'reviewer'],
    tag: '依申请公开办理',
    schemas: once(() => ({
      params: z.object({ receiptNumber: receiptNumber(), id: fileCheckId() }),
      response: fileCheck(),
    })),
  },
  {
    operationId: 'createStaffUpload',
    method: 'POST',
    path: '/api/staff/uploads',
    fn: 'applications',
    auth: 'staff',
    roles: ['handler'],
    tag: '依申请公开办理',
    schemas: once(() => ({
      body: staffUploadInput(),
      response: z.object({
        uploadId: z.string(),
        url: z.string(),
        fields: z.record(z.string(), z.string()),
        maxBytes: z.number(),
        expiresAt: z.string(),
      }),
    })),
    example: { fileName: '2025年度财政预算公开表.pdf', contentType: 'application/pdf', size: 524288 },
    status: 201,
  },
  {
    operationId: 'listOutbox',
    method: 'GET',
    path: '/api/staff/outbox',
    fn: 'applications',
    auth: 'staff',
    roles: allStaff,
    tag: '依申请公开办理',
    schemas: once(() => ({
      query: pageQuery(),
      response: z.object({
        mail: z.array(
          z.object({
            receiptNumber: z.string(),
            letterNumber: z.string(),
            to: z.string(),
            subject: z.string(),
            text: z.string(),
            at: z.string(),
            delivery: z.string(),
            deliveryLabel: z.string(),
          }),
        ),
        next: z.nullable(z.string()),
      }),
    })),
  },
  {
    operationId: 'getLetterSettings',
    method: 'GET',
    path: '/api/staff/agency/letters',
    fn: 'applications',
    auth: 'staff',
    roles: allStaff,
    tag: '机关设置',
    schemas: once(() => ({
      response: letterSettings(),
    })),
  },
  {
    operationId: 'saveLetterSettings',
    method: 'PUT',
    path: '/api/staff/agency/letters',
    fn: 'applications',
    auth: 'staff',
    roles: ['admin'],
    tag: '机关设置',
    schemas: once(() => ({
      body: letterSettingsInput(),
      response: letterSettings(),
    })),
    example: {
      prefix: '露政公',
      reconsiderationBody: '抚松县人民政府',
      court: '抚松县人民法院',
      payment: '请持本通知书到本机关缴纳',
      office: '露水河镇党政综合办公室',
      address: '抚松县露水河镇中心街1号',
      phone: '0439-6200000',
      version: 0,
    },
  },
  {
    operationId: 'takeAction',
    method: 'POST',
    path: '/api/staff/applications/{receiptNumber}/actions',
    fn: 'applications',
    auth: 'staff',
    roles: handlers,
    tag: '依申请公开办理',
    schemas: once(() => ({
      params: receiptParams(),
      body: actionInput(),
      response: z.object({
        receiptNumber: z.string(),
        status: z.string(),
        statusLabel: z.string(),
        version: z.number(),
        event: z.object({ type: z.string(), actor: z.string(), on: z.string(), text: z.string() }),
        letter: z.optional(z.object({ number: z.string(), title: z.string(), version: z.number() })),
      }),
    })),
    example: { version: 1, action: { type: 'requestCorrection', items: ['请明确所需信息的形成年度'], periodDays: 10 } },
  },
  {
    operationId: 'reissueQueryCode',
    method: 'POST',
    path: '/api/staff/applications/{receiptNumber}/query-code',
    fn: 'applications',
    auth: 'staff',
    roles: handlers,
    tag: '依申请公开办理',
    schemas: once(() => ({
      params: receiptParams(),
      body: z.object({
        reason: z.string().check(
          z.trim(),
          z.minLength(2, '请填写重新生成的原因'),
          z.maxLength(200, '不能超过 200 个字符'),
          // A reason says something: words, not a number or punctuation.
          z.regex(/[\p{Script=Han}A-Za-z].*[\p{Script=Han}A-Za-z]/su, '请用文字写明重新生成的原因'),
          z.meta({ title: '原因' }),
        ),
      }),
      response: z.object({
        receiptNumber: z.string(),
        queryCode: z.string(),
        notice: z.object({
          title: z.string(),
          agency: z.string(),
          applicant: z.string(),
          request: z.string(),
          issuedOn: z.string(),
          text: z.string(),
        }),
      }),
    })),
    example: { reason: '申请人为纸质申请，未留电子邮箱，迁入时查询码未能告知' },
  },
  {
    operationId: 'staffProfile',
    method: 'GET',
    path: '/api/staff/me',
    fn: 'applications',
    auth: 'staff',
    roles: allStaff,
    tag: '工作人员',
    schemas: once(() => ({
      response: staffProfile(),
    })),
  },
  {
    operationId: 'listCalendar',
    method: 'GET',
    path: '/api/staff/calendar',
    fn: 'applications',
    auth: 'staff',
    roles: allStaff,
    tag: '工作日历',
    schemas: once(() => ({
      response: z.object({ coveredYears: z.array(z.number()), schedules: z.array(schedule()) }),
    })),
  },
  {
    operationId: 'saveCalendarYear',
    method: 'PUT',
    path: '/api/staff/calendar/{year}',
    fn: 'applications',
    auth: 'staff',
    roles: ['admin'],
    tag: '工作日历',
    schemas: once(() => ({
      params: z.object({
        year: z.coerce
          .number()
          .check(
            z.int(),
            z.minimum(2004, '年度不能早于 2004'),
            z.maximum(2100, '年度不能晚于 2100'),
            z.meta({ title: '年度' }),
          ),
      }),
      body: calendarInput(),
      response: z.object({ ...schedule().shape, requeue: jobView() }),
    })),
    example: calendarExample,
  },
  {
    operationId: 'importCases',
    method: 'POST',
    path: '/api/staff/imports/applications',
    fn: 'applications',
    auth: 'staff',
    roles: ['handler'],
    tag: '历史信息导入',
    schemas: once(() => ({
      body: importRows(casesPerCall),
      response: z.object({
        ...importReport().shape,
        skipped: z.array(z.object({ row: z.number(), message: z.string(), receiptNumber: z.optional(z.string()) })),
        /** Rows the call did not reach before its time share ran out: send them again. */
        pending: z.array(z.number()),
        imported: z.array(
          z.object({
            row: z.number(),
            oldNumber: z.string(),
            receiptNumber: z.string(),
            queryCode: z.string(),
            replyDue: z.nullable(z.string()),
          }),
        ),
      }),
    })),
    example: {
      dryRun: true,
      rows: [
        {
          oldNumber: 'YSQ-2026-031',
          receivedOn: '2026-11-20',
          applicantType: '公民',
          name: '张三',
          idNumber: '220621199003071234',
          phone: '13904391234',
          title: '露水河镇2026年农村道路建设项目资金使用情况',
          correctionRequestedOn: '2026-11-24',
          correctionItems: '请明确所需信息的具体项目名称',
        },
      ],
    },
  },
  staffHealth('applications'),
] as const satisfies readonly RouteSpec[];

/** What each route does, for the OpenAPI document (kept apart so the functions' bundles leave the prose out). */
export const applicationsSummaries = {
  importCases:
    '迁入原系统（或纸质登记）中尚在办理的申请（经办人；每次最多 200 行）：收到申请日期、申请人、所需信息和已办理的补正、征求意见、延期；dryRun=true 逐行检查（按办理规则重放各步骤）并返回各行各字段的错误，不写入；dryRun=false 在全部无误时逐件登记，答复期限按原收到日期和已办理步骤继续计算，按收到年度计入本年新收（次年为上年结转），并返回各件的受理编号和查询码（仅此一次）。一次调用在其时限的一半内登记，来不及登记的行在 pending 中列出，须再次提交（不会在答复后继续写入）。同一原编号重复提交的跳过并给出其受理编号，查询码未能告知申请人的，可重新生成查询码',
  applicationsHealth: staffHealthSummary,
  listQueue:
    '本机关的申请，一次一页（默认 50 件，limit 最多 100；next 传回 cursor 取下一页），按答复期限先后排列（期限随每一步办理保存），标出已逾期和 3 个工作日内到期的申请；可按状态、经办人（“-”为未指定）、答复期限（due=overdue 已逾期、soon 3 个工作日内到期）、申请人类型、年度筛选，按受理编号（直接查找）或申请人姓名、所需信息名称搜索；每次最多查看 500 件，不足一页时 note 说明，可继续翻页（证件号码、电话已遮蔽）。县级管理员可用 agency 只读查看下级机关',
  applicationDetail: '申请详情：申请人信息（经办人、审核人可见全文，其他角色遮蔽）、办理记录、文书和答复期限的计算过程',
  applicationFile:
    '打开申请的一个文件：申请人上传的材料（身份证明等，仅限可查看个人信息的本机关工作人员）或答复提供的文件；返回 5 分钟内有效的链接，PDF、JPEG、PNG 在浏览器中直接打开',
  staffLetter: '文书的可打印页面（HTML）',
  feePreview:
    '试算信息处理费（国办函〔2020〕109号）：按件计收时，只计入受理时已核对身份的同一申请人本月此前向本机关提出的申请（本申请也须已核对身份），列出同一证件号码本月的每件申请及是否计入的理由；发出收费通知时可说明理由排除不属于同一申请人的申请',
  startFileCheck:
    '答复前对将提供给申请人的文件进行个人信息检查（后台读取已上传、尚未关联的文件，查找他人的身份证号码、手机号码、银行卡号，申请人本人的号码不计）；以 GET …/file-checks/{id} 查看结果，答复时以 fileCheck 传回编号，每项发现须删除重传或在 privacyAcknowledgements 中逐项写明理由',
  fileCheck: '答复文件的个人信息检查结果：正在读取、已完成（各项发现，号码已遮盖）或未能完成',
  createStaffUpload: '上传答复时提供的文件（公开或经区分处理的文件）：返回直传存储桶的表单策略，答复时以 uploadId 关联',
  listOutbox:
    '本机关发给申请人的电子邮件，最新的在前，一次一页（默认 50 封，next 传回 cursor 取下一页；本地运行时不实际发送，保存在此）',
  getLetterSettings: '本机关的文书设置：字号前缀、救济途径（行政复议机关、法院）、缴费方式和联系方式',
  saveLetterSettings: '修改本机关的文书设置（管理员）；已发出的文书不受影响。version 为读取时的版本号',
  takeAction:
    '办理操作（确认收到、告知补正、征求意见、延期及审批、收费通知、缴费、答复、办结、撤回、指定经办人、内部备注）。应发文书的步骤同时生成编号文书，申请人留有电子邮箱的同时将文书放入发件箱，随即发送。version 为读取时的版本号，已被他人更新时答复 409',
  recordLetterService:
    '记录文书的送达（经办人）：邮寄（交邮日期、EMS 或挂号信及邮件号码；期限以交邮之日为准，答复书邮寄的答复用时计至交邮之日）、直接送达、留置送达（须写明地点和见证人），或按发件箱已发送的记录认定电子邮件送达。申请人在办理进度页面打开文书时自动记为网上送达。version 为申请读取时的版本号',
  reissueQueryCode:
    '重新生成申请的查询码（本机关经办人、审核人；须填写原因）：原查询码立即失效，办理记录中留有记录（申请人可见），返回新查询码（仅此一次显示）和可打印的查询码告知书内容，供未留电子邮箱的申请人领取或邮寄',
  staffProfile: '当前登录的工作人员、所属机关和角色',
  listCalendar: '工作日历：各年度的放假和调休安排（官方数据与管理员录入），以及已覆盖的年度',
  saveCalendarYear:
    '录入或修改一个年度的放假和调休安排（管理员）。version 为读取时的版本号，新录入填 0。保存后由后台任务（requeue，以 GET /api/staff/jobs/{id} 查看）按新日历重新计算在办申请的答复期限和排序',
} satisfies Record<(typeof applicationsRoutes)[number]['operationId'], string>;

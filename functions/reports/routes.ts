/** The reports function's entries of the route table (年度报告, and the cases of its table 四). */
import * as z from 'zod/mini';
import { jobView, pageQuery, siteQueued, staffHealth, staffHealthSummary, version } from '#lib/route-schemas.ts';
import { importReport } from '#lib/import-schemas.ts';
import type { RouteSpec } from '#lib/route-spec.ts';
import {
  archiveInput,
  archiveBulkInput,
  caseExample,
  caseInput,
  entriesExample,
  entriesInput,
  reportParams,
  stepInput,
  yearParams,
} from './schemas.ts';
import { once } from '#lib/once.ts';

const tag = '年度报告';
const table = once(() => z.record(z.string(), z.record(z.string(), z.nullable(z.number()))));
const tables = once(() => ({ table2: table(), table3: table(), table4: table() }));
const fees = once(() => z.object({ notices: z.number(), charged: z.number(), collected: z.number() }));
const report = once(() =>
  z.object({
    year: z.number(),
    format: z.string(),
    sections: z.record(z.string(), z.string()),
    ...tables(),
    sources: z.record(z.string(), z.string()),
    notApplicable: z.array(z.string()),
    fees: fees(),
    published: z.object({ total: z.number(), late: z.number() }),
  }),
);
const violation = once(() => z.object({ rule: z.string(), cell: z.string(), message: z.string() }));
const reportView = once(() =>
  z.object({
    agencyId: z.string(),
    agencyName: z.string(),
    agencyKind: z.string(),
    year: z.number(),
    status: z.string(),
    statusLabel: z.string(),
    version: z.number(),
    deadline: z.string(),
    /** Past the deadline with its duty not met (submitted by a town or department, published by a government). */
    overdue: z.boolean(),
    table2Layout: z.array(
      z.object({
        item: z.string(),
        columns: z.array(z.string()),
        rows: z.array(z.string()),
        unit: z.string(),
        decimal: z.optional(z.boolean()),
        compiled: z.boolean(),
      }),
    ),
    report: report(),
    entries: z.object({
      sections: z.record(z.string(), z.string()),
      figures: z.record(z.string(), z.object({ value: z.nullable(z.number()), source: z.string() })),
      notApplicable: z.array(z.string()),
    }),
    drafts: z.object({ 一: z.string(), 六: z.string() }),
    checks: z.object({ errors: z.array(violation()), warnings: z.array(violation()) }),
    can: z.object({
      edit: z.boolean(),
      submit: z.boolean(),
      review: z.boolean(),
      archive: z.boolean(),
      withdrawArchive: z.boolean(),
    }),
    review: z.optional(
      z.object({ by: z.string(), on: z.string(), approved: z.boolean(), comments: z.optional(z.string()) }),
    ),
    archive: z.optional(z.object({ title: z.string(), text: z.string(), publishedOn: z.string(), source: z.string() })),
    events: z.array(
      z.object({
        at: z.string(),
        actor: z.string(),
        actorName: z.optional(z.string()),
        type: z.string(),
        text: z.string(),
      }),
    ),
    site: z.optional(siteQueued()),
  }),
);
const receiptParams = once(() =>
  z.object({
    receiptNumber: z.string().check(z.maxLength(40, '受理编号过长'), z.meta({ title: '受理编号' })),
  }),
);
const storedCase = once(() =>
  z.object({
    id: z.string(),
    receiptNumber: z.string(),
    group: z.string(),
    groupLabel: z.string(),
    body: z.string(),
    filedOn: z.string(),
    decidedOn: z.optional(z.string()),
    result: z.string(),
    resultLabel: z.string(),
    note: z.optional(z.string()),
    version: z.number(),
    updatedBy: z.string(),
    updatedAt: z.string(),
  }),
);
const staffRoles = ['handler', 'reviewer', 'admin'] as const;

const month = once(() =>
  z.object({
    month: z.number(),
    received: z.number(),
    answered: z.number(),
    onTime: z.number(),
    late: z.number(),
    untimed: z.number(),
    ended: z.number(),
    corrections: z.number(),
    extensions: z.number(),
    fees: z.number(),
    reconsiderations: z.number(),
    lawsuits: z.number(),
  }),
);
const statistics = once(() =>
  z.object({
    year: z.number(),
    months: z.array(month()),
    total: month(),
    onTimeRate: z.nullable(z.number()),
    definition: z.string(),
    days: z.array(z.object({ band: z.string(), label: z.string(), count: z.number() })),
    outcomes: z.array(z.object({ row: z.string(), group: z.string(), label: z.string(), count: z.number() })),
    cases: z.array(
      z.object({
        group: z.string(),
        label: z.string(),
        filed: z.number(),
        upheld: z.number(),
        corrected: z.number(),
        other: z.number(),
      }),
    ),
  }),
);
const severityCounts = once(() => z.object({ veto: z.number(), deduct: z.number(), notice: z.number() }));
const days = (title: string) =>
  z.number().check(z.int('应为整数'), z.minimum(1, '至少 1'), z.maximum(3650, '不能超过 3650'), z.meta({ title }));
const count = (title: string) =>
  z.number().check(z.int('应为整数'), z.minimum(1, '至少 1'), z.maximum(1000, '不能超过 1000'), z.meta({ title }));
const thresholds = once(() =>
  z.object({
    homeDays: days('首页更新期限（天）'),
    staleDays: z.object({
      dynamic: days('动态、要闻类栏目更新期限（天）'),
      notice: days('通知公告、政策文件类栏目更新期限（天）'),
      regular: days('其他应更新栏目更新期限（天）'),
    }),
    vetoStale: z.object({
      dynamic: count('动态、要闻类不更新栏目否决数'),
      notice: count('通知公告、政策文件类不更新栏目否决数'),
      any: count('不更新栏目否决数'),
    }),
    vetoBlank: count('空白栏目否决数'),
    columnTypes: z.record(
      z.string().check(z.regex(/^[a-z-]{2,20}$/, '栏目无效')),
      z.enum(['dynamic', 'notice', 'regular', 'static'], '栏目类型无效'),
    ),
  }),
);
const inspectionSettingsView = once(() =>
  z.object({
    ...thresholds().shape,
    version: z.number(),
    columnTypeLabels: z.record(z.string(), z.string()),
    editable: z.boolean(),
  }),
);

export const reportsRoutes = [
  {
    operationId: 'getAnnualReport',
    method: 'GET',
    path: '/api/reports/{agencyId}/{year}',
    fn: 'reports',
    auth: 'staff',
    roles: staffRoles,
    tag,
    schemas: once(() => ({
      params: reportParams(),
      response: reportView(),
    })),
  },
  {
    operationId: 'previewAnnualReport',
    method: 'GET',
    path: '/api/reports/{agencyId}/{year}/preview',
    fn: 'reports',
    auth: 'staff',
    roles: staffRoles,
    tag,
    schemas: once(() => ({
      params: reportParams(),
      response: z.object({ html: z.string() }),
    })),
  },
  {
    operationId: 'saveAnnualReport',
    method: 'PUT',
    path: '/api/reports/{agencyId}/{year}',
    fn: 'reports',
    auth: 'staff',
    roles: ['handler', 'reviewer'],
    tag,
    schemas: once(() => ({
      params: reportParams(),
      body: entriesInput(),
      response: reportView(),
    })),
    example: entriesExample,
  },
  {
    operationId: 'annualReportStep',
    method: 'POST',
    path: '/api/reports/{agencyId}/{year}/actions',
    fn: 'reports',
    auth: 'staff',
    roles: ['handler', 'reviewer'],
    tag,
    schemas: once(() => ({
      params: reportParams(),
      body: stepInput(),
      response: reportView(),
    })),
    example: { version: 3, action: { type: 'submit' } },
  },
  {
    operationId: 'importArchivedReport',
    method: 'POST',
    path: '/api/reports/{agencyId}/{year}/archive',
    fn: 'reports',
    auth: 'staff',
    roles: ['admin'],
    tag,
    schemas: once(() => ({
      params: reportParams(),
      body: archiveInput(),
      response: z.object({
        agencyId: z.string(),
        year: z.number(),
        status: z.string(),
        statusLabel: z.string(),
        title: z.string(),
        site: siteQueued(),
      }),
    })),
    example: {
      title: '露水河镇人民政府2017年政府信息公开工作年度报告',
      text: '……',
      publishedOn: '2018-03-20',
      source: '原政府网站',
    },
    status: 201,
  },
  {
    operationId: 'importArchivedReports',
    method: 'POST',
    path: '/api/staff/imports/reports',
    fn: 'reports',
    auth: 'staff',
    roles: ['admin'],
    tag: '历史信息导入',
    schemas: once(() => ({
      body: archiveBulkInput(),
      response: z.object({
        ...importReport().shape,
        imported: z.array(
          z.object({
            agencyId: z.string(),
            year: z.number(),
            status: z.string(),
            statusLabel: z.string(),
            title: z.string(),
            tables: z.boolean(),
          }),
        ),
      }),
    })),
    example: {
      dryRun: true,
      reports: [
        {
          agencyId: 'lushuihe',
          year: 2017,
          title: '露水河镇人民政府2017年政府信息公开工作年度报告',
          text: '……',
          publishedOn: '2018-03-20',
          source: '原政府网站',
        },
      ],
    },
  },
  {
    operationId: 'withdrawArchivedReport',
    method: 'DELETE',
    path: '/api/reports/{agencyId}/{year}/archive',
    fn: 'reports',
    auth: 'staff',
    roles: ['admin'],
    tag,
    schemas: once(() => ({
      params: reportParams(),
      response: z.object({ agencyId: z.string(), year: z.number(), site: siteQueued() }),
    })),
  },
  {
    operationId: 'countyReportOverview',
    method: 'GET',
    path: '/api/reports/{year}',
    fn: 'reports',
    auth: 'staff',
    roles: staffRoles,
    tag,
    schemas: once(() => ({
      params: yearParams(),
      query: pageQuery(),
      response: z.object({
        year: z.number(),
        /** The government whose overview this is. */
        agencyId: z.string(),
        agencyName: z.string(),
        agencies: z.array(
          z.object({
            agencyId: z.string(),
            agencyName: z.string(),
            agencyKind: z.string(),
            status: z.string(),
            statusLabel: z.string(),
            deadline: z.string(),
            overdue: z.boolean(),
            submittedAt: z.nullable(z.string()),
            publishedOn: z.nullable(z.string()),
            received: z.number(),
            handled: z.number(),
          }),
        ),
        /** The next page of agencies (null: this is the last). */
        next: z.nullable(z.string()),
        /** The sum of the reports submitted or published (its own and those under it), the same on every page. */
        aggregate: z.object({ ...tables(), fees: fees() }),
        /** How many reports the sum holds. */
        reported: z.number(),
      }),
    })),
  },
  {
    operationId: 'listCases',
    method: 'GET',
    path: '/api/staff/applications/{receiptNumber}/cases',
    fn: 'reports',
    auth: 'staff',
    roles: staffRoles,
    tag,
    schemas: once(() => ({
      params: receiptParams(),
      response: z.object({
        cases: z.array(storedCase()),
        /** The kinds of case and their results, with their labels (what the form offers). */
        groups: z.record(z.string(), z.string()),
        results: z.record(z.string(), z.string()),
      }),
    })),
  },
  {
    operationId: 'recordCase',
    method: 'POST',
    path: '/api/staff/applications/{receiptNumber}/cases',
    fn: 'reports',
    auth: 'staff',
    roles: ['handler', 'reviewer'],
    tag,
    schemas: once(() => ({
      params: receiptParams(),
      body: caseInput(),
      response: storedCase(),
    })),
    example: caseExample,
    status: 201,
  },
  {
    operationId: 'updateCase',
    method: 'PUT',
    path: '/api/staff/applications/{receiptNumber}/cases/{caseId}',
    fn: 'reports',
    auth: 'staff',
    roles: ['handler', 'reviewer'],
    tag,
    schemas: once(() => ({
      params: z.object({
        ...receiptParams().shape,
        caseId: z.string().check(z.maxLength(60, '案件编号无效'), z.meta({ title: '案件' })),
      }),
      body: z.object({
        ...caseInput().shape,
        version: version(),
      }),
      response: storedCase(),
    })),
    example: { ...caseExample, result: 'upheld', decidedOn: '2026-05-10', version: 1 },
  },
  {
    operationId: 'recountReports',
    method: 'POST',
    path: '/api/reports/recount',
    fn: 'reports',
    auth: 'staff',
    roles: ['admin'],
    tag,
    schemas: once(() => ({
      body: z.object({
        repair: z.optional(z.boolean()),
        year: z.optional(z.number().check(z.int(), z.meta({ title: '年度' }))),
      }),
      response: jobView(),
    })),
    example: { repair: false, year: 2025 },
    status: 202,
  },
  {
    operationId: 'followJob',
    method: 'GET',
    path: '/api/staff/jobs/{id}',
    fn: 'reports',
    auth: 'staff',
    roles: ['admin'],
    tag: '后台任务',
    schemas: once(() => ({
      params: z.object({
        id: z.string().check(z.regex(/^[0-9a-f]{16}$/, '任务编号无效'), z.meta({ title: '任务编号' })),
      }),
      response: jobView(),
    })),
  },
  {
    operationId: 'getStatistics',
    method: 'GET',
    path: '/api/staff/statistics',
    fn: 'reports',
    auth: 'staff',
    roles: staffRoles,
    tag: '工作统计',
    schemas: once(() => ({
      query: z.object({
        ...pageQuery().shape,
        agencyId: z.optional(reportParams().shape.agencyId),
        year: z.optional(reportParams().shape.year),
      }),
      response: z.object({
        scope: z.enum(['agency', 'county']),
        agencyId: z.string(),
        agencyName: z.string(),
        year: z.number(),
        statistics: statistics(),
        /** A government's: itself first, then a page of the agencies directly under it. */
        agencies: z.array(
          z.object({
            agencyId: z.string(),
            agencyName: z.string(),
            received: z.number(),
            answered: z.number(),
            onTime: z.number(),
            late: z.number(),
            onTimeRate: z.nullable(z.number()),
          }),
        ),
        /** The next page of agencies (null: this is the last). */
        next: z.nullable(z.string()),
      }),
    })),
  },
  {
    operationId: 'getInspection',
    method: 'GET',
    path: '/api/staff/inspection',
    fn: 'reports',
    auth: 'staff',
    roles: staffRoles,
    tag: '网站自查',
    schemas: once(() => ({
      query: z.object({
        ranAt: z.optional(
          z.string().check(z.regex(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/, '自查时间无效'), z.meta({ title: '自查时间' })),
        ),
        ...pageQuery().shape,
      }),
      response: z.object({
        scope: z.enum(['agency', 'county']),
        ranAt: z.nullable(z.string()),
        full: z.boolean(),
        /** When the site last changed (the renderer's journal), and whether that is after the report shown. */
        siteChangedAt: z.nullable(z.string()),
        newerPending: z.boolean(),
        findings: z.array(
          z.object({
            rule: z.string(),
            severity: z.enum(['veto', 'deduct', 'notice']),
            agencyId: z.string(),
            agencyName: z.string(),
            page: z.string(),
            detail: z.string(),
            ruleLabel: z.string(),
            severityLabel: z.string(),
            action: z.string(),
          }),
        ),
        omitted: z.array(
          z.object({ rule: z.string(), agencyId: z.string(), agencyName: z.string(), count: z.number() }),
        ),
        counts: severityCounts(),
        /** This page's agencies (a government's: itself first, then those directly under it), each with its counts. */
        agencies: z.array(z.object({ agencyId: z.string(), agencyName: z.string(), counts: severityCounts() })),
        /** The next page of agencies (null: this is the last). */
        next: z.nullable(z.string()),
        measure: z.nullable(
          z.object({
            pagesRead: z.number(),
            s3Requests: z.number(),
            linksChecked: z.number(),
            removed: z.number(),
            ms: z.number(),
            externalChecked: z.optional(z.number()),
            externalRequests: z.optional(z.number()),
          }),
        ),
        history: z.array(z.object({ ranAt: z.string(), full: z.boolean(), counts: severityCounts() })),
        rules: z.record(z.string(), z.object({ label: z.string(), severity: z.string(), action: z.string() })),
      }),
    })),
  },
  {
    operationId: 'runInspection',
    method: 'POST',
    path: '/api/staff/inspection',
    fn: 'reports',
    auth: 'staff',
    roles: ['admin'],
    tag: '网站自查',
    schemas: once(() => ({
      body: z.object({ full: z.optional(z.boolean()) }),
      response: jobView(),
    })),
    example: { full: false },
    status: 202,
  },
  {
    operationId: 'getInspectionSettings',
    method: 'GET',
    path: '/api/staff/inspection/settings',
    fn: 'reports',
    auth: 'staff',
    roles: staffRoles,
    tag: '网站自查',
    schemas: once(() => ({
      response: inspectionSettingsView(),
    })),
  },
  {
    operationId: 'saveInspectionSettings',
    method: 'PUT',
    path: '/api/staff/inspection/settings',
    fn: 'reports',
    auth: 'staff',
    roles: ['admin'],
    tag: '网站自查',
    schemas: once(() => ({
      body: z.object({
        ...thresholds().shape,
        version: version(0),
      }),
      response: inspectionSettingsView(),
    })),
    example: {
      homeDays: 14,
      staleDays: { dynamic: 14, notice: 183, regular: 365 },
      vetoStale: { dynamic: 5, notice: 5, any: 10 },
      vetoBlank: 5,
      columnTypes: { all: 'dynamic', normative: 'notice', organisation: 'static' },
      version: 0,
    },
  },
  staffHealth('reports'),
] as const satisfies readonly RouteSpec[];

/** What each route does, for the OpenAPI document (kept apart so the functions' bundles leave the prose out). */
export const reportsSummaries = {
  reportsHealth: staffHealthSummary,
  getAnnualReport:
    '某机关某年度的政府信息公开工作年度报告（国办公开办函〔2021〕30号格式）：由记录的计数编制，表键即格式中的行、列键；附勾稽关系检查结果。本机关，或县级机关查看下级机关',
  previewAnnualReport: '年度报告的版式预览（与公开页面相同，可打印为 A4）',
  saveAnnualReport:
    '保存年度报告中需填写的内容：第一、五、六部分文字，表二中来自其他系统的数据（注明来源），标为不适用的单元格；version 为读取时的版本号',
  annualReportStep:
    '报送（本机关，须通过全部勾稽关系检查，未通过时答复 422 并列出单元格）；县人民政府政府信息公开工作主管部门审核通过（随即在专栏发布）或退回修改',
  importArchivedReports:
    '批量导入往年年度报告（县级管理员；每次最多 50 份）：各份报告的标题、正文、发布日期和来源，2021 年格式的可附表二至表四的数据（tables，按年度报告的校验规则核对，次年报告的跨年度校验以此比对）；dryRun=true 逐份检查并返回错误，不写入；dryRun=false 在全部无误时导入并公开。已按同一标题导入的跳过',
  importArchivedReport:
    '导入往年年度报告（如 2021 年格式施行前的报告）作为存档文件，在专栏中与其他年度一并列出：仅县级管理员，仅限本平台启用前的年度（该年度没有计数、没有报告），记入报告日志，可撤回',
  withdrawArchivedReport: '撤回导入的往年报告：从专栏中撤下，该年度可重新导入（仅县级管理员，记入报告日志）',
  countyReportOverview:
    '所属机关汇总：人民政府（省、市、县）的工作人员查看本级及直接下属机关某年度报告的报送、审核、发布情况（含是否逾期），按门户顺序分页（第一页首行为本级；limit 默认 50、最多 100，next 为下一页的 cursor）；aggregate 为其中已报送、已发布报告的各表数据之和（reported 为份数），每页相同',
  listCases: '该申请引起的行政复议、行政诉讼案件（计入年度报告表四）',
  recordCase:
    '记录该申请引起的行政复议或行政诉讼案件（按立案年度计入表四，结果以当年 12 月 31 日为准）；同一类型同日立案的只记录一次',
  updateCase: '更新案件的结果和决定日期；version 为读取时的版本号',
  recountReports:
    '按记录重新统计年度报告计数（申请、主动公开、复议诉讼案件）并与已记录的计数核对；repair 为 true 时以记录为准修复（县级管理员）。作为后台任务运行，立即返回任务编号；结果（有差异的机关及差异）见 GET /api/staff/jobs/{id}',
  getStatistics:
    '工作统计：某机关某年度（默认本机关、本年度；人民政府（省、市、县）的工作人员不指定机关时为本级及直接下属机关的汇总，各机关分页列出：第一页首行为本级，limit 默认 50、最多 100，next 为下一页的 cursor）按月的新收、答复、按时答复（不含征求意见、缴费期间，定义见 definition）、答复用时分布、办理结果、补正、延期、收费、复议诉讼。由计数编制：汇总读取本级计数和下属机关计数之和（与各步骤同一事务更新），各机关按页读取，与记录数量、机关数量无关',
  getInspection:
    '网站自查报告：最近一次（或 ranAt 指定的一次）自查发现的问题，单项否决项在前，每项注明页面和整改办法；本机关的，人民政府（省、市、县）的工作人员为本级及直接下属机关的：counts 为合计，各机关按页列出（agencies 及其问题；第一页首行为本级，limit 默认 20、最多 100，next 为下一页的 cursor）；附历次自查的数量',
  runInspection:
    '立即进行网站自查（县级管理员）：作为后台任务运行，只读取上次自查以来改写的页面和链接指向被删除页面的页面；full 为 true 时读取全部页面。进度见 GET /api/staff/jobs/{id}',
  getInspectionSettings: '自查标准：首页、各类栏目的更新期限，单项否决的栏目数量，各栏目的类型',
  saveInspectionSettings: '修改自查标准（县级管理员）；version 为读取时的版本号，首次保存填 0',
  followJob:
    '后台任务（重建网站、重新统计）的状态和进度：queued 排队、running 运行中、done 完成（含结果）、failed 失败',
} satisfies Record<(typeof reportsRoutes)[number]['operationId'], string>;

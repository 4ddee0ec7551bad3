/** The administration function's entries of the route table: agencies, staff accounts, the audit of administration. */
import * as z from 'zod/mini';
import { agencyKinds } from '#core/agency.ts';
import { roles } from '#core/staff.ts';
import { agencyListQuery, siteQueued } from '#lib/route-schemas.ts';
import type { RouteSpec } from '#lib/route-spec.ts';
import {
  agencyContact,
  siteIdentity,
  agencyCreateInput,
  agencyParams,
  agencyUpdateInput,
  auditQuery,
  expressionRulesInput,
  userCreateInput,
  userParams,
  usersQuery,
  userUpdateInput,
} from './schemas.ts';
import { once } from '#lib/once.ts';

const admins = ['admin'] as const;

const expressionRulesView = once(() =>
  z.object({
    shipped: z.object({ version: z.number(), sources: z.array(z.string()) }),
    kinds: z.array(z.object({ value: z.string(), label: z.string() })),
    additions: z.array(
      z.object({
        kind: z.string(),
        wrong: z.array(z.string()),
        right: z.string(),
        source: z.string(),
      }),
    ),
    exceptions: z.array(z.string()),
    version: z.number(),
  }),
);
const tag = '机构和人员管理';
const choice = once(() => z.object({ value: z.string(), label: z.string() }));
const roleView = once(() => z.object({ role: z.enum(roles), label: z.string() }));

const agencyView = once(() =>
  z.object({
    id: z.string(),
    name: z.string(),
    shortName: z.optional(z.string()),
    kind: z.enum(agencyKinds),
    kindLabel: z.string(),
    parentId: z.nullable(z.string()),
    code: z.string(),
    order: z.number(),
    acceptsApplications: z.boolean(),
    vertical: z.optional(z.boolean()),
    superior: z.optional(z.string()),
    receiptCutoff: z.optional(z.string()),
    contact: agencyContact(),
    site: siteIdentity(),
    active: z.boolean(),
    version: z.number(),
  }),
);

const userView = once(() =>
  z.object({
    username: z.string(),
    name: z.string(),
    agencyId: z.string(),
    email: z.string(),
    phone: z.string(),
    roles: z.array(roleView()),
    disabled: z.boolean(),
    createdAt: z.optional(z.string()),
    lastSignInAt: z.optional(z.string()),
    /** Failed sign-ins from every source in the last day (the platform's own sign-in; absent: none). */
    signInFailures: z.optional(z.number()),
    version: z.number(),
  }),
);

/** The limits the platform's own sign-in holds an account to now: its failures, and the sources that must wait. */
const signInLimits = once(() =>
  z.object({
    failures: z.number(),
    lastFailureAt: z.optional(z.string()),
    sources: z.array(z.object({ source: z.string(), attempts: z.number(), waitUntil: z.optional(z.string()) })),
  }),
);

const invitation = once(() =>
  z.object({
    provider: z.enum(['cognito', 'platform']),
    temporaryPassword: z.optional(z.string()),
    message: z.string(),
  }),
);

const openWork = once(() =>
  z.object({
    applications: z.array(
      z.object({ receiptNumber: z.string(), status: z.string(), due: z.nullable(z.string()), title: z.string() }),
    ),
    drafts: z.array(z.object({ id: z.string(), title: z.string(), updatedAt: z.string() })),
    complete: z.boolean(),
  }),
);

const contactExample = {
  address: '抚松县仙人桥镇中心街 8 号',
  postcode: '134500',
  phone: '0439-6210000',
  fax: '0439-6210001',
  email: 'xrq@fusong.gov.cn',
  officeHours: '工作日 8:30—11:30，13:30—17:00',
};
const agencyExample = {
  name: '仙人桥镇人民政府',
  shortName: '仙人桥镇',
  kind: 'town',
  parentId: 'fusong',
  code: 'XRQ',
  order: 21,
  acceptsApplications: true,
  receiptCutoff: '17:00',
  contact: contactExample,
};

export const adminRoutes = [
  {
    operationId: 'listManagedAgencies',
    method: 'GET',
    path: '/api/staff/agencies',
    fn: 'admin',
    auth: 'staff',
    roles: admins,
    tag,
    schemas: once(() => ({
      query: agencyListQuery(),
      response: z.object({
        agencies: z.array(agencyView()),
        /** The next page (null: this is the last). */
        next: z.nullable(z.string()),
        /** The agency `parentId` names, when the list is of those under it. */
        parent: z.optional(agencyView()),
        kinds: z.array(choice()),
        /** The contact fields with their labels, for the console's form. */
        contactFields: z.array(choice()),
        /** The site footer's fields (主办单位, 网站标识码 …) with their labels. */
        siteFields: z.array(choice()),
        can: z.object({ create: z.boolean(), edit: z.boolean() }),
      }),
    })),
  },
  {
    operationId: 'getManagedAgency',
    method: 'GET',
    path: '/api/staff/agencies/{agencyId}',
    fn: 'admin',
    auth: 'staff',
    roles: admins,
    tag,
    schemas: once(() => ({
      params: agencyParams(),
      response: z.object({
        agency: agencyView(),
        kinds: z.array(choice()),
        contactFields: z.array(choice()),
        siteFields: z.array(choice()),
        can: z.object({ create: z.boolean(), edit: z.boolean() }),
      }),
    })),
  },
  {
    operationId: 'createAgency',
    method: 'POST',
    path: '/api/staff/agencies',
    fn: 'admin',
    auth: 'staff',
    roles: admins,
    tag,
    schemas: once(() => ({
      body: agencyCreateInput(),
      response: z.object({ id: z.string(), agency: agencyView(), site: siteQueued() }),
    })),
    example: { id: 'xianrenqiao', ...agencyExample },
    status: 201,
  },
  {
    operationId: 'updateAgency',
    method: 'PUT',
    path: '/api/staff/agencies/{agencyId}',
    fn: 'admin',
    auth: 'staff',
    roles: admins,
    tag,
    schemas: once(() => ({
      params: agencyParams(),
      body: agencyUpdateInput(),
      response: z.object({ agency: agencyView(), site: siteQueued() }),
    })),
    example: { ...agencyExample, active: true, version: 1 },
  },
  {
    operationId: 'listUsers',
    method: 'GET',
    path: '/api/staff/users',
    fn: 'admin',
    auth: 'staff',
    roles: admins,
    tag,
    schemas: once(() => ({
      query: usersQuery(),
      response: z.object({
        agency: z.object({ id: z.string(), name: z.string() }),
        agencies: z.array(z.object({ id: z.string(), name: z.string() })),
        users: z.array(userView()),
        grantable: z.array(roleView()),
        roles: z.array(roleView()),
        provider: z.enum(['cognito', 'platform']),
      }),
    })),
  },
  {
    operationId: 'createUser',
    method: 'POST',
    path: '/api/staff/users',
    fn: 'admin',
    auth: 'staff',
    roles: admins,
    tag,
    schemas: once(() => ({
      body: userCreateInput(),
      response: z.object({ username: z.string(), user: userView(), invitation: invitation() }),
    })),
    example: {
      username: 'xrq-handler',
      name: '马丽',
      email: 'mali@fusong.gov.cn',
      phone: '13900000000',
      agencyId: 'xianrenqiao',
      roles: ['handler'],
    },
    status: 201,
  },
  {
    operationId: 'getUser',
    method: 'GET',
    path: '/api/staff/users/{username}',
    fn: 'admin',
    auth: 'staff',
    roles: admins,
    tag,
    schemas: once(() => ({
      params: userParams(),
      response: z.object({
        user: userView(),
        signIns: z.array(z.string()),
        openWork: openWork(),
        signInLimits: z.optional(signInLimits()),
        can: z.object({ edit: z.boolean() }),
        grantable: z.array(roleView()),
      }),
    })),
  },
  {
    operationId: 'updateUser',
    method: 'PUT',
    path: '/api/staff/users/{username}',
    fn: 'admin',
    auth: 'staff',
    roles: admins,
    tag,
    schemas: once(() => ({
      params: userParams(),
      body: userUpdateInput(),
      response: z.object({ user: userView(), openWork: z.optional(openWork()) }),
    })),
    example: { name: '马丽', phone: '13900000000', roles: ['handler', 'reviewer'], disabled: false, version: 1 },
  },
  {
    operationId: 'resetPassword',
    method: 'POST',
    path: '/api/staff/users/{username}/password',
    fn: 'admin',
    auth: 'staff',
    roles: admins,
    tag,
    schemas: once(() => ({
      params: userParams(),
      response: z.object({ invitation: invitation() }),
    })),
  },
  {
    operationId: 'clearSignInLimits',
    method: 'DELETE',
    path: '/api/staff/users/{username}/sign-in-limits',
    fn: 'admin',
    auth: 'staff',
    roles: admins,
    tag,
    schemas: once(() => ({
      params: userParams(),
      response: z.object({ signInLimits: signInLimits() }),
    })),
  },
  {
    operationId: 'listAdminLog',
    method: 'GET',
    path: '/api/staff/admin-log',
    fn: 'admin',
    auth: 'staff',
    roles: admins,
    tag,
    schemas: once(() => ({
      query: auditQuery(),
      response: z.object({
        entries: z.array(
          z.object({
            at: z.string(),
            by: z.string(),
            subject: z.string(),
            subjectLabel: z.string(),
            target: z.string(),
            agencyId: z.optional(z.string()),
            action: z.string(),
            changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
          }),
        ),
        next: z.nullable(z.string()),
      }),
    })),
  },
  {
    operationId: 'getExpressionRules',
    method: 'GET',
    path: '/api/staff/expression-rules',
    fn: 'admin',
    auth: 'staff',
    roles: admins,
    tag,
    schemas: once(() => ({
      response: expressionRulesView(),
    })),
  },
  {
    operationId: 'saveExpressionRules',
    method: 'PUT',
    path: '/api/staff/expression-rules',
    fn: 'admin',
    auth: 'staff',
    roles: admins,
    tag,
    schemas: once(() => ({
      body: expressionRulesInput(),
      response: expressionRulesView(),
    })),
    example: {
      additions: [{ kind: 'title', wrong: ['抚松县人民政付'], right: '抚松县人民政府', note: '本县机关名称' }],
      exceptions: ['村长'],
      version: 0,
    },
  },
] as const satisfies readonly RouteSpec[];

/** What each route does, for the OpenAPI document (kept apart so the function's bundle leaves the prose out). */
export const adminSummaries = {
  listManagedAgencies:
    '本平台的机关，按门户顺序分页（limit 默认 50、最多 100，next 为下一页的 cursor）：parentId 为某机关的直接下属机关（附该机关 parent），kind 为某一类别。最上级机关的管理员看到全部并可编辑；其他机关的管理员只看到本机关',
  getManagedAgency: '一个机关的信息（最上级机关的管理员：任一机关，可编辑；其他机关的管理员：本机关）',
  createAgency:
    '新建机关（县级管理员）：名称、类别、上级机关、机关代码（用于受理编号、文书编号和索引号）、是否受理申请、排序和联系方式；相关网站页面随即重新生成',
  updateAgency:
    '修改或停用机关（县级管理员）。停用后记录保留、不再出现在申请表中；尚有未办结申请的机关不能停用或停止受理。version 为读取时的版本号',
  listUsers: '一个机关的工作人员账号（县级管理员可查看任一机关，机关管理员只能查看本机关）',
  createUser:
    '新建工作人员账号：姓名、电子邮箱、电话、所属机关和角色。机关管理员只能为本机关新建经办人、审核人。答复登录方式（临时密码仅显示一次，或已由邮件发送）',
  getUser: '账号详情：最近的登录时间、登录限制（本平台登录）、分配给该账号的在办申请和草稿（停用前移交）',
  updateUser:
    '修改姓名、电话、角色，停用或启用账号。停用立即生效：该账号此后的每个请求都被拒绝。version 为读取时的版本号',
  resetPassword: '重置密码：发出临时密码（本平台登录）或由认证服务发送重置邮件',
  clearSignInLimits:
    '解除登录限制（本平台登录）：清除该账号的登录失败次数和各来源地址的等待时间，记入管理日志。答复清除后的状态',
  getExpressionRules:
    '表述检查词库（本级人民政府的管理员）：平台内置词库的版本和依据，本县补充的错误写法及其正确写法，以及本县认定为正确用法的例外',
  saveExpressionRules:
    '修改本县的表述检查词库（本级人民政府的管理员）：补充词条（错误写法、正确写法、类别、依据）和例外，记入管理日志；此后的检查和自查随之采用。version 为读取时的版本号',
  listAdminLog:
    '管理操作记录（县级管理员）：机关、账号、角色、工作日历和文书、发布设置的每次修改，含修改人、时间和修改前后的内容',
} satisfies Record<(typeof adminRoutes)[number]['operationId'], string>;

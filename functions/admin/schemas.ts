/** What the administration routes accept: agencies (机构管理) and staff accounts (人员管理). */
import * as z from 'zod/mini';
import { agencyCodePattern, agencyIdPattern, agencyKinds } from '#core/agency.ts';
import { roles } from '#core/staff.ts';
import { once } from '#lib/once.ts';
import { pageQuery, text } from '#lib/route-schemas.ts';

const email = (title: string) =>
  z
    .string()
    .check(
      z.maxLength(100, '不能超过 100 个字符'),
      z.regex(/^$|^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/, '请填写有效的电子邮箱'),
      z.meta({ title }),
    );
const phone = (title: string) =>
  z
    .string()
    .check(
      z.maxLength(40, '不能超过 40 个字符'),
      z.regex(/^[0-9+\-()（） 转]*$/, '只能包含数字、空格、括号、加号、连字符和“转”'),
      z.meta({ title }),
    );
const version = once(() => z.number().check(z.int(), z.minimum(0, '版本号不能为负'), z.meta({ title: '版本号' })));

export const agencyContact = once(() =>
  z.object({
    address: text('办公地址', 200, { required: false }),
    postcode: z.string().check(z.regex(/^$|^\d{6}$/, '应为 6 位数字'), z.meta({ title: '邮政编码' })),
    phone: phone('联系电话'),
    fax: phone('传真'),
    email: email('电子邮箱'),
    officeHours: text('办公时间', 200, { required: false }),
  }),
);

/** The site footer's fields (政府网站发展指引); an empty field is left out of the footer. */
export const siteIdentity = once(() =>
  z.object({
    sponsor: z.optional(text('主办单位', 60, { required: false })),
    organiser: z.optional(text('承办单位', 60, { required: false })),
    siteCode: z.optional(z.string().check(z.regex(/^$|^\d{10}$/, '应为 10 位数字'), z.meta({ title: '网站标识码' }))),
    icp: z.optional(text('ICP备案号', 40, { required: false })),
    police: z.optional(text('公安机关备案号', 40, { required: false })),
  }),
);

const agencyFields = once(() => ({
  name: text('机关名称', 60),
  shortName: z.optional(text('简称', 20, { required: false })),
  kind: z.enum(agencyKinds, '请选择机关类别'),
  parentId: z.nullable(z.string().check(z.maxLength(40, '上级机关无效'), z.meta({ title: '上级机关' }))),
  code: z
    .string()
    .check(z.regex(agencyCodePattern, '应为 2 至 8 位大写字母（用于受理编号，如 LSH）'), z.meta({ title: '机关代码' })),
  order: z.number().check(z.int(), z.minimum(1, '最小为 1'), z.maximum(9999, '最大为 9999'), z.meta({ title: '排序' })),
  acceptsApplications: z.boolean(),
  vertical: z.optional(z.boolean()),
  superior: z.optional(text('上一级机关', 60, { required: false })),
  receiptCutoff: z.optional(
    z
      .string()
      .check(z.regex(/^$|^([01]\d|2[0-3]):[0-5]\d$/, '应为 HH:MM，如 17:00'), z.meta({ title: '当日受理截止时间' })),
  ),
  contact: agencyContact(),
  site: z.optional(siteIdentity()),
}));

export const agencyCreateInput = once(() =>
  z.object({
    id: z
      .string()
      .check(
        z.regex(agencyIdPattern, '以小写字母开头，2 至 40 位小写字母、数字或连字符（用于网址）'),
        z.meta({ title: '机关标识' }),
      ),
    ...agencyFields(),
  }),
);
export type AgencyCreateInput = z.output<ReturnType<typeof agencyCreateInput>>;

export const agencyUpdateInput = once(() =>
  z.object({
    ...agencyFields(),
    active: z.boolean(),
    version: version(),
  }),
);
export type AgencyUpdateInput = z.output<ReturnType<typeof agencyUpdateInput>>;

export const agencyParams = once(() =>
  z.object({
    agencyId: z.string().check(z.maxLength(40, '机关标识无效'), z.meta({ title: '机关标识' })),
  }),
);

const roleList = once(() =>
  z.array(z.enum(roles, '角色无效')).check(z.minLength(1, '请至少选择一个角色'), z.meta({ title: '角色' })),
);
export const username = once(() =>
  z
    .string()
    .check(
      z.regex(/^[a-z][a-z0-9._-]{1,63}$/, '以小写字母开头，2 至 64 位小写字母、数字、点、下划线或连字符'),
      z.meta({ title: '用户名' }),
    ),
);

export const userCreateInput = once(() =>
  z.object({
    username: username(),
    name: text('姓名', 30),
    email: z
      .string()
      .check(
        z.minLength(1, '请填写'),
        z.maxLength(100, '不能超过 100 个字符'),
        z.regex(/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/, '请填写有效的电子邮箱'),
        z.meta({ title: '电子邮箱' }),
      ),
    phone: z.optional(phone('联系电话')),
    agencyId: z.string().check(z.minLength(1, '请选择'), z.maxLength(40, '机关无效'), z.meta({ title: '所属机关' })),
    roles: roleList(),
  }),
);
export type UserCreateInput = z.output<ReturnType<typeof userCreateInput>>;

export const userUpdateInput = once(() =>
  z.object({
    name: text('姓名', 30),
    phone: z.optional(phone('联系电话')),
    roles: roleList(),
    disabled: z.boolean(),
    version: version(),
  }),
);
export type UserUpdateInput = z.output<ReturnType<typeof userUpdateInput>>;

export const userParams = once(() =>
  z.object({
    username: z.string().check(z.maxLength(64, '用户名无效'), z.meta({ title: '用户名' })),
  }),
);

export const usersQuery = once(() =>
  z.object({
    agencyId: z.optional(z.string().check(z.maxLength(40, '机关无效'), z.meta({ title: '所属机关' }))),
  }),
);

export const auditQuery = once(() =>
  z.extend(pageQuery(), {
    agencyId: z.optional(z.string().check(z.maxLength(40, '机关无效'), z.meta({ title: '机关' }))),
  }),
);

const phrase = (title: string) =>
  z.string().check(z.minLength(2, '至少 2 个字'), z.maxLength(40, '不能超过 40 个字符'), z.meta({ title }));

/** The county's 表述检查 dictionary: its own wrong forms with their right form, and its exceptions. */
export const expressionRulesInput = once(() =>
  z.object({
    additions: z
      .array(
        z.object({
          kind: z.enum(['title', 'formulation', 'political', 'outdated', 'typo']),
          wrong: z
            .array(phrase('错误写法'))
            .check(z.minLength(1, '请填写错误写法'), z.maxLength(10, '不能超过 10 种写法')),
          right: phrase('正确写法'),
          note: z.optional(text('依据', 100, { required: false })),
        }),
      )
      .check(z.maxLength(500, '不能超过 500 条'), z.meta({ title: '补充词条' })),
    exceptions: z.array(phrase('例外')).check(z.maxLength(500, '不能超过 500 条'), z.meta({ title: '例外' })),
    version: z.number().check(z.int(), z.minimum(0), z.meta({ title: '版本号' })),
  }),
);
export type ExpressionRulesInput = z.output<ReturnType<typeof expressionRulesInput>>;

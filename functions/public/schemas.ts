/** What citizens send: validated at the edge, every message in Chinese and naming its field. */
import * as z from 'zod/mini';
import {
  media,
  methods,
  normaliseQueryCode,
  organisationTypes,
  queryCodeLength,
  uploadPurposes,
  uploadTypes,
} from '#core/application.ts';
import {
  checkIdDocument,
  hasLooseCombiningMark,
  idDocumentTypes,
  isCreditCode,
  isPhoneNumber,
  normaliseIdNumber,
  normaliseName,
} from '#core/identity.ts';
import { once } from '#lib/once.ts';
import { fileToUpload, noMarkup, text } from '#lib/route-schemas.ts';

const keysOf = <T extends object>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

/** A name: no loose combining mark, then kept in its NFKC form (full-width letters as ordinary ones). */
const nameText = (title: string, max: number) =>
  z
    .pipe(
      z.pipe(
        z
          .string()
          .check(
            z.refine(
              (value) => !hasLooseCombiningMark(value),
              '不能包含单独的附加符号（如加在字母上的声调、重音符号），请使用汉字或常用字母填写',
            ),
          ),
        z.transform((value) => normaliseName(value).trim()),
      ),
      z.string().check(z.minLength(1, '请填写'), z.maxLength(max, `不能超过 ${max} 个字符`), noMarkup()),
    )
    .check(z.meta({ title }));
/** A choice: nothing chosen says 请选择; anything else was not one of the options. */
const choice = <T extends object>(title: string, options: T) =>
  z
    .enum(keysOf(options), {
      error: (issue) => (issue.input === undefined || issue.input === '' ? '请选择' : '所选项无效，请重新选择'),
    })
    .check(z.meta({ title }));

const phone = once(() =>
  z
    .string()
    .check(
      z.maxLength(30, '不能超过 30 个字符'),
      z.refine(isPhoneNumber, '请填写有效的电话号码：手机号码 11 位，固定电话请加区号（如 0439-6212345）'),
      z.meta({ title: '联系电话' }),
    ),
);
const email = once(() =>
  z.optional(
    z
      .string()
      .check(
        z.maxLength(100, '不能超过 100 个字符'),
        z.regex(/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/, '请填写有效的电子邮箱'),
        z.meta({ title: '电子邮箱' }),
      ),
  ),
);
const postcode = once(() =>
  z.optional(z.string().check(z.regex(/^\d{6}$/, '应为 6 位数字'), z.meta({ title: '邮政编码' }))),
);

/**
 * An identity number as typed (lower-case x, spaces, full-width characters), kept in its one form
 * (`normaliseIdNumber`) before any check.
 */
const idNumberText = (title: string, max: number) =>
  z
    .pipe(
      z.pipe(z.string().check(z.maxLength(max * 2, `不能超过 ${max} 个字符`)), z.transform(normaliseIdNumber)),
      z.string().check(z.minLength(1, '请填写'), z.maxLength(max, `不能超过 ${max} 个字符`)),
    )
    .check(z.meta({ title }));

/**
 * Whether parsing has found nothing wrong so far at `path` (nor with the whole): a check across
 * fields runs when the fields it reads are sound, whatever else is wrong, so that every field's
 * error comes in one answer rather than a round at a time.
 */
const sound = (payload: { issues: { path?: PropertyKey[] }[] }, ...path: string[]) =>
  !payload.issues.some(
    (issue) => !issue.path?.length || path.every((key, i) => issue.path![i] === key || i >= issue.path!.length),
  );

const person = once(() =>
  z
    .object({
      kind: z.literal('person').check(z.meta({ title: '申请人类型' })),
      name: nameText('姓名', 50),
      idType: choice('证件类型', idDocumentTypes),
      idNumber: idNumberText('证件号码', 30),
      employer: z.optional(text('工作单位', 100, { citizen: true })),
      address: z.optional(text('通信地址', 200, { citizen: true })),
      postcode: postcode(),
      phone: phone(),
      email: email(),
    })
    .check(
      // Checked whatever else is wrong (a missing phone): every field's error in one answer.
      z.check<{ idType: keyof typeof idDocumentTypes; idNumber: string }>(
        (ctx) => {
          const problem = checkIdDocument(ctx.value.idType, ctx.value.idNumber);
          if (problem)
            ctx.issues.push({ code: 'custom', path: ['idNumber'], message: problem, input: ctx.value.idNumber });
        },
        { when: (payload) => sound(payload, 'idType') && sound(payload, 'idNumber') },
      ),
    ),
);

const organisation = once(() =>
  z.object({
    kind: z.literal('organisation').check(z.meta({ title: '申请人类型' })),
    name: nameText('名称', 100),
    orgType: choice('组织类型', organisationTypes),
    creditCode: idNumberText('统一社会信用代码', 18).check(
      z.refine(isCreditCode, '不是有效的统一社会信用代码（18 位，请核对最后一位校验码）'),
    ),
    legalRepresentative: nameText('法定代表人', 50),
    contactName: nameText('联系人', 50),
    phone: phone(),
    address: z.optional(text('地址', 200, { citizen: true })),
    email: email(),
  }),
);

/** The ids of files a form uploaded first (by presigned POST), at most five. */
const uploadIds = once(() =>
  z.optional(
    z
      .array(z.string().check(z.regex(/^[0-9a-f-]{36}$/, '附件编号无效')), { error: '附件列表格式不正确' })
      .check(z.maxLength(5, '最多上传 5 个附件'), z.meta({ title: '附件' })),
  ),
);
/** A form's own key, which its uploads were bound to. */
const formKey = once(() =>
  z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{8,100}$/, '表单编号格式不正确'), z.meta({ title: '表单编号' }))),
);
/** What a correction brings besides its text: the files its form uploaded. */
export const correctionFiles = once(() => ({ uploads: uploadIds(), formKey: formKey() }));

export const applicationInput = once(() =>
  z
    .object({
      agencyId: z.string().check(z.regex(/^[a-z0-9-]{1,40}$/, '请选择受理机关'), z.meta({ title: '受理机关' })),
      applicant: z.discriminatedUnion('kind', [person(), organisation()], { error: '请选择“公民”或“法人或其他组织”' }),
      request: z.object({
        title: text('所需信息的名称', 200, { citizen: true }),
        documentNumber: z.optional(text('文号', 100, { citizen: true })),
        description: z.optional(text('所需信息的特征性描述', 2000, { citizen: true, multiline: true })),
      }),
      delivery: z.object({
        medium: choice('提供的载体形式', media),
        method: choice('获取信息的方式', methods),
      }),
      uploads: uploadIds(),
      /** The no-script form's idempotency key (a script or API client sends the Idempotency-Key header). */
      idempotencyKey: z.optional(
        z
          .string()
          .check(z.regex(/^[A-Za-z0-9_-]{8,100}$/, '格式不正确，请刷新页面后重新填写'), z.meta({ title: '表单编号' })),
      ),
      /** Honeypot: hidden from people, filled by simple bots. */
      website: z.optional(z.string()),
      /** The server-signed start token (core/form-token.ts), from the form page or GET /api/form-token. */
      formToken: z
        .string({ error: '缺少表单校验码，请刷新页面后重新填写' })
        .check(z.maxLength(200, '表单校验码无效，请刷新页面后重新填写'), z.meta({ title: '表单校验码' })),
    })
    .check(
      // Checked whatever else is wrong, where the applicant's kind and the delivery were read.
      z.check<{ applicant: { address?: string; email?: string }; delivery: { method?: string; medium?: string } }>(
        (ctx) => {
          const { applicant, delivery } = ctx.value;
          if (delivery.method === 'post' && !applicant.address && sound(ctx, 'applicant', 'address')) {
            ctx.issues.push({
              code: 'custom',
              path: ['applicant', 'address'],
              message: '选择邮寄时请填写地址',
              input: undefined,
            });
          }
          if (delivery.method === 'email' || delivery.medium === 'email') {
            if (!applicant.email && sound(ctx, 'applicant', 'email'))
              ctx.issues.push({
                code: 'custom',
                path: ['applicant', 'email'],
                message: '选择电子邮件时请填写电子邮箱',
                input: undefined,
              });
          }
        },
        {
          when: (payload) => {
            const value = payload.value as { applicant?: unknown; delivery?: unknown } | undefined;
            return (
              typeof value?.applicant === 'object' &&
              value.applicant !== null &&
              typeof value.delivery === 'object' &&
              sound(payload, 'applicant', 'kind')
            );
          },
        },
      ),
    ),
);
export type ApplicationInput = z.output<ReturnType<typeof applicationInput>>;

export const applicationExample = {
  agencyId: 'lushuihe',
  applicant: {
    kind: 'person',
    name: '李明',
    idType: 'resident',
    idNumber: '11010519491231002X',
    address: '吉林省白山市抚松县露水河镇长白街 1 号',
    postcode: '134504',
    phone: '13800000000',
    email: 'liming@example.com',
  },
  request: {
    title: '露水河镇 2025 年财政预算执行情况',
    documentNumber: '露政发〔2025〕3号',
    description: '2025 年度镇本级一般公共预算收支执行情况报告全文',
  },
  delivery: { medium: 'email', method: 'email' },
  formToken: 'mipd8d4g.Zk1c0m9tQk5mYjNz.4aE0sYb1kQyq3m0tqH3m3C0s1bD0n2Q4x5p6r7s8t9u',
};

export const queryCode = once(() =>
  z
    .pipe(
      z.pipe(z.string(), z.transform(normaliseQueryCode)),
      z.string().check(z.length(queryCodeLength, `查询码应为 ${queryCodeLength} 位`)),
    )
    .check(z.meta({ title: '查询码' })),
);

export const uploadInput = once(() =>
  z.object({
    /** The form's own key (its idempotencyKey): the upload can be linked only by that form's submission. */
    formKey: formKey(),
    purpose: choice('附件用途', uploadPurposes),
    ...fileToUpload(uploadTypes).shape,
  }),
);

/** Schemas and entries more than one function's routes share. */
import * as z from 'zod/mini';
import { agencyIdPattern, agencyKinds } from '#core/agency.ts';
import { maxUploadBytes, normaliseReceiptNumber, receiptNumberPattern } from '#core/application.ts';
import { isIsoDate } from '#core/dates.ts';
import { once } from '#lib/once.ts';

// Angle brackets and control characters have no place in what a citizen writes; refusing them keeps
// markup out of every letter and page the text later appears in.
// biome-ignore lint/suspicious/noControlCharactersInRegex: this pattern exists to refuse control characters
const unsafe = /[<>\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** The check that refuses angle brackets and control characters (a citizen's text, see `text`). */
export const noMarkup = () => z.refine<string>((value) => !unsafe.test(value), '不能包含尖括号或控制字符');

export type TextOptions = {
  /** At least one character (`请填写`); `false` lets the field be left blank. Default `true`. */
  required?: boolean;
  /** Line breaks allowed, as in a text area (only there may one go; see `lib/validate.ts`). */
  multiline?: boolean;
  /** What a citizen writes: trimmed before its checks, and refused with angle brackets or control characters. */
  citizen?: boolean;
};

const staffText = (title: string, max: number, required: boolean, multiline: boolean) =>
  z
    .string()
    .check(
      ...(required ? [z.minLength(1, '请填写')] : []),
      z.maxLength(max, `不能超过 ${max} 个字符`),
      z.meta({ title, ...(multiline && { multiline }) }),
    );
const citizenText = (title: string, max: number, required: boolean, multiline: boolean) =>
  z
    .pipe(
      z.pipe(
        z.string(),
        z.transform((value) => value.trim()),
      ),
      z
        .string()
        .check(...(required ? [z.minLength(1, '请填写')] : []), z.maxLength(max, `不能超过 ${max} 个字符`), noMarkup()),
    )
    .check(z.meta({ title, ...(multiline && { multiline }) }));

/** A text field of at most `max` characters, titled for its messages; the one text helper every function's schemas use. */
export function text(
  title: string,
  max: number,
  options?: TextOptions & { citizen?: false },
): ReturnType<typeof staffText>;
export function text(
  title: string,
  max: number,
  options: TextOptions & { citizen: true },
): ReturnType<typeof citizenText>;
export function text(
  title: string,
  max: number,
  { required = true, multiline = false, citizen = false }: TextOptions = {},
) {
  return (citizen ? citizenText : staffText)(title, max, required, multiline);
}

/** A calendar date as the console's date input sends it, YYYY-MM-DD. */
export const date = (title: string) =>
  z.string().check(z.refine(isIsoDate, '日期应为 YYYY-MM-DD 格式的有效日期'), z.meta({ title }));

/** The version a change was read at (`0`: a record not yet made, where `first` is 0), which the change must still match. */
export const version = (first: 0 | 1 = 1) =>
  z.number().check(z.int(), z.minimum(first, '版本号无效'), z.meta({ title: '版本号' }));

/**
 * A file about to be uploaded, as its upload's form policy is asked for: its name (a citizen's text
 * wherever it comes from, as letters and pages quote it), its type among `types` (each with the label
 * the refusal names) and its size.
 */
export const fileToUpload = <T extends string>(types: Record<T, string | { label: string }>) => {
  const labels = [
    ...new Set(Object.values<string | { label: string }>(types).map((t) => (typeof t === 'string' ? t : t.label))),
  ];
  const kinds = labels.length > 1 ? `${labels.slice(0, -1).join('、')} 或 ${labels.at(-1)}` : labels[0];
  return z.object({
    fileName: text('文件名', 120, { citizen: true }),
    contentType: z
      .enum(Object.keys(types) as [T, ...T[]], { error: `只接受 ${kinds} 文件` })
      .check(z.meta({ title: '文件类型' })),
    size: z
      .number()
      .check(
        z.int(),
        z.minimum(1, '文件为空'),
        z.maximum(maxUploadBytes, `文件不能超过 ${maxUploadBytes / 1024 / 1024} MB`),
        z.meta({ title: '文件大小' }),
      ),
  });
};

/**
 * A stored record answered as it is stored: the fields its readers use are declared (checked, and
 * typed for the console), the others pass untouched (a loose object, which strips nothing). Its input
 * type lists only the declared fields, without the loose object's index signature, so that a store's
 * type (an interface, which has none) may be answered.
 */
export const storedRecord = <S extends z.core.$ZodLooseShape>(shape: S) =>
  z.looseObject(shape) as unknown as z.ZodMiniType<
    z.output<z.ZodMiniObject<S, z.core.$loose>>,
    z.input<z.ZodMiniObject<S, z.core.$strip>>
  >;

const check = once(() => z.object({ ok: z.boolean(), ms: z.number() }));
/** The public check: one read of the table, nothing written. */
export const publicHealth = once(() =>
  z.object({
    status: z.literal('ok'),
    function: z.string(),
    time: z.string(),
    checks: z.object({ dynamodb: check() }),
  }),
);
/** A staff function's deep check: a table item and a bucket object written and read back. */
export const health = once(() =>
  z.object({
    status: z.literal('ok'),
    function: z.string(),
    time: z.string(),
    checks: z.object({ dynamodb: check(), s3: check() }),
  }),
);

/** `?limit=&cursor=` of a staff list served a page at a time. */
export const pageQuery = once(() =>
  z.object({
    limit: z.optional(
      z.coerce
        .number()
        .check(
          z.int(),
          z.minimum(1, '每页至少 1 条'),
          z.maximum(100, '每页最多 100 条'),
          z.meta({ title: '每页条数' }),
        ),
    ),
    cursor: z.optional(z.string().check(z.maxLength(1000, '分页参数无效'), z.meta({ title: '分页' }))),
  }),
);

/** `?parentId=&kind=&limit=&cursor=`: one page of a list of agencies, those directly under one, or of one kind. */
export const agencyListQuery = once(() =>
  z.object({
    ...pageQuery().shape,
    parentId: z.optional(
      z.string().check(z.regex(agencyIdPattern, '上级机关编号无效'), z.meta({ title: '上级机关（其下属机关）' })),
    ),
    kind: z.optional(z.enum(agencyKinds, '机关类别无效').check(z.meta({ title: '机关类别' }))),
  }),
);

/**
 * What a step that changes the public site answers: its pages are queued for the renderer (the
 * site's one writer), which the table's stream wakes; they are usually written within seconds.
 */
export const siteQueued = once(() => z.object({ state: z.literal('queued'), targets: z.number() }));
export const queuedFor = (targets: unknown[]) => ({ state: 'queued' as const, targets: targets.length });

/** A background job (site rebuild, recount, deadlines re-placed after a calendar change), as staff follow it. */
export const jobView = once(() =>
  z.object({
    id: z.string(),
    kind: z.enum([
      'rebuildSite',
      'recount',
      'requeue',
      'inspection',
      'privacyScan',
      'privacySweep',
      'importPublications',
      'redact',
    ]),
    state: z.enum(['queued', 'running', 'done', 'failed']),
    progress: z.object({ done: z.number(), total: z.number() }),
    createdAt: z.string(),
    updatedAt: z.string(),
    result: z.optional(z.record(z.string(), z.unknown())),
    error: z.optional(z.string()),
    /** Where to follow it. */
    href: z.string(),
  }),
);

/** Each staff function's own health route: proves its grants on the table and its bucket after a deploy. */
export const staffHealthSummary = '健康检查：核对该函数对数据库和存储桶的读写权限（管理员）';
export function staffHealth<F extends 'applications' | 'publications' | 'reports' | 'imports'>(fn: F) {
  return {
    operationId: `${fn}Health` as `${F}Health`,
    method: 'GET',
    path: `/api/staff/${fn}/health` as `/api/staff/${F}/health`,
    fn,
    auth: 'staff',
    roles: ['admin'],
    tag: '平台',
    schemas: once(() => ({
      response: health(),
    })),
  } as const;
}

/** A step's form as `core/forms.ts` describes it (see `FormField` and `StepForm` there). */
const limit = once(() => z.optional(z.number()));
const formField = once(() =>
  z.object({
    name: z.string(),
    label: z.string(),
    kind: z.enum(['text', 'multiline', 'date', 'number', 'lines', 'choice', 'files']),
    required: z.optional(z.boolean()),
    value: z.optional(z.union([z.string(), z.number()])),
    choices: z.optional(z.array(z.object({ value: z.union([z.string(), z.boolean()]), label: z.string() }))),
    accept: z.optional(z.string()),
    maxLength: limit(),
    min: limit(),
    max: limit(),
    maxItems: limit(),
    maxFiles: limit(),
    maxBytes: limit(),
  }),
);
export const stepForms = once(() =>
  z.array(
    z.object({
      type: z.string(),
      label: z.string(),
      fields: z.array(formField()),
      preview: z.optional(z.literal('fee')),
    }),
  ),
);

/** A receipt number as a citizen types it (lower case, full-width dashes from an IME), normalised, then checked. */
export const receiptNumber = once(() =>
  z
    .pipe(
      z.pipe(z.string(), z.transform(normaliseReceiptNumber)),
      z.string().check(z.regex(receiptNumberPattern, '受理编号格式不正确，应形如 LSH-2026-00012')),
    )
    .check(z.meta({ title: '受理编号' })),
);

/** A receipt number as staff's console sends it (imported cases keep the old system's numbers). */
export const staffReceiptNumber = once(() =>
  z.string().check(z.maxLength(40, '受理编号过长'), z.meta({ title: '受理编号' })),
);

/** One of an application's letters, by its version. */
export const letterVersion = once(() =>
  z.coerce.number().check(z.int(), z.minimum(1, '文书编号无效'), z.meta({ title: '文书' })),
);

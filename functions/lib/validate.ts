import * as z from 'zod/mini';
import type { FieldError } from './errors.ts';

const kinds: Record<string, string> = {
  string: '文字',
  number: '数字',
  int: '整数',
  bigint: '整数',
  boolean: '是或否',
  array: '列表',
  object: '一组字段',
  date: '日期',
};

/**
 * Messages for zod's own checks, for the people who read them (the field's title comes before): in
 * Simplified Chinese, for the few kinds of check the schemas use; each schema adds its own words.
 */
function message(issue: z.core.$ZodRawIssue): string {
  const n = Number(
    (issue as { minimum?: unknown; maximum?: unknown }).minimum ?? (issue as { maximum?: unknown }).maximum,
  );
  const origin = (issue as { origin?: string }).origin;
  switch (issue.code) {
    case 'invalid_type':
      return `应为${kinds[issue.expected] ?? issue.expected}`;
    case 'too_small':
      return origin === 'string'
        ? `不能少于 ${n} 个字符`
        : origin === 'array' || origin === 'set'
          ? `至少 ${n} 项`
          : issue.inclusive === false
            ? `应大于 ${n}`
            : `不能小于 ${n}`;
    case 'too_big':
      return origin === 'string'
        ? `不能超过 ${n} 个字符`
        : origin === 'array' || origin === 'set'
          ? `最多 ${n} 项`
          : issue.inclusive === false
            ? `应小于 ${n}`
            : `不能大于 ${n}`;
    case 'invalid_format':
      return '格式不正确';
    case 'invalid_value':
      return `应为以下之一：${issue.values.map(String).join('、')}`;
    case 'unrecognized_keys':
      return `不能包含：${issue.keys.join('、')}`;
    case 'not_multiple_of':
      return `应为 ${issue.divisor} 的倍数`;
    default:
      return '内容不正确';
  }
}
z.config({ localeError: message });

type Def = {
  shape?: Record<string, z.core.$ZodType>;
  element?: z.core.$ZodType;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  options?: z.core.$ZodType[];
  discriminator?: string;
};
const defOf = (node: z.core.$ZodType) => node._zod.def as Def;

/** The schema and the wrappers it sits in (optional, nullable, default, pipe), outermost first. */
function layers(node: z.core.$ZodType): z.core.$ZodType[] {
  const { innerType, in: input } = defOf(node);
  const inner = innerType ?? input;
  return inner ? [node, ...layers(inner)] : [node];
}

/** The schema one step down `key`, given the input there (it picks the member of a discriminated union). */
function child(node: z.core.$ZodType, key: PropertyKey, value: unknown): z.core.$ZodType | undefined {
  let def = defOf(layers(node).at(-1)!);
  if (def.options) {
    const tag = def.discriminator && (value as Record<string, unknown> | undefined)?.[def.discriminator];
    const chosen =
      def.options.find((o) => def.discriminator && z.safeParse(defOf(o).shape![def.discriminator]!, tag).success) ??
      def.options.find((o) => String(key) in (defOf(o).shape ?? {}));
    if (!chosen) return undefined;
    def = defOf(chosen);
  }
  return def.shape ? def.shape[String(key)] : def.element;
}

/** The human label of the field at `path` (from `z.meta({ title })` on any layer), else the path itself. */
function labelAt(schema: z.core.$ZodType, path: PropertyKey[], input: unknown): string {
  let node: z.core.$ZodType | undefined = schema;
  let value = input;
  for (const key of path) {
    node = node && child(node, key, value);
    value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
  }
  const title =
    node &&
    layers(node)
      .map((layer) => z.globalRegistry.get(layer)?.title)
      .find(Boolean);
  return title ?? path.map(String).join('.');
}

const valueAt = (input: unknown, path: PropertyKey[]) =>
  path.reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown> | undefined)?.[key], input);

export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FieldError[] };

/**
 * Characters no text field takes: C0 and C1 controls (tab, line feed and carriage return apart),
 * DEL, bidi overrides and isolates (which make 露水河 display as something else), and zero-width
 * characters (which make the same name not match in a search).
 */
const hiddenCharacters =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: this pattern exists to refuse control characters
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;
const lineBreak = /[\r\n]/;

/** Whether the schema at this field was declared multi-line (`z.meta({ multiline: true })`): only there may a line break go. */
const isMultiline = (node: z.core.$ZodType | undefined) =>
  node === undefined || layers(node).some((layer) => z.globalRegistry.get(layer)?.multiline === true);

/** Every string in the input that carries a character its field does not take, as field errors. */
function textProblems(schema: z.core.$ZodType, input: unknown, prefix?: string): FieldError[] {
  const problems: FieldError[] = [];
  const visit = (node: z.core.$ZodType | undefined, value: unknown, path: PropertyKey[]) => {
    if (typeof value === 'string') {
      const why = hiddenCharacters.test(value)
        ? '含有控制字符或不可见字符，请删除后重新填写'
        : lineBreak.test(value) && !isMultiline(node)
          ? '不能换行'
          : undefined;
      if (why)
        problems.push({
          field: [prefix, ...path.map(String)].filter(Boolean).join('.'),
          message: `${path.length ? labelAt(schema, path, input) : (prefix ?? '请求')}：${why}`,
        });
      return;
    }
    if (value && typeof value === 'object')
      for (const [key, inner] of Object.entries(value))
        visit(node && child(node, Array.isArray(value) ? Number(key) : key, value), inner, [
          ...path,
          Array.isArray(value) ? Number(key) : key,
        ]);
  };
  visit(schema, input, []);
  return problems;
}

/** What a request brings: its text checked for hidden characters and stray line breaks, then the schema. */
export function parseRequestPart<S extends z.core.$ZodType>(
  schema: S,
  input: unknown,
  prefix?: string,
): Parsed<z.output<S>> {
  const problems = textProblems(schema, input, prefix);
  return problems.length ? { ok: false, errors: problems } : parseWith(schema, input, prefix);
}

export function parseWith<S extends z.core.$ZodType>(schema: S, input: unknown, prefix?: string): Parsed<z.output<S>> {
  const result = z.safeParse(schema, input);
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => {
      const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
      const label = issue.path.length ? labelAt(schema, issue.path, input) : (prefix ?? '请求');
      const missing = issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined;
      return { field, message: `${label}：${missing ? '请填写' : issue.message}` };
    }),
  };
}

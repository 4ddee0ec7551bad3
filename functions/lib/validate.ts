import * as z from 'zod/mini';
import { zhCN } from 'zod/locales';
import type { FieldError } from './errors.ts';

// Messages from zod's own checks (type, required) in Simplified Chinese; schemas add their own.
z.config(zhCN());

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
    const chosen = def.options.find((o) => def.discriminator && z.safeParse(defOf(o).shape![def.discriminator]!, tag).success)
      ?? def.options.find((o) => String(key) in (defOf(o).shape ?? {}));
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
  const title = node && layers(node).map((layer) => z.globalRegistry.get(layer)?.title).find(Boolean);
  return title ?? path.map(String).join('.');
}

const valueAt = (input: unknown, path: PropertyKey[]) =>
  path.reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown> | undefined)?.[key], input);

export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FieldError[] };

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

import * as z from 'zod/mini';
import { zhCN } from 'zod/locales';
import type { FieldError } from './errors.ts';

// Messages from zod's own checks (type, required) in Simplified Chinese; schemas add their own.
z.config(zhCN());

type Def = { shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType; innerType?: z.core.$ZodType };

/** The schema one step down `key`, looking through optional/nullable/default wrappers. */
function child(node: z.core.$ZodType, key: PropertyKey): z.core.$ZodType | undefined {
  let def = node._zod.def as Def;
  while (def.innerType) def = def.innerType._zod.def as Def;
  return def.shape ? def.shape[String(key)] : def.element;
}

/** The human label of the field at `path` (from `z.meta({ title })`), else the path itself. */
function labelAt(schema: z.core.$ZodType, path: PropertyKey[]): string {
  let node: z.core.$ZodType | undefined = schema;
  for (const key of path) node = node && child(node, key);
  const title = node && z.globalRegistry.get(node)?.title;
  return title ?? path.map(String).join('.');
}

export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FieldError[] };

export function parseWith<S extends z.core.$ZodType>(schema: S, input: unknown, prefix?: string): Parsed<z.output<S>> {
  const result = z.safeParse(schema, input);
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => {
      const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
      const label = issue.path.length ? labelAt(schema, issue.path) : (prefix ?? '请求');
      return { field, message: `${label}：${issue.message}` };
    }),
  };
}

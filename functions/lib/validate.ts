import * as z from 'zod/mini';
import { zhCN } from 'zod/locales';
import type { FieldError } from './errors.ts';

// Messages from zod's own checks (type, required) in Simplified Chinese; schemas add their own.
z.config(zhCN());

type Def = { shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType; innerType?: z.core.$ZodType };

/** The schema and the wrappers it sits in (optional, nullable, default), outermost first. */
function layers(node: z.core.$ZodType): z.core.$ZodType[] {
  const inner = (node._zod.def as Def).innerType;
  return inner ? [node, ...layers(inner)] : [node];
}

/** The schema one step down `key`. */
function child(node: z.core.$ZodType, key: PropertyKey): z.core.$ZodType | undefined {
  const def = layers(node).at(-1)!._zod.def as Def;
  return def.shape ? def.shape[String(key)] : def.element;
}

/** The human label of the field at `path` (from `z.meta({ title })` on any layer), else the path itself. */
function labelAt(schema: z.core.$ZodType, path: PropertyKey[]): string {
  let node: z.core.$ZodType | undefined = schema;
  for (const key of path) node = node && child(node, key);
  const title = node && layers(node).map((layer) => z.globalRegistry.get(layer)?.title).find(Boolean);
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

/**
 * The shape of every import's request and answer (the old catalogue, open cases, earlier reports):
 * apart from the route table's shared schemas, so only the functions that import carry them.
 */
import * as z from 'zod/mini';
import { once } from '#lib/once.ts';

export const importDryRun = once(() =>
  z.boolean({ error: '应为 true（仅检查）或 false（导入）' }).check(z.meta({ title: '仅检查' })),
);

/** A call's rows (at most `max`), each checked by the import itself so a dry run answers every row's errors. */
export const importRows = (max: number) =>
  z.object({
    dryRun: importDryRun(),
    firstRow: z.optional(z.number().check(z.int(), z.minimum(1, '行号从 1 开始'), z.meta({ title: '第一行的行号' }))),
    rows: z
      .array(z.record(z.string(), z.unknown()), { error: '应为各行组成的列表' })
      .check(z.minLength(1, '至少一行'), z.maxLength(max, `每次最多 ${max} 行，请分批提交`), z.meta({ title: '各行' })),
  });

export const importRowError = once(() => z.object({ row: z.number(), field: z.string(), message: z.string() }));

/** What an import answers: rows checked and valid, every error by row and field, rows passed over as already there. */
export const importReport = once(() =>
  z.object({
    dryRun: z.boolean(),
    checked: z.number(),
    valid: z.number(),
    errors: z.array(importRowError()),
    skipped: z.array(z.object({ row: z.number(), message: z.string() })),
  }),
);

/** What staff send to the imports function. */
import * as z from 'zod/mini';
import { rowsPerCall } from '#core/catalogue-import.ts';
import { stepTextLimit } from '#core/publication.ts';
import { importRows } from '#lib/import-schemas.ts';
import { once } from '#lib/once.ts';
import { text, version } from '#lib/route-schemas.ts';

/** A reviewer's opinion or comments on a batch, from a text area in the console. */
const reason = (title: string) => text(title, stepTextLimit, { multiline: true });

/** Rows of an import, each checked by the import itself (so a dry run answers every row's errors). */
export const importInput = once(() =>
  z.object({
    ...importRows(rowsPerCall).shape,
    batch: z.optional(z.string().check(z.regex(/^[0-9a-f]{16}$/, '批次编号无效'), z.meta({ title: '批次编号' }))),
  }),
);

export const batchStepInput = once(() =>
  z.object({
    version: version(),
    action: z.object({
      type: z.enum(['submit', 'approve', 'return'], { error: '未知的操作' }).check(z.meta({ title: '操作' })),
      secrecyCheck: z.optional(reason('保密审查意见')),
      comments: z.optional(reason('退回意见')),
    }),
  }),
);

/** The office's choices of the statutory category each of its old catalogue's values stands for. */
export const categoryMapInput = once(() =>
  z.object({
    version: version(0),
    choices: z
      .array(
        z.object({
          value: z
            .string()
            .check(
              z.trim(),
              z.minLength(1, '请填写原类别名称'),
              z.maxLength(100, '不能超过 100 个字符'),
              z.meta({ title: '原类别名称' }),
            ),
          category: z.nullable(
            z.string().check(z.regex(/^[a-z-]{2,20}$/, '请选择法定类别'), z.meta({ title: '对应的法定类别' })),
          ),
        }),
        { error: '应为对应关系的列表' },
      )
      .check(z.minLength(1, '至少一项'), z.maxLength(200, '每次最多 200 项'), z.meta({ title: '对应关系' })),
  }),
);

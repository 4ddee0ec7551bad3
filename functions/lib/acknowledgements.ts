/** What staff send to keep 个人信息检查 findings public (publications, column pages, the files of an answer). */
import * as z from 'zod/mini';
import { privacyGrounds, reasonProblem, type PrivacyGround } from '#core/privacy-grounds.ts';
import { stepTextLimit } from '#core/publication.ts';
import { once } from '#lib/once.ts';

/**
 * 个人信息检查 findings kept public, by their numbers, each with the reviewer's reason: words that say
 * something, or a legal ground from the list with words (`core/privacy-grounds.ts`).
 */
export const acknowledgements = once(() =>
  z
    .array(
      z
        .object({
          id: z.string().check(z.regex(/^\d{1,4}$/, '检查发现的编号无效'), z.meta({ title: '编号' })),
          ground: z.optional(
            z
              .enum(Object.keys(privacyGrounds) as [PrivacyGround, ...PrivacyGround[]], {
                error: '请从所列法律依据中选择',
              })
              .check(z.meta({ title: '法律依据' })),
          ),
          reason: z
            .string()
            .check(
              z.minLength(1, '请填写'),
              z.maxLength(stepTextLimit, `不能超过 ${stepTextLimit} 个字符`),
              z.meta({ title: '确认公开的理由', multiline: true }),
            ),
        })
        .check(
          z.superRefine((value, context) => {
            const problem = reasonProblem(value.reason, value.ground);
            if (problem)
              context.issues.push({ code: 'custom', message: problem, path: ['reason'], input: value.reason });
          }),
        ),
    )
    .check(z.maxLength(500, '一次最多确认 500 项'), z.meta({ title: '确认公开的个人信息' })),
);

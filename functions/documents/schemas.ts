/** What staff send for a document: validated at the edge, every message in Chinese and naming its field. */
import * as z from 'zod/mini';
import { once } from '#lib/once.ts';

/** What a case file (答辩证据) is taken for: recorded with the export. */
export const caseFileInput = once(() =>
  z.object({
    purpose: z.string().check(
      z.minLength(1, '请填写'),
      z.maxLength(200, '不能超过 200 个字符'),
      // A purpose says something: words, not a number or punctuation.
      z.regex(/[\p{Script=Han}A-Za-z].*[\p{Script=Han}A-Za-z]/su, '请用文字写明导出用途'),
      z.meta({ title: '导出用途（如：某某人民政府行政复议案件答辩）' }),
    ),
  }),
);
export type CaseFileInput = z.output<ReturnType<typeof caseFileInput>>;

/** The agency's 电子印章: a PNG, base64, at most 300 KB; empty to remove it. */
export const sealInput = once(() =>
  z.object({
    image: z
      .string()
      .check(
        z.maxLength(400_000, '图片不能超过 300 KB'),
        z.regex(/^[A-Za-z0-9+/]*={0,2}$/, '应为 PNG 图片的 base64 编码'),
        z.meta({ title: '电子印章' }),
      ),
  }),
);
export type SealInput = z.output<ReturnType<typeof sealInput>>;

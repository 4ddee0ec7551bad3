/** What staff send for a document: validated at the edge, every message in Chinese and naming its field. */
import * as z from 'zod/mini';

/** What a case file (答辩证据) is taken for: recorded with the export. */
export const caseFileInput = z.object({
  purpose: z.string().check(
    z.minLength(1, '请填写'),
    z.maxLength(200, '不能超过 200 个字符'),
    // A purpose says something: words, not a number or punctuation.
    z.regex(/[\p{Script=Han}A-Za-z].*[\p{Script=Han}A-Za-z]/su, '请用文字写明导出用途'),
    z.meta({ title: '导出用途（如：某某人民政府行政复议案件答辩）' }),
  ),
});
export type CaseFileInput = z.output<typeof caseFileInput>;

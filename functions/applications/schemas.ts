/** What staff send to the applications function. */
import * as z from 'zod/mini';
import { isIsoDate } from '#core/dates.ts';

const date = z.string().check(z.refine(isIsoDate, '日期应为 YYYY-MM-DD 格式的有效日期'), z.meta({ title: '日期' }));

export const calendarInput = z.object({
  complete: z.boolean({ error: '请说明是否为该年度完整的放假安排（true 或 false）' }).check(z.meta({ title: '完整安排' })),
  note: z.string().check(z.minLength(1, '请填写依据，如国务院办公厅通知的文号'), z.maxLength(200, '不能超过 200 个字符'), z.meta({ title: '依据' })),
  days: z.array(z.object({
    date,
    kind: z.enum(['holiday', 'workday'], { error: '应为 holiday（放假）或 workday（调休上班）' }).check(z.meta({ title: '类型' })),
    note: z.string().check(z.minLength(1, '请填写'), z.maxLength(50, '不能超过 50 个字符'), z.meta({ title: '说明' })),
  })).check(z.maxLength(120, '一个年度最多 120 条'), z.meta({ title: '日期列表' })),
  version: z.number().check(z.int(), z.minimum(0, '版本号不能为负'), z.meta({ title: '版本号' })),
});
export type CalendarInput = z.output<typeof calendarInput>;

export const calendarExample = {
  complete: true,
  note: '国办发明电〔2026〕7号',
  days: [
    { date: '2027-01-01', kind: 'holiday', note: '元旦' },
    { date: '2027-02-06', kind: 'workday', note: '春节调休上班' },
  ],
  version: 0,
};

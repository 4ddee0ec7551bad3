/**
 * 工作统计: the figures an office is judged by, by month and year, from the monthly counters the
 * steps keep beside the report's (`report-counts.ts`, `mMM_…`): the on-time rate, working days to
 * answer, the outcome mix in the national taxonomy, corrections, extensions, fees, and 复议/诉讼 with
 * their results. Compiling a year reads one counter item per agency, whatever the number of records.
 */
import { outcomeRows, table3Rows } from './annual-report.ts';
import { caseGroups, dayBands, dayBandOf, monthly, type CaseGroup, type Counters } from './report-counts.ts';

export const onTimeDefinition =
  '按时答复率 = 按时答复件数 ÷ 已计时答复件数。按时答复：自收到申请（或补正后的申请）次日起，至作出答复之日，所用工作日不超过法定的 20 个工作日（经批准延长的，加上延长的工作日）；征求第三方意见、等待缴费的期间不计算在内（条例第三十三条、第四十二条）。以答复日期所在月份统计；本平台启用前答复、无法计时的不计入。';

export interface MonthFigures {
  /** 1–12; 0 for the year's total. */
  month: number;
  received: number;
  /** Answered with one of the outcomes (not the other endings). */
  answered: number;
  onTime: number;
  late: number;
  /** Answered without a recorded time (before the platform, or a calendar gap). */
  untimed: number;
  /** Every ending, answers and the other endings (逾期不补正, 逾期未缴费, 撤回). */
  ended: number;
  corrections: number;
  extensions: number;
  fees: number;
  reconsiderations: number;
  lawsuits: number;
}

export interface Statistics {
  year: number;
  months: MonthFigures[];
  total: MonthFigures;
  /** Per cent to one decimal, or null with nothing timed. */
  onTimeRate: number | null;
  definition: string;
  days: { band: string; label: string; count: number }[];
  outcomes: { row: string; group: string; label: string; count: number }[];
  cases: { group: CaseGroup; label: string; filed: number; upheld: number; corrected: number; other: number }[];
}

const rowByKey = new Map(table3Rows.map((r) => [r.key, r]));
export const dayBandLabels = Object.fromEntries(
  dayBands.map((upper, i) => {
    const lower = i ? dayBands[i - 1]! + 1 : 0;
    return [
      dayBandOf(upper === Number.POSITIVE_INFINITY ? 41 : upper),
      upper === Number.POSITIVE_INFINITY ? '40 个工作日以上' : `${lower}–${upper} 个工作日`,
    ];
  }),
) as Record<string, string>;

const monthKey = (month: number) => `2000-${String(month).padStart(2, '0')}-01`;
const suits: CaseGroup[] = ['suitDirect', 'suitAfterReconsideration'];

/** The year's statistics from the counters of one agency's year, or the sum of several agencies'. */
export function compileStatistics(year: number, counterSets: Counters[]): Statistics {
  const sum = (name: string) => counterSets.reduce((total, c) => total + (c[name] ?? 0), 0);
  const of = (month: number, name: string) => sum(monthly(monthKey(month), name));
  const months = Array.from({ length: 12 }, (_, i): MonthFigures => {
    const month = i + 1;
    const onTime = of(month, 'answered_ontime');
    const late = of(month, 'answered_late');
    const untimed = of(month, 'answered_untimed');
    return {
      month,
      received: of(month, 'received'),
      answered: onTime + late + untimed,
      onTime,
      late,
      untimed,
      ended: outcomeRows.reduce((total, row) => total + of(month, `ended_${row}`), 0),
      corrections: of(month, 'corrections'),
      extensions: of(month, 'extensions'),
      fees: of(month, 'fees'),
      reconsiderations: of(month, 'case_reconsideration_filed'),
      lawsuits: suits.reduce((total, g) => total + of(month, `case_${g}_filed`), 0),
    };
  });
  const total = months.reduce(
    (t, m) => {
      for (const key of Object.keys(t) as (keyof MonthFigures)[]) if (key !== 'month') t[key] += m[key];
      return t;
    },
    {
      month: 0,
      received: 0,
      answered: 0,
      onTime: 0,
      late: 0,
      untimed: 0,
      ended: 0,
      corrections: 0,
      extensions: 0,
      fees: 0,
      reconsiderations: 0,
      lawsuits: 0,
    } as MonthFigures,
  );
  const timed = total.onTime + total.late;
  const allMonths = (name: string) => months.reduce((t, m) => t + of(m.month, name), 0);
  return {
    year,
    months,
    total,
    onTimeRate: timed ? Math.round((total.onTime / timed) * 1000) / 10 : null,
    definition: onTimeDefinition,
    days: Object.entries(dayBandLabels).map(([band, label]) => ({ band, label, count: allMonths(`days_${band}`) })),
    outcomes: outcomeRows.map((row) => {
      const r = rowByKey.get(row)!;
      return { row, group: r.group ?? '', label: r.label, count: allMonths(`ended_${row}`) };
    }),
    cases: (Object.keys(caseGroups) as CaseGroup[]).map((group) => ({
      group,
      label: caseGroups[group],
      filed: allMonths(`case_${group}_filed`),
      upheld: allMonths(`case_${group}_upheld`),
      corrected: allMonths(`case_${group}_corrected`),
      other: allMonths(`case_${group}_other`),
    })),
  };
}

/** The open-data file's rows (aggregates only): one per agency and month, and the year's total (month 0). */
export function statisticsRows(agency: { id: string; name: string }, stats: Statistics) {
  return [...stats.months, stats.total].map((m) => ({
    agencyId: agency.id,
    agencyName: agency.name,
    year: stats.year,
    ...m,
  }));
}

export const statisticsColumns: [keyof ReturnType<typeof statisticsRows>[number], string][] = [
  ['agencyId', '机关代码'],
  ['agencyName', '机关'],
  ['year', '年度'],
  ['month', '月份（0 为全年）'],
  ['received', '新收申请'],
  ['answered', '作出答复'],
  ['onTime', '按时答复'],
  ['late', '超期答复'],
  ['untimed', '未计时答复'],
  ['ended', '办结'],
  ['corrections', '告知补正'],
  ['extensions', '延长答复期限'],
  ['fees', '收费通知'],
  ['reconsiderations', '行政复议'],
  ['lawsuits', '行政诉讼'],
];

import { createRequire } from 'node:module';

type Table = Record<string, string>; // 'YYYY-MM-DD' → 'English,中文,n'

/** Applications under the revised regulation (in force 2019-05-15) need no earlier years. */
export const firstYear = 2019;

/** The package's holiday and make-up working-day tables, by year from `firstYear`, with Chinese names. */
export function officialFromPackage(): Record<number, { off: Record<string, string>; on: Record<string, string> }> {
  const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as {
    holidays: Table;
    workdays: Table;
  };
  const years: Record<number, { off: Record<string, string>; on: Record<string, string> }> = {};
  const add = (table: Table, side: 'off' | 'on') => {
    for (const [date, label] of Object.entries(table).sort()) {
      const year = Number(date.slice(0, 4));
      if (year < firstYear) continue;
      (years[year] ??= { off: {}, on: {} })[side][date.slice(5)] = label.split(',')[1] ?? label;
    }
  };
  add(data.holidays, 'off');
  add(data.workdays, 'on');
  return years;
}

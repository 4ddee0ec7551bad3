/**
 * The official holiday schedule in a compact, run-length form (`国庆节:10-01~10-07|…`) and back.
 * official-calendar.ts is generated in this form; the calendar expands it.
 */
export type DayTable = Record<string, string>; // 'MM-DD' → name
export type OfficialYears = Record<number, { off: DayTable; on: DayTable }>;

const nextDay = (year: number, monthDay: string) =>
  new Date(Date.UTC(year, Number(monthDay.slice(0, 2)) - 1, Number(monthDay.slice(3)) + 1)).toISOString().slice(5, 10);

function compact(year: number, table: DayTable): string {
  const byName = new Map<string, string[][]>();
  for (const day of Object.keys(table).sort()) {
    const runs = byName.get(table[day]!) ?? byName.set(table[day]!, []).get(table[day]!)!;
    const last = runs.at(-1);
    if (last && nextDay(year, last.at(-1)!) === day) last.push(day);
    else runs.push([day]);
  }
  return [...byName]
    .map(([name, runs]) => `${name}:${runs.map((r) => (r.length > 1 ? `${r[0]}~${r.at(-1)}` : r[0])).join(',')}`)
    .join('|');
}

function expand(year: number, spec: string): DayTable {
  const table: DayTable = {};
  for (const entry of spec ? spec.split('|') : []) {
    const [name, runs] = entry.split(':') as [string, string];
    for (const run of runs.split(',')) {
      const [from, to = from] = run.split('~') as [string, string?];
      for (let day = from; ; day = nextDay(year, day)) {
        table[day] = name;
        if (day === to) break;
      }
    }
  }
  return table;
}

export const compactCalendar = (years: OfficialYears) =>
  Object.fromEntries(
    Object.entries(years).map(([y, { off, on }]) => [y, { off: compact(Number(y), off), on: compact(Number(y), on) }]),
  );

export const expandCalendar = (years: Record<number, { off: string; on: string }>): OfficialYears =>
  Object.fromEntries(
    Object.entries(years).map(([y, { off, on }]) => [y, { off: expand(Number(y), off), on: expand(Number(y), on) }]),
  );

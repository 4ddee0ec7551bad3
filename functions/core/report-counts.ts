/**
 * The annual report's table 三 counters (REGULATION.md §5) as the records give them, and the
 * carry-over that follows from them. The stored counters are updated in the transaction of each
 * submission and ending; these functions recount them from the applications to check (or repair) them.
 *
 * Counter names: `received_<column>` (一 本年新收, by receipt year) and `ended_<row>_<column>` (三, by
 * the year the application ended). 二 上年结转 and 四 结转下年度 are not stored: an application not
 * ended by 31 December is carried over, so per column 四(Y) = 二(Y) + 一(Y) − 三(七)(Y) and
 * 二(Y) = 四(Y − 1), which the consistency rules then hold by construction.
 */
import { applicantColumn, type ApplicantColumn, type Application } from './application.ts';

export type Counters = Record<string, number>;
export const applicantColumns: ApplicantColumn[] = ['natural', 'business', 'research', 'publicWelfare', 'legalService', 'otherOrg'];

type Record_ = Pick<Application, 'receiptDate' | 'applicant' | 'handling'>;

const yearOf = (date: string) => Number(date.slice(0, 4));
const add = (counters: Map<number, Counters>, year: number, name: string) => {
  const year_ = counters.get(year) ?? {};
  year_[name] = (year_[name] ?? 0) + 1;
  counters.set(year, year_);
};

/** When an ended application ended (older records without `endedOn` fall back to the answer's date). */
export const endedOn = (record: Record_) => record.handling?.endedOn ?? record.handling?.outcome?.answeredOn;

/** The counters of every year, as the records give them. */
export function countRecords(records: Record_[]): Map<number, Counters> {
  const counters = new Map<number, Counters>();
  for (const record of records) {
    const column = applicantColumn(record.applicant);
    add(counters, yearOf(record.receiptDate), `received_${column}`);
    const ended = endedOn(record);
    if (record.handling?.reportRow && ended) add(counters, yearOf(ended), `ended_${record.handling.reportRow}_${column}`);
  }
  return counters;
}

/** Received in `year`, and ended in it, per applicant column. */
function yearTotals(counters: Counters | undefined) {
  const received = Object.fromEntries(applicantColumns.map((c) => [c, counters?.[`received_${c}`] ?? 0])) as Record<ApplicantColumn, number>;
  const ended = Object.fromEntries(applicantColumns.map((c) => [c, 0])) as Record<ApplicantColumn, number>;
  for (const [name, value] of Object.entries(counters ?? {})) {
    if (!name.startsWith('ended_')) continue;
    const column = name.slice(name.lastIndexOf('_') + 1) as ApplicantColumn;
    ended[column] += value;
  }
  return { received, ended };
}

/** 四 结转下年度继续办理 of `year` per column: everything received up to its end, less everything ended up to its end. */
export function carriedOver(counters: Map<number, Counters>, year: number): Record<ApplicantColumn, number> {
  const carried = Object.fromEntries(applicantColumns.map((c) => [c, 0])) as Record<ApplicantColumn, number>;
  for (const [y, values] of counters) {
    if (y > year) continue;
    const { received, ended } = yearTotals(values);
    for (const c of applicantColumns) carried[c] += received[c] - ended[c];
  }
  return carried;
}

export interface CounterDifference {
  year: number;
  counter: string;
  stored: number;
  counted: number;
}

/** Every counter where the stored value and the recount disagree. */
export function compareCounters(stored: Map<number, Counters>, counted: Map<number, Counters>): CounterDifference[] {
  const differences: CounterDifference[] = [];
  for (const year of new Set([...stored.keys(), ...counted.keys()])) {
    const a = stored.get(year) ?? {};
    const b = counted.get(year) ?? {};
    for (const counter of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if ((a[counter] ?? 0) !== (b[counter] ?? 0)) differences.push({ year, counter, stored: a[counter] ?? 0, counted: b[counter] ?? 0 });
    }
  }
  return differences.sort((x, y) => x.year - y.year || x.counter.localeCompare(y.counter));
}

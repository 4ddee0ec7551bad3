/**
 * The annual report's counters (REGULATION.md §5), as each record gives them. A step stores the
 * difference between a record's counters before and after it, in the step's own transaction, so
 * compiling a year reads a few counter items whatever the number of records; the recount sums the
 * same function over the records to check (or repair) them.
 *
 * | counter                      | what it counts                                   | year of        |
 * |------------------------------|--------------------------------------------------|----------------|
 * | `received_<column>`          | 三 一 本年新收, by applicant column               | receipt date   |
 * | `ended_<row>_<column>`       | 三 (一)–(六), by outcome row and column           | the ending     |
 * | `fee_notices`                | 六 收费通知 sent                                  | the notice     |
 * | `fee_charged` (分)           | 六 the amounts they asked                         | the notice     |
 * | `fee_collected` (分)         | 六 the amounts paid                               | the payment    |
 * | `doc_<row>_issued`           | 二 规章 / 行政规范性文件 本年制发                  | 成文日期       |
 * | `doc_<row>_repealed`         | 二 本年废止                                       | 废止日期       |
 * | `published_total` / `_late`  | items published (and over 条例26's 20 days)       | 发布日期       |
 * | `case_<group>_<result>`      | 四 复议、诉讼 by group and result at 31 December   | filing         |
 *
 * | `mMM_…` (工作统计, by month)   | received, ended_<row>, answered_<ontime|late|    | the month of  |
 * |                              | untimed>, days_<bucket>, corrections, extensions,| each fact     |
 * |                              | fees, case_<group>_filed, case_<group>_<result>  |               |
 *
 * 二 上年结转 and 四 结转下年度 are not stored: an application not ended by 31 December is carried
 * over, so per column 四(Y) = 二(Y) + 一(Y) − 三(七)(Y) and 二(Y) = 四(Y − 1). 现行有效件数 likewise
 * is everything issued up to the year's end less everything repealed.
 */
import { applicantColumn, type ApplicantColumn, type Application } from './application.ts';
import type { IsoDate } from './dates.ts';
import type { PublicationState } from './publication.ts';
import { categoryBySlug } from './categories.ts';

export type Counters = Record<string, number>;
/** Counters by year. */
export type YearCounters = Map<number, Counters>;
export const applicantColumns: ApplicantColumn[] = [
  'natural',
  'business',
  'research',
  'publicWelfare',
  'legalService',
  'otherOrg',
];

export type ApplicationRecord = Pick<Application, 'receiptDate' | 'applicant' | 'handling'> &
  Partial<Pick<Application, 'clock'>>;
export type PublicationRecord = Pick<PublicationState, 'status' | 'published'>;

/** 四 行政复议、行政诉讼: a case staff record against an application. */
export const caseGroups = {
  reconsideration: '行政复议',
  suitDirect: '行政诉讼（未经复议直接起诉）',
  suitAfterReconsideration: '行政诉讼（复议后起诉）',
} as const;
export const caseResults = {
  upheld: '结果维持',
  corrected: '结果纠正',
  other: '其他结果',
  pending: '尚未审结',
} as const;
export type CaseGroup = keyof typeof caseGroups;
export type CaseResult = keyof typeof caseResults;
export interface CaseRecord {
  group: CaseGroup;
  filedOn: IsoDate;
  /** The decision, once there is one; counted as 尚未审结 in a year that ended before it. */
  decidedOn?: IsoDate;
  result: CaseResult;
}

const yearOf = (date: string) => Number(date.slice(0, 4));
/** The statistics' monthly counter `name` of the month `date` falls in (`m03_received`). */
export const monthly = (date: string, name: string) => `m${date.slice(5, 7)}_${name}`;
/** Working days to answer, in the bands the statistics show (upper bounds; the last is open). */
export const dayBands = [5, 10, 15, 20, 40, Number.POSITIVE_INFINITY] as const;
export const dayBandOf = (days: number) => {
  const band = dayBands.find((upper) => days <= upper)!;
  return band === Number.POSITIVE_INFINITY ? 'over40' : `upto${band}`;
};
const fen = (yuan: number) => Math.round(yuan * 100);

function add(counters: YearCounters, date: string, name: string, by = 1) {
  if (!by) return;
  const year = counters.get(yearOf(date)) ?? {};
  year[name] = (year[name] ?? 0) + by;
  counters.set(yearOf(date), year);
}

/** When an ended application ended (older records without `endedOn` fall back to the answer's date). */
export const endedOn = (record: ApplicationRecord) => record.handling?.endedOn ?? record.handling?.outcome?.answeredOn;

/** What one application counts, by year. */
export function applicationCounters(record: ApplicationRecord, into: YearCounters = new Map()): YearCounters {
  const column = applicantColumn(record.applicant);
  add(into, record.receiptDate, `received_${column}`);
  const ended = endedOn(record);
  if (record.handling?.reportRow && ended) add(into, ended, `ended_${record.handling.reportRow}_${column}`);
  const fee = record.handling?.fee;
  if (fee) {
    add(into, fee.noticeOn, 'fee_notices');
    add(into, fee.noticeOn, 'fee_charged', fen(fee.calculation.total));
    if (fee.paidOn) add(into, fee.paidOn, 'fee_collected', fen(fee.calculation.total));
  }
  return applicationStatistics(record, into);
}

/** 工作统计: what one application counts by month (the same facts as the report's, and how long answers took). */
function applicationStatistics(record: ApplicationRecord, into: YearCounters): YearCounters {
  const handling = record.handling ?? {};
  const at = (date: string, name: string) => add(into, date, monthly(date, name));
  at(record.receiptDate, 'received');
  const ended = endedOn(record);
  if (handling.reportRow && ended) at(ended, `ended_${handling.reportRow}`);
  const answered = handling.outcome?.answeredOn;
  if (answered) {
    const took = handling.answeredIn;
    at(answered, `answered_${took ? (took.onTime ? 'ontime' : 'late') : 'untimed'}`);
    if (took) at(answered, `days_${dayBandOf(took.workingDays)}`);
  }
  if (handling.correction) at(handling.correction.requestedOn, 'corrections');
  if (record.clock?.extension) at(record.clock.extension.approvedOn, 'extensions');
  if (handling.fee) at(handling.fee.noticeOn, 'fees');
  return into;
}

/** What one item of 主动公开 counts, by year: its publication, and (规章, 行政规范性文件) its validity. */
export function publicationCounters(record: PublicationRecord, into: YearCounters = new Map()): YearCounters {
  const published = record.published;
  if (!published) return into;
  add(into, published.publishedOn, 'published_total');
  if (published.late) add(into, published.publishedOn, 'published_late');
  const row = categoryBySlug.get(published.content.category)?.reportRow;
  if (!row || record.status === 'withdrawn') return into;
  add(into, published.content.writtenOn, `doc_${row}_issued`);
  const validity = published.content.validity;
  if (validity?.state === 'repealed' && validity.repealedOn) add(into, validity.repealedOn, `doc_${row}_repealed`);
  return into;
}

/** What one case counts: in its filing year, with the result it had by that year's 31 December. */
export function caseCounters(record: CaseRecord, into: YearCounters = new Map()): YearCounters {
  const decidedInYear =
    record.result !== 'pending' && record.decidedOn && yearOf(record.decidedOn) === yearOf(record.filedOn);
  add(into, record.filedOn, `case_${record.group}_${decidedInYear ? record.result : 'pending'}`);
  add(into, record.filedOn, monthly(record.filedOn, `case_${record.group}_filed`));
  if (record.result !== 'pending' && record.decidedOn)
    add(into, record.decidedOn, monthly(record.decidedOn, `case_${record.group}_${record.result}`));
  return into;
}

export interface CounterChange {
  year: number;
  name: string;
  by: number;
}

/** What a step must add to the stored counters: the record's counters after it, less those before. */
export function counterChanges(before: YearCounters, after: YearCounters): CounterChange[] {
  const changes: CounterChange[] = [];
  for (const year of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(year) ?? {};
    const b = after.get(year) ?? {};
    for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const by = (b[name] ?? 0) - (a[name] ?? 0);
      if (by) changes.push({ year, name, by });
    }
  }
  return changes.sort((x, y) => x.year - y.year || x.name.localeCompare(y.name));
}

/** The counters of every year, as all of an agency's records give them (the recount). */
export function countRecords(
  records:
    | { applications?: ApplicationRecord[]; publications?: PublicationRecord[]; cases?: CaseRecord[] }
    | ApplicationRecord[],
): YearCounters {
  const {
    applications = [],
    publications = [],
    cases = [],
  } = Array.isArray(records) ? { applications: records } : records;
  const counters: YearCounters = new Map();
  for (const record of applications) applicationCounters(record, counters);
  for (const record of publications) publicationCounters(record, counters);
  for (const record of cases) caseCounters(record, counters);
  return counters;
}

/** Received in a year, and ended in it, per applicant column. */
function yearTotals(counters: Counters | undefined) {
  const received = Object.fromEntries(applicantColumns.map((c) => [c, counters?.[`received_${c}`] ?? 0])) as Record<
    ApplicantColumn,
    number
  >;
  const ended = Object.fromEntries(applicantColumns.map((c) => [c, 0])) as Record<ApplicantColumn, number>;
  for (const [name, value] of Object.entries(counters ?? {})) {
    if (!name.startsWith('ended_')) continue;
    const column = name.slice(name.lastIndexOf('_') + 1) as ApplicantColumn;
    ended[column] += value;
  }
  return { received, ended };
}

/** 四 结转下年度继续办理 of `year` per column: everything received up to its end, less everything ended up to its end. */
export function carriedOver(counters: YearCounters, year: number): Record<ApplicantColumn, number> {
  const carried = Object.fromEntries(applicantColumns.map((c) => [c, 0])) as Record<ApplicantColumn, number>;
  for (const [y, values] of counters) {
    if (y > year) continue;
    const { received, ended } = yearTotals(values);
    for (const c of applicantColumns) carried[c] += received[c] - ended[c];
  }
  return carried;
}

/** 现行有效件数 at the end of `year`: issued up to then, less repealed up to then. */
export function inForce(counters: YearCounters, year: number, row: string): number {
  let count = 0;
  for (const [y, values] of counters) {
    if (y <= year) count += (values[`doc_${row}_issued`] ?? 0) - (values[`doc_${row}_repealed`] ?? 0);
  }
  return count;
}

export interface CounterDifference {
  year: number;
  counter: string;
  stored: number;
  counted: number;
}

/** Every counter where the stored value and the recount disagree. */
export function compareCounters(stored: YearCounters, counted: YearCounters): CounterDifference[] {
  return counterChanges(stored, counted).map(({ year, name, by }) => ({
    year,
    counter: name,
    stored: stored.get(year)?.[name] ?? 0,
    counted: (stored.get(year)?.[name] ?? 0) + by,
  }));
}

import { describe, expect, it } from 'vitest';
import type { Application } from '#core/application.ts';
import { carriedOver, compareCounters, countRecords, type Counters } from '#core/report-counts.ts';

const person = {
  kind: 'person',
  name: 'x',
  idType: 'resident',
  idNumber: '11010519491231002X',
  phone: '1',
} as Application['applicant'];
const firm = {
  kind: 'organisation',
  name: 'y',
  orgType: 'business',
  creditCode: '91350100M000100Y43',
  legalRepresentative: 'z',
  contactName: 'z',
  phone: '1',
} as Application['applicant'];
const record = (receiptDate: string, applicant = person, ended?: [string, string]) =>
  ({ receiptDate, applicant, handling: ended && { reportRow: ended[0], endedOn: ended[1] } }) as Pick<
    Application,
    'receiptDate' | 'applicant' | 'handling'
  >;

const reportOnly = (counters: Counters | undefined) =>
  Object.fromEntries(Object.entries(counters ?? {}).filter(([name]) => !/^m\d\d_/.test(name)));
const monthlyOnly = (counters: Counters | undefined) =>
  Object.fromEntries(Object.entries(counters ?? {}).filter(([name]) => /^m\d\d_/.test(name)));

describe('report counters from the records', () => {
  const records = [
    record('2025-12-30', person, ['disclosed', '2026-01-15']), // received 2025, ended 2026: carried over
    record('2025-12-31'), // still open: carried over twice
    record('2026-03-02', firm, ['other.noPayment', '2026-04-20']),
    record('2026-12-29', person),
  ];

  it('counts receipts by receipt year and endings by the year they ended', () => {
    const counted = countRecords(records);
    expect(reportOnly(counted.get(2025))).toEqual({ received_natural: 2 });
    expect(reportOnly(counted.get(2026))).toEqual({
      received_business: 1,
      received_natural: 1,
      ended_disclosed_natural: 1,
      'ended_other.noPayment_business': 1,
    });
  });

  it('counts the same facts by month for 工作统计, in the year each falls in', () => {
    const counted = countRecords(records);
    expect(monthlyOnly(counted.get(2025))).toEqual({ m12_received: 2 });
    expect(monthlyOnly(counted.get(2026))).toEqual({
      m01_ended_disclosed: 1,
      m03_received: 1,
      'm04_ended_other.noPayment': 1,
      m12_received: 1,
    });
  });

  it('carries over what was not ended by 31 December', () => {
    const counted = countRecords(records);
    expect(carriedOver(counted, 2025)).toMatchObject({ natural: 2, business: 0 });
    expect(carriedOver(counted, 2026)).toMatchObject({ natural: 2, business: 0 });
  });

  it('names every counter where stored and recounted values differ', () => {
    const counted = countRecords(records);
    const stored = new Map<number, Counters>([
      [2025, { ...counted.get(2025) }],
      [2026, { ...counted.get(2026), received_business: 2 }],
    ]);
    expect(compareCounters(stored, counted)).toEqual([
      { year: 2026, counter: 'received_business', stored: 2, counted: 1 },
    ]);
  });
});

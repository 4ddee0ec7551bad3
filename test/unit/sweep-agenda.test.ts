/**
 * The sweep's agenda: `sweepOn` is exactly the first day on which `sweepAction` has something to do,
 * so a sweep that reads only what the agenda has due misses nothing and reads nothing idle.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '#core/calendar.ts';
import { replyDue } from '#core/clock.ts';
import { addDays } from '#core/dates.ts';
import { calculateFee } from '#core/fees.ts';
import { sweepAction, sweepEveryDay, sweepOn, type CaseState } from '#core/workflow.ts';

const calendar = new WorkingCalendar();
const day = (offset: number) => addDays('2026-01-05', offset);

describe('the sweep agenda', () => {
  it('names the first day the sweep acts on an application, and no day before', () => {
    const state = fc.oneof(
      fc
        .record({
          receipt: fc.integer({ min: 0, max: 280 }),
          reminded: fc.boolean(),
          overdue: fc.boolean(),
          status: fc.constantFrom('registered' as const, 'inProgress' as const),
        })
        .map(({ receipt, reminded, overdue, status }) => {
          const clock = { receiptDate: day(receipt) };
          const due = replyDue(calendar, clock).due!;
          return {
            status,
            clock,
            ...(reminded && { remindedFor: due }),
            ...(overdue && { overdueFor: due }),
          } as CaseState;
        }),
      fc
        .record({
          receipt: fc.integer({ min: 0, max: 280 }),
          period: fc.integer({ min: 1, max: 30 }),
          fee: fc.boolean(),
        })
        .map(({ receipt, period, fee }) => {
          const clock = {
            receiptDate: day(receipt),
            pauses: [{ from: day(receipt + 1), reason: fee ? 'fee' : 'correction' }],
          };
          const dueBy = day(receipt + 1 + period);
          return (fee
            ? {
                status: 'feeNotice',
                clock,
                fee: { calculation: calculateFee('perPage', 40), noticeOn: day(receipt + 1), dueBy },
              }
            : {
                status: 'correctionRequested',
                clock,
                correction: { requestedOn: day(receipt + 1), items: ['x'], dueBy },
              }) as unknown as CaseState;
        }),
    );
    fc.assert(
      fc.property(state, (s) => {
        const first = sweepOn(calendar, s);
        // An overdue mark is only ever made after the deadline: look from then on.
        const from = s.overdueFor ? addDays(s.overdueFor, 1) : s.clock.receiptDate;
        for (let d = from, i = 0; i < 90; d = addDays(d, 1), i++) {
          const acts = sweepAction(s, calendar, d) !== undefined;
          expect(acts, `${JSON.stringify(s)} on ${d}: agenda says ${first}`).toBe(first !== null && d >= first);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("puts an application whose deadline the calendar cannot reach on every day's agenda", () => {
    const state = { status: 'inProgress', clock: { receiptDate: '2099-12-20' } } as CaseState;
    expect(sweepOn(new WorkingCalendar(), state)).toBe(sweepEveryDay);
  });

  it('has nothing for a paused consultation or an answered application', () => {
    expect(
      sweepOn(calendar, {
        status: 'consulting',
        clock: { receiptDate: '2026-03-02', pauses: [{ from: '2026-03-03', reason: 'consultation' }] },
      } as CaseState),
    ).toBeNull();
    expect(sweepOn(calendar, { status: 'answered', clock: { receiptDate: '2026-03-02' } } as CaseState)).toBeNull();
  });
});

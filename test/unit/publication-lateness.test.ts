import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '#core/calendar.ts';
import { contentDateErrors, lateness } from '#core/publication.ts';

const calendar = new WorkingCalendar(); // official data: 2019 to 2026
// 2027 entered by an administrator as its whole schedule (元旦 1–3 January off, say).
const with2027 = new WorkingCalendar([
  { year: 2027, complete: true, days: [{ date: '2027-01-01', kind: 'holiday', note: '元旦' }] },
]);

describe('条例26 lateness', () => {
  it('judges an item the calendar covers against the 20th working day', () => {
    expect(lateness(calendar, '2026-03-02', '2026-03-30')).toMatchObject({ late: false });
    expect(lateness(calendar, '2026-03-02', '2026-04-01')).toMatchObject({ late: true });
  });

  it('calls an item late whatever the calendar lacks when it came out months after it was made', () => {
    const result = lateness(calendar, '2018-12-28', '2026-12-02');
    expect(result).toMatchObject({ late: true });
    expect(result.pendingYear).toBeUndefined();
    expect(result.text).toContain('超过条例第二十六条规定的 20 个工作日');
  });

  it('counts the days it can when publication comes before the year the calendar lacks', () => {
    // The 20th working day after 12-20 lies in 2027, but publication on 12-22 is plainly in time.
    expect(lateness(calendar, '2026-12-20', '2026-12-22')).toMatchObject({
      late: false,
      text: expect.stringContaining('其间 1 个工作日'),
    });
  });

  it('leaves lateness pending, not late, when the days to count reach a year with no schedule', () => {
    const result = lateness(calendar, '2026-12-28', '2027-01-26');
    expect(result).toMatchObject({ late: false, pendingYear: 2027 });
    expect(result.text).toContain('尚未录入 2027 年的节假日安排');
  });

  it('judges the pending item once the year is entered', () => {
    // From 12-28: 12-29, 12-30, 12-31, then 2027 from 01-04 (01-01 off): the 20th is 01-26.
    expect(lateness(with2027, '2026-12-28', '2027-01-26')).toMatchObject({ late: false });
    expect(lateness(with2027, '2026-12-28', '2027-01-27')).toMatchObject({ late: true });
    expect(lateness(with2027, '2026-12-28', '2027-01-27').pendingYear).toBeUndefined();
  });
});

describe('content dates', () => {
  it('refuses a 成文日期 after today, naming the field', () => {
    expect(contentDateErrors({ writtenOn: '2030-01-01' }, '2026-12-02')).toEqual([
      { field: 'writtenOn', message: '成文日期：不能晚于今天（2026年12月2日）' },
    ]);
  });

  it("refuses a 成文日期 before the People's Republic and a repeal before the document", () => {
    expect(contentDateErrors({ writtenOn: '1900-01-01' }, '2026-12-02').map((e) => e.field)).toEqual(['writtenOn']);
    expect(
      contentDateErrors(
        { writtenOn: '2020-05-01', validity: { state: 'repealed', repealedOn: '2019-01-01' } },
        '2026-12-02',
      ).map((e) => e.field),
    ).toEqual(['validity.repealedOn']);
  });

  it('accepts today and old documents alike', () => {
    expect(contentDateErrors({ writtenOn: '2026-12-02' }, '2026-12-02')).toEqual([]);
    expect(contentDateErrors({ writtenOn: '2018-12-28' }, '2026-12-02')).toEqual([]);
  });
});

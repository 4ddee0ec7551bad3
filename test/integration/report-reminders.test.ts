/**
 * The sweep's reminders of the annual report at province size (issue 46): each agency stands on an
 * agenda by the next day a reminder may be due, so the sweep reads the reports of the agencies whose
 * day has come and nothing of the others. Checked on a generated province (`cdk/local/province.ts`)
 * of 20 agencies, grown to 200 between two runs with nothing due.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestPlatform } from '../support/platform.ts';
import { putAll } from '../support/table.ts';
import { countTableUse, type TableUse, usedBy } from '../support/table-use.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let use: TableUse;
let province: typeof import('../../cdk/local/province.ts');
beforeAll(async () => {
  platform = await startTestPlatform({ seed: { province: 20 } });
  use = countTableUse((await import('#lib/dynamo.ts')).db);
  province = await import('../../cdk/local/province.ts');
});
afterAll(() => platform?.stop());
afterEach(() => vi.useRealTimers());

const sweep = async () => {
  const response = await fetch(`${platform.url}/api/dev/sweep`, { method: 'POST' });
  expect(response.status).toBe(200);
  return (await response.json()) as { reports: { reminded: number } };
};
const on = (date: string) => vi.useFakeTimers({ toFake: ['Date'], now: new Date(`${date}T01:00:00Z`) });

/** The province's departments whose 2025 report is not submitted (the seed's statuses, by place: none, or returned). */
const outstanding = () =>
  province
    .provinceAgencies(20)
    .filter((a, i) => a.kind === 'department' && (i % 4 === 0 || i % 4 === 3))
    .map((a) => a.id);

describe("the sweep's reminders of the annual report", () => {
  it('reminds each department whose report is outstanding once before its deadline and once after, and no one else', async () => {
    on('2026-01-20');
    expect((await sweep()).reports.reminded).toBe(outstanding().length);
    expect((await sweep()).reports.reminded).toBe(0);
    on('2026-01-31');
    expect((await sweep()).reports.reminded).toBe(0);
    on('2026-02-01');
    expect((await sweep()).reports.reminded).toBe(outstanding().length);
    on('2026-02-02');
    expect((await sweep()).reports.reminded).toBe(0);

    const { getReport } = await import('#store/reports.ts');
    const [first] = outstanding();
    expect((await getReport(first!, 2025))?.reminded).toEqual(['soon:2026-01-31', 'overdue:2026-01-31']);
    expect((await getReport('sheng-d01', 2025))?.reminded).toBeUndefined(); // submitted: nothing to remind of
  });

  // Known gap (issue 46, open): the report reminders are read from their agenda, but something else in
  // the sweep still grows with the agencies (on a clean clone: 11–12 calls at 20 agencies, 14 at 200).
  // Marked as failing so the suite stays honest about it; when the sweep is bounded this fails: drop `.fails`.
  it.fails('reads the same on a day with nothing due at 20 agencies as at 200', async () => {
    const { listRenderTasks } = await import('#store/publications.ts');
    const quietly = async () => {
      await sweep(); // places every agency by its next deadline
      // The renderer done with what that run handed it (else this run would nudge it: another write).
      while ((await listRenderTasks(1)).length) await new Promise((resolve) => setTimeout(resolve, 200));
      const { result, use: asked } = await usedBy(platform, use, sweep);
      expect(result.reports.reminded).toBe(0);
      return asked;
    };
    on('2026-12-07');
    const small = await quietly();
    await putAll(province.provinceRecords(province.provinceAgencies(200).slice(20), 2025));
    const large = await quietly();

    expect(large.calls).toBe(small.calls);
    expect(large.items).toBe(small.items);
  });
});

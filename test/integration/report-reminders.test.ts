/**
 * The sweep's reminders of the annual report at province size (issue 46): each agency stands on an
 * agenda by the next day a reminder may be due, so the sweep reads the reports of the agencies whose
 * day has come and nothing of the others. Checked on a generated province (`cdk/local/province.ts`)
 * of 20 agencies, grown to 200 between two runs with nothing due.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { provinceUnderTest } from '../support/province.ts';

const province = provinceUnderTest();
afterEach(() => vi.useRealTimers());

const sweep = async () => {
  const response = await fetch(`${province.platform.url}/api/dev/sweep`, { method: 'POST' });
  expect(response.status).toBe(200);
  return (await response.json()) as { reports: { reminded: number } };
};
const on = (date: string) => vi.useFakeTimers({ toFake: ['Date'], now: new Date(`${date}T01:00:00Z`) });

/** The province's departments whose 2025 report is not submitted (the seed's statuses, by place: none, or returned). */
const outstanding = () =>
  province
    .agencies(20)
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

  // The sweep reads no more at 200 agencies than at 20; what made it look so was work a Monday's sweep
  // hands on: the 自查 it starts (an earlier Monday's still holding the claim made 11 or 12 calls at 20)
  // and the e-mail that 自查 sends the agencies with a late report, which a sweep run before the mailer
  // has sent it retries (three calls more at 200: 14). Each size is measured once that work is done.
  it('reads the same on a day with nothing due at 20 agencies as at 200', async () => {
    const { listRenderTasks } = await import('#store/render-queue.ts');
    const { getJob } = await import('#store/jobs.ts');
    const { pendingMail } = await import('#store/outbox.ts');
    const { weeklyInspectionId } = await import('#core/inspection.ts');
    const keys = await import('#store/keys.ts');
    const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const { db, tableName } = await import('#lib/dynamo.ts');
    const claimed = async () =>
      (await db.send(new GetCommand({ TableName: tableName, Key: keys.jobClaim('inspection', 'sheng') }))).Item;
    const pause = () => new Promise((resolve) => setTimeout(resolve, 200));
    const settled = async (day: string) => {
      for (;;) {
        const job = await getJob(weeklyInspectionId(day));
        const busy =
          !job ||
          job.state === 'queued' ||
          job.state === 'running' ||
          (await listRenderTasks(1)).length ||
          (await pendingMail(1)).length;
        if (!busy) return;
        await pause();
      }
    };
    const quietly = async (day: string) => {
      // An earlier Monday's 自查 (the test above started one) ended, or this day's could not start.
      while (await claimed()) await pause();
      on(day);
      await sweep(); // places every agency by its next deadline, and starts the day's 自查
      await settled(day); // the renderer, the 自查 and the mailer done with what that run handed them
      const { result, use: asked } = await province.usedBy(sweep);
      expect(result.reports.reminded).toBe(0);
      return asked;
    };
    const small = await quietly('2026-12-07');
    await province.grow(200, 2025);
    const large = await quietly('2026-12-14');

    expect(large.calls).toBe(small.calls);
    expect(large.items).toBe(small.items);
  }, 240_000); // each size's 自查 let finish first
});

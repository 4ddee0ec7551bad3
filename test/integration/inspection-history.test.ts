/**
 * An earlier 自查 run's report shows what that run found, whatever has changed since: an agency removed
 * after the run (and found gone by a later run, which takes its records off) is still listed in that
 * run's report with its findings, under the government it stood under. Checked on a generated province
 * (`cdk/local/province.ts`) of 20 agencies, the job worked in the test's process.
 */
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { Job } from '#store/jobs.ts';
import { signIn, staffCall } from '../support/platform.ts';
import { provinceUnderTest } from '../support/province.ts';

const province = provinceUnderTest();

/** One run of the job in full, to its end, as the jobs function would work it; answers when it ran. */
async function inspectInFull(id: string): Promise<string> {
  const { inspection } = await import('../../functions/jobs/inspection.ts');
  const job = { id, kind: 'inspection', params: { full: true }, by: 'test', agencyId: 'sheng' } as unknown as Job;
  const done = await inspection(
    job,
    () => true,
    async (step) => {
      job.result = step.result;
    },
  );
  expect(done).toBe(true);
  return (job.result as { ranAt: string }).ranAt;
}

type Report = { agencies: { agencyId: string; agencyName: string }[]; findings: { agencyId: string }[] };

/** The province's report of the run at `ranAt`, every page of it. */
async function provinceReport(ranAt: string): Promise<Report> {
  const admin = await signIn(province.platform.url, 'sheng-admin');
  const whole: Report = { agencies: [], findings: [] };
  let cursor: string | null = null;
  do {
    const query = `ranAt=${encodeURIComponent(ranAt)}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await staffCall(province.platform.url, admin, 'GET', `/api/staff/inspection?${query}`);
    expect(page.status).toBe(200);
    whole.agencies.push(...page.body.agencies);
    whole.findings.push(...page.body.findings);
    cursor = page.body.next;
  } while (cursor);
  return whole;
}

describe("an earlier 自查 run's report", () => {
  it('still lists an agency removed after the run, with the findings that run made of it', async () => {
    const { journalSiteChanges } = await import('#store/site-changes.ts');
    await journalSiteChanges(['index.html'], []); // the site as rendered once: the journal a run reads from
    const ranAt = await inspectInFull('history-1');
    const removed = 'sheng-d02';
    const before = await provinceReport(ranAt);
    const itsFindings = before.findings.filter((f) => f.agencyId === removed);
    expect(itsFindings.length).toBeGreaterThan(0);

    // The agency is removed, and a later run finds it gone and takes its records off.
    const { db, tableName } = await import('#lib/dynamo.ts');
    const keys = await import('#store/keys.ts');
    await db.send(new DeleteCommand({ TableName: tableName, Key: keys.agency(removed) }));
    await new Promise((resolve) => setTimeout(resolve, 5)); // the later run at a later moment
    const later = await inspectInFull('history-2');
    expect(later > ranAt).toBe(true);
    expect((await provinceReport(later)).agencies.map((a) => a.agencyId)).not.toContain(removed);

    const after = await provinceReport(ranAt);
    expect(after.findings.filter((f) => f.agencyId === removed)).toEqual(itsFindings);
    expect(after.agencies.find((a) => a.agencyId === removed)).toEqual(
      before.agencies.find((a) => a.agencyId === removed),
    );
    const inAnyOrder = (report: Report) => report.findings.map((f) => JSON.stringify(f)).sort();
    expect(inAnyOrder(after)).toEqual(inAnyOrder(before));
  }, 120_000);
});

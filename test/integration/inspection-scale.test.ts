/**
 * 自查 at province size (issue 46): an incremental run checks again only the agencies whose pages the
 * renderer's journal names, and judges every agency's dates against today from the records the last
 * check kept: no query of every column of every agency, no read of every agency or its report.
 * Checked on a generated province (`cdk/local/province.ts`) of 20 agencies, grown to 200; the job is
 * run in the test's process (the platform's workers held still) so its table calls can be counted.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addDays } from '#core/dates.ts';
import type { Job } from '#store/jobs.ts';
import { signIn, staffCall } from '../support/platform.ts';
import { provinceUnderTest } from '../support/province.ts';
import { putAll } from '../support/table.ts';

const province = provinceUnderTest();
afterEach(() => vi.useRealTimers());

type Report = { findings: { rule: string; agencyId: string; page: string; detail: string }[] } & Record<string, any>;

/** One run of the job, to its end, as the jobs function would work it; answers what it saved last. */
async function inspect(full = false): Promise<Record<string, any>> {
  const { inspection } = await import('../../functions/jobs/inspection.ts');
  const job = { id: 'scale', kind: 'inspection', params: { full }, by: 'test', agencyId: 'sheng' } as unknown as Job;
  let result: Record<string, any> = {};
  const done = await inspection(
    job,
    () => true,
    async (step) => {
      result = step.result as Record<string, any>;
      job.result = step.result;
    },
  );
  expect(done).toBe(true);
  return result;
}
/**
 * What the online channel's check asks of the table: the public form page it fetches lists the
 * portal's government's agencies (a page of at most 100, the form's, growing with the province's
 * first level up to that page), which is the public function's work, not 自查's.
 */
async function channelUse() {
  const { getSiteUrl } = await import('#store/site-config.ts');
  const site = await getSiteUrl();
  const { use: asked } = await province.usedBy(async () => {
    for (const path of ['/apply', '/api/form-token']) await (await fetch(`${site}${path}`)).text();
  });
  return asked;
}

/** An incremental run, counted (without the channel check's public pages); and its report (read after the count). */
async function measured() {
  const { result, use: all } = await province.usedBy(() => inspect());
  const channel = await channelUse();
  const asked = {
    ...all,
    calls: all.calls - channel.calls,
    items: all.items - channel.items,
    wcu: all.wcu - channel.wcu,
  };
  const { getInspectionRunSummary, runFindings } = await import('#store/inspection-runs.ts');
  const { agedFinding } = await import('#core/inspection.ts');
  const ids = province.agencies(200).map((a) => a.id);
  const run = (await getInspectionRunSummary(result.ranAt))!;
  const day = (await import('#core/dates.ts')).beijingDateTime(new Date(run.ranAt)).date;
  const findings = (await runFindings(run, ids)).flatMap((p) => p.findings.map((f) => agedFinding(f, day)));
  const report = { findings } as Report;
  return { result, report, use: asked };
}

/** An item published in an agency's 全部信息 `daysAgo`, and its listing's page written, as the renderer leaves them. */
async function publish(agencyId: string, daysAgo: number) {
  const keys = await import('#store/keys.ts');
  const { agencyListing, paths } = await import('#core/site-plan.ts');
  const { beijingDateTime } = await import('#core/dates.ts');
  const { journalSiteChanges } = await import('#store/site-changes.ts');
  const publishedOn = addDays(beijingDateTime(new Date()).date, -daysAgo);
  const listing = agencyListing(agencyId);
  await putAll([
    {
      ...keys.listingEntry(listing, 1),
      ...keys.listingFresh(listing, 1),
      itemId: `${agencyId}-scale-1`,
      agencyId,
      agencyName: agencyId,
      title: '规模测试信息',
      indexNumber: 'TEST/1',
      category: 'work',
      topic: '综合政务',
      writtenOn: publishedOn,
      publishedOn,
      summary: '规模测试。',
    },
    { ...keys.listingSequence(listing), seq: 1 },
  ]);
  await journalSiteChanges([paths.listingHead(listing)], []);
}

const allColumn = (report: Report, agencyId: string) =>
  report.findings.filter((f) => f.agencyId === agencyId && f.page === `/${agencyId}/latest/`);

describe('自查 at province size', () => {
  it('reads no agency in an incremental run with nothing changed, at 20 agencies as at 200, and still finds a publication and a column gone stale on its day', async () => {
    // The site as rendered once (the province's seed renders none): the journal a run reads from.
    await (await import('#store/site-changes.ts')).journalSiteChanges(['index.html'], []);
    await inspect(true); // the first run: every agency checked
    const small = await measured();
    expect(small.result.agenciesChecked).toBe(1); // the portal's government, whose home may change

    await province.grow(200, 2025);
    await inspect(true); // the new agencies, as their pages' first render would bring them
    const large = await measured();
    expect(large.result.agenciesChecked).toBe(1);
    console.info('自查, incremental, nothing changed: 20 agencies', small.use, '200 agencies', large.use);
    // Nothing read or written per agency: what is due is indexed by date, the totals kept as findings
    // change, each agency's findings written only when they change (before: 48 items read at 20
    // agencies, 250 at 200, the kept records of every agency in one query, and every agency's
    // findings written each run, 25 a call).
    expect(large.use.calls).toBeLessThanOrEqual(small.use.calls + 1);
    expect(large.use.items).toBeLessThanOrEqual(small.use.items + 2);
    expect(large.use.wcu).toBeLessThanOrEqual(small.use.wcu + 2);

    // A publication in one agency, 14 days old: its 全部信息 column is no longer blank, and not yet stale.
    const town = province.agencies(200).at(-1)!.id;
    expect(allColumn(large.report, town).map((f) => f.detail)).toEqual(['全部信息：栏目中没有信息']);
    await publish(town, 14);
    const after = await measured();
    expect(after.result.agenciesChecked).toBe(2);
    expect(allColumn(after.report, town)).toEqual([]);

    // The next day, nothing changed: the column has gone stale, found without checking the agency again.
    const tomorrow = addDays((await import('#core/dates.ts')).beijingDateTime(new Date()).date, 1);
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(`${tomorrow}T04:00:00Z`) });
    const stale = await measured();
    expect(stale.result.agenciesChecked).toBe(1);
    expect(allColumn(stale.report, town).map((f) => f.detail)).toEqual([expect.stringContaining('已 15 天未更新')]);
  }, 240_000);

  it("gives the province's report as its totals and a page of agencies, the next by its cursor, and a town's whole", async () => {
    const admin = await signIn(province.platform.url, 'sheng-admin');
    const first = await staffCall(province.platform.url, admin, 'GET', '/api/staff/inspection');
    expect(first.status).toBe(200);
    const report = first.body;
    expect(report.scope).toBe('county');
    // The province first, then the agencies directly under it, 20 a page.
    expect(report.agencies).toHaveLength(20);
    expect(report.agencies[0].agencyId).toBe('sheng');
    expect(report.next).toEqual(expect.any(String));
    const listed = new Set(report.agencies.map((a: any) => a.agencyId));
    for (const finding of report.findings) expect(listed.has(finding.agencyId)).toBe(true);
    // The totals are the whole scope's, more than the page's own.
    const pageSum = report.agencies.reduce((n: number, a: any) => n + a.counts.deduct, 0);
    expect(report.counts.deduct).toBeGreaterThan(pageSum);
    const second = (
      await staffCall(
        province.platform.url,
        admin,
        'GET',
        `/api/staff/inspection?cursor=${encodeURIComponent(report.next)}`,
      )
    ).body;
    expect(second.counts).toEqual(report.counts);
    expect(second.agencies.length).toBeGreaterThan(0);
    for (const agency of second.agencies) expect(listed.has(agency.agencyId)).toBe(false);
    // The whole scope's deductions are the sum of every page's agencies'.
    let cursor: string | null = report.next;
    let deducted = pageSum + 0;
    while (cursor) {
      const page = (
        await staffCall(
          province.platform.url,
          admin,
          'GET',
          `/api/staff/inspection?cursor=${encodeURIComponent(cursor)}`,
        )
      ).body;
      deducted += page.agencies.reduce((n: number, a: any) => n + a.counts.deduct, 0);
      cursor = page.next;
    }
    expect(deducted).toBe(report.counts.deduct);
    expect(report.history[0]).toMatchObject({ ranAt: report.ranAt, counts: report.counts });
    const forged = await staffCall(
      province.platform.url,
      admin,
      'GET',
      '/api/staff/inspection?cursor=bm90LWEtY3Vyc29y',
    );
    expect(forged.status).toBe(400);

    // A town's report is its own, whole, unpaged.
    const town = province.first.town;
    const handler = await signIn(province.platform.url, `${town}-handler`);
    const own = (await staffCall(province.platform.url, handler, 'GET', '/api/staff/inspection')).body;
    expect(own).toMatchObject({ scope: 'agency', next: null, agencies: [{ agencyId: town }] });
    expect(own.findings.length).toBeGreaterThan(0);
    expect(new Set(own.findings.map((f: any) => f.agencyId))).toEqual(new Set([town]));
    expect(own.counts).toEqual(own.agencies[0].counts);
  }, 120_000);
});

/**
 * 自查's work on the records in bounded turns (issue 46): a full run, and the days on which every
 * agency is due at once (1 January, when last year's report becomes the one judged; a report
 * deadline passed), judge the agencies a page a slice and save where they got to after each, so a
 * turn reads and writes a page whatever the number of agencies, and a turn stopped or restarted
 * resumes from the saved cursor instead of judging again from the first agency. Checked on a
 * generated province (`cdk/local/province.ts`) of 20 agencies grown to 200, the job worked in the
 * test's process one slice a turn, its saved progress passed on through JSON as the table keeps it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Job } from '#store/jobs.ts';
import { signIn, staffCall } from '../support/platform.ts';
import { provinceUnderTest } from '../support/province.ts';
import type { TableUse } from '../support/table-use.ts';

const province = provinceUnderTest();
afterEach(() => vi.useRealTimers());

/** Days fixed ahead of any real one, so the runs' moments only move forward. */
const at = (day: string, hour = 4) => vi.setSystemTime(new Date(`${day}T0${hour}:00:00Z`));

interface Turn {
  items: number;
  calls: number;
  wcu: number;
  /** Agencies judged in this turn, by the saved progress. */
  judged: number;
}

/**
 * One run of the job, a turn at a time as the jobs function works it when each turn's time allows one
 * slice: each turn starts from what the last saved (through JSON, as the table keeps it) and is counted.
 */
async function turnByTurn(full: boolean): Promise<{ turns: Turn[]; result: Record<string, any> }> {
  const { inspection } = await import('../../functions/jobs/inspection.ts');
  let saved = {
    id: `turns-${full}`,
    kind: 'inspection',
    params: { full },
    by: 'test',
    agencyId: 'sheng',
    cursor: 0,
    progress: { done: 0, total: 0 },
  } as unknown as Job;
  const judgedSoFar = (job: Job) => Number((job.result as any)?.records?.judged ?? 0);
  const turns: Turn[] = [];
  for (let n = 0; n < 100; n++) {
    const start = saved;
    let slices = 0;
    const { result: done, use: used } = await province.usedBy(() =>
      inspection(
        JSON.parse(JSON.stringify(start)),
        () => slices === 0,
        async (step) => {
          slices += 1;
          saved = JSON.parse(JSON.stringify({ ...saved, ...step }));
        },
      ),
    );
    const judged = done
      ? Number((saved.result as any).agenciesJudged) - judgedSoFar(start)
      : judgedSoFar(saved) - judgedSoFar(start);
    turns.push({ items: used.items, calls: used.calls, wcu: used.wcu, judged });
    if (done) return { turns, result: saved.result as Record<string, any> };
  }
  throw new Error('自查 did not finish in 100 turns');
}

const most = (turns: Turn[], pick: (t: Turn) => number) => Math.max(...turns.map(pick));

describe('自查 in bounded turns', () => {
  let smallest: Turn[];

  it('judges every agency of a full run a page a turn, resuming from the saved cursor, at 20 agencies as at 200', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2030-12-20T04:00:00Z') });
    // The site as rendered once (the province's seed renders none): the journal a run reads from.
    await (await import('#store/site-changes.ts')).journalSiteChanges(['index.html'], []);
    const small = await turnByTurn(true);
    expect(small.result.agenciesJudged).toBe(20);
    smallest = small.turns;

    await province.grow(200, 2029);
    at('2030-12-20', 6);
    const large = await turnByTurn(true);
    console.info('自查 full run, per turn: 20 agencies', small.turns, '200 agencies', large.turns);

    // What a turn reads and writes is a page's, not the province's (before: the records judged in one
    // turn, reading all 200 agencies' columns and reports and writing them all, ten times the 20's).
    for (const measure of ['items', 'calls', 'wcu'] as const)
      expect(most(large.turns, (t) => t[measure])).toBeLessThanOrEqual(2 * most(small.turns, (t) => t[measure]));
    // Each agency judged once: every turn went on from where the last one saved.
    expect(large.result.agenciesJudged).toBe(200);
    expect(large.turns.reduce((n, t) => n + t.judged, 0)).toBe(200);
    const { agenciesPerSlice } = await import('../../functions/jobs/inspection.ts');
    expect(most(large.turns, (t) => t.judged)).toBeLessThanOrEqual(agenciesPerSlice);
    expect(large.turns.filter((t) => t.judged > 0).length).toBeGreaterThanOrEqual(200 / agenciesPerSlice);
  }, 300_000);

  /** The province's report of the full run, and what reading it asked of the table, before 1 January's run. */
  let earlier: { report: Record<string, any>; use: TableUse };

  it('on 1 January judges every agency again against the new year a page a turn, not all in one', async () => {
    // Every agency is due on the new year's day: last year's report is now the one judged.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2031-01-01T04:00:00Z') });
    earlier = await provinceReport();
    const { turns, result } = await turnByTurn(false);
    console.info('自查 on 1 January, 200 agencies, per turn', turns);

    expect(result.full).toBe(false);
    expect(result.agenciesChecked).toBe(200);
    // Each turn a page's reads and writes: no more than a turn of the full run at 20 agencies, twice over.
    for (const measure of ['items', 'calls', 'wcu'] as const)
      expect(most(turns, (t) => t[measure])).toBeLessThanOrEqual(2 * most(smallest, (t) => t[measure]));
    const { getAgencyRecords } = await import('#store/agency-judgements.ts');
    const ids = province.agencies(200).map((a) => a.id);
    const records = await getAgencyRecords(ids);
    expect([...records.values()].filter((r) => r.report.year === 2030)).toHaveLength(200);
    expect(turns.reduce((n, t) => n + t.judged, 0)).toBe(200);
  }, 300_000);

  it("gives an earlier run's report after a later run rewrote every agency's records, in as many reads as the latest's", async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2031-01-01T05:00:00Z') });
    const latest = await provinceReport();
    const again = await provinceReport(earlier.report.ranAt);

    expect(latest.report.ranAt).not.toBe(earlier.report.ranAt);
    expect(again.report.findings).toEqual(earlier.report.findings);
    expect(again.report.agencies).toEqual(earlier.report.agencies);
    // Each agency's records name the item before the one 1 January wrote (before: a query an agency of the page).
    expect(again.use.calls).toBeLessThanOrEqual(latest.use.calls);
    expect(again.use.calls).toBeLessThanOrEqual(earlier.use.calls);
  }, 120_000);

  it("lists the bucket a page a turn in a full run's pages, from the last key handled, not all of it each turn", async () => {
    const [{ s3 }, { config }, { PutObjectCommand }, { inspection }, { getPageRecords }] = await Promise.all([
      import('#lib/s3.ts'),
      import('#lib/config.ts'),
      import('@aws-sdk/client-s3'),
      import('../../functions/jobs/inspection.ts'),
      import('#store/page-checks.ts'),
    ]);
    // More than two listing pages' worth of keys (a listing answers at most 1,000): attachments, and
    // pages before, among and after them, linking to keys that other turns' listings hold.
    const files = Array.from({ length: 2_100 }, (_, n) => `mbulk/files/f${String(n).padStart(4, '0')}.pdf`);
    const page = (links: string[]) =>
      `<!doctype html><html><head><title>页</title></head><body>${links.map((l) => `<a href="/${l}">链接</a>`).join('')}</body></html>`;
    const pages = new Map([
      ['abulk/index.html', page([files.at(-1)!, 'mbulk/files/absent.pdf', 'zbulk/index.html'])],
      ['mbulk/files/f1000-notes.html', page([files[0]!, 'abulk/gone.html'])],
      ['zbulk/index.html', page(['abulk/index.html', files[1_500]!])],
    ]);
    const objects = [...files.map((key) => [key, '%PDF'] as const), ...pages];
    const put = ([Key, Body]: readonly [string, string]) =>
      s3.send(new PutObjectCommand({ Bucket: config.siteBucket(), Key, Body }));
    // The runs before, on faked days years ahead, left the client's clock corrected by as much: the real one.
    s3.config.systemClockOffset = 0;
    for (let i = 0; i < objects.length; i += 25) await Promise.all(objects.slice(i, i + 25).map(put));
    let lists = 0;
    s3.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'ListObjectsCommand') lists += 1;
        return next(args);
      },
      { step: 'initialize', name: 'countLists' },
    );
    let saved = {
      id: 'turns-listing',
      kind: 'inspection',
      params: { full: true },
      by: 'test',
      cursor: 0,
    } as unknown as Job;
    const listsPerTurn: number[] = [];
    try {
      for (let n = 0; n < 20 && ((saved.result as any)?.phase ?? 'pages') === 'pages'; n++) {
        const start = JSON.parse(JSON.stringify(saved));
        let slices = 0;
        lists = 0;
        await inspection(
          start,
          () => slices === 0,
          async (step) => {
            slices += 1;
            saved = JSON.parse(JSON.stringify({ ...saved, ...step }));
          },
        );
        listsPerTurn.push(lists);
      }
    } finally {
      s3.middlewareStack.remove('countLists');
    }
    console.info("自查 full run, S3 list requests in each turn of the pages' phase", listsPerTurn);

    expect((saved.result as any).phase).not.toBe('pages');
    // Each turn lists what it handles (before: the whole bucket, three listings, every turn).
    expect(Math.max(...listsPerTurn)).toBeLessThanOrEqual(1);
    // Links to keys another turn's listing holds are found as the incremental run finds them.
    const records = await getPageRecords([...pages.keys()]);
    const broken = (key: string) => records.get(key)?.findings.filter((f) => /Link|Attachment/.test(f.rule));
    expect(broken('abulk/index.html')).toEqual([
      { rule: 'missingAttachment', severity: 'deduct', detail: '附件 /mbulk/files/absent.pdf 无法下载（文件不存在）' },
    ]);
    expect(broken('mbulk/files/f1000-notes.html')).toEqual([
      { rule: 'brokenLink', severity: 'deduct', detail: '链接 /abulk/gone.html 指向的页面不存在' },
    ]);
    expect(broken('zbulk/index.html')).toEqual([]);
  }, 300_000);
});

/** The province's 自查 report (of the run at `ranAt`, else the latest), counted. */
async function provinceReport(ranAt?: string) {
  const admin = await signIn(province.platform.url, 'sheng-admin');
  const path = `/api/staff/inspection${ranAt ? `?ranAt=${encodeURIComponent(ranAt)}` : ''}`;
  const { result, use: asked } = await province.usedBy(() => staffCall(province.platform.url, admin, 'GET', path));
  expect(result.status).toBe(200);
  return { report: result.body as Record<string, any>, use: asked };
}

/**
 * 自查 over the rendered site and the records: the clean demo county, then a site seeded with a
 * defect of every kind (a page without its metadata, a normative document without its validity, a
 * broken link, a missing attachment, a stale column, a blank column, a channel down); incremental
 * runs read only what changed, and a page that linked to a withdrawn item is found by the links kept.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobOutcome } from '../support/jobs.ts';
import { signIn, siteSettled, staffCall, startTestPlatform } from '../support/platform.ts';
import { publicationContent, publisher, seedCatalogue } from '../support/publications.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let countyAdmin: string;
beforeAll(async () => {
  platform = await startTestPlatform();
  countyAdmin = await signIn(platform.url, 'fs-admin');
});
afterAll(() => platform?.stop());

const call = (token: string, method: string, path: string, body?: unknown) =>
  staffCall(platform.url, token, method, path, body);

/** Runs 自查 to its end and answers the report the county's administrator sees. */
async function inspect(full = false) {
  const started = await call(countyAdmin, 'POST', '/api/staff/inspection', { full });
  expect(started.status).toBe(202);
  const outcome = await jobOutcome(platform.url, countyAdmin, started.body.id);
  expect(outcome.state).toBe('done');
  return (await call(countyAdmin, 'GET', '/api/staff/inspection')).body;
}

const rulesOf = (report: Record<string, any>, page?: string) =>
  new Set(
    (report.findings as { rule: string; page: string }[]).filter((f) => !page || f.page === page).map((f) => f.rule),
  );

async function putPage(key: string, html: string) {
  const { s3 } = await import('#lib/s3.ts');
  await s3.send(
    new PutObjectCommand({ Bucket: platform.names.siteBucket, Key: key, Body: html, ContentType: 'text/html' }),
  );
}

describe('自查', () => {
  it('finds no page defect in the clean demo county, and names what the county has not set up', async () => {
    const rebuilt = await call(countyAdmin, 'POST', '/api/staff/site/rebuild');
    await jobOutcome(platform.url, countyAdmin, rebuilt.body.id);
    const report = await inspect(true);

    expect(report.full).toBe(true);
    expect(report.measure.pagesRead).toBeGreaterThan(50);
    for (const defect of ['brokenLink', 'missingAttachment', 'missingMeta', 'missingValidity', 'channelDown'])
      expect(rulesOf(report).has(defect), defect).toBe(false);
    // The demo has published nothing: its home and columns are what an inspector would fault first.
    expect(report.findings[0]).toMatchObject({ severity: 'veto', severityLabel: '单项否决' });
    for (const rule of rulesOf(report))
      expect([
        'homeStale',
        'blankColumns',
        'blankColumn',
        'footerMissing',
        'reportLate',
        'expressionWarning',
      ]).toContain(rule);
    // The one wording a reader would mark in the demo is real: 露水河镇's 2017 report as it was published
    // (../shared/reference) writes 「截止目前」 for 「截至目前」. A notice, not a veto.
    expect(report.findings.filter((f: any) => f.rule.endsWith('Expression') || f.rule === 'expressionWarning')).toEqual(
      [
        expect.objectContaining({
          rule: 'expressionWarning',
          severity: 'notice',
          page: '/lushuihe/reports/2017/',
          detail: expect.stringMatching(/^“截止目前”应为“截至……”：截止目前,全镇各行政村/),
        }),
      ],
    );
    // The footer's elements the county has not set, each a finding saying where to set them.
    const { listAgencies } = await import('#store/agencies.ts');
    const { footerFindings } = await import('#core/inspection.ts');
    const county = (await listAgencies()).find((a) => a.kind === 'county')!;
    const footer = report.findings.filter((f: any) => f.rule === 'footerMissing');
    expect(footer.map((f: any) => f.detail)).toEqual(footerFindings(county.site ?? {}, county).map((f) => f.detail));
    for (const finding of footer) expect(finding.action).toContain('机构管理');
    // Each finding names its agency once: beside it, not again inside it.
    for (const finding of report.findings) expect(finding.detail.startsWith(`${finding.agencyName}：`)).toBe(false);
  });

  it('finds a defect of every kind in a seeded site, each on its page with what to do', async () => {
    await putPage(
      'lushuihe/items/seeded-defect.html',
      `<!doctype html><html><head><meta name="ColumnName" content="行政规范性文件"><title>x</title></head><body><main>
<h1>关于调整某项补贴标准的通知</h1><p>为贯彻落实国务院总里在全国会议上的讲话精神，详见<a href="/lushuihe/items/never-published.html">原通知</a>。</p>
<a href="/lushuihe/files/seeded-defect/f1.pdf" download>附件：补贴标准.pdf</a></main></body></html>`,
    );
    // A normative document last published in June 2025: its column (通知公告、政策文件类) is stale.
    await seedCatalogue(1, 'lushuihe', 'normative');
    const report = await inspect(true);

    const page = '/lushuihe/items/seeded-defect.html';
    expect(rulesOf(report, page)).toEqual(
      new Set(['missingMeta', 'missingValidity', 'brokenLink', 'missingAttachment', 'seriousExpression']),
    );
    // A 严重表述错误 fails the site for the quarter: a single veto, with the wrong and the right form.
    expect(report.findings.find((f: any) => f.page === page && f.rule === 'seriousExpression')).toMatchObject({
      severity: 'veto',
      detail: expect.stringContaining('“国务院总里”应为“国务院总理”'),
    });
    const broken = report.findings.find((f: any) => f.page === page && f.rule === 'brokenLink');
    expect(broken).toMatchObject({
      agencyId: 'lushuihe',
      agencyName: '露水河镇人民政府',
      severity: 'deduct',
      detail: '链接 /lushuihe/items/never-published.html 指向的页面不存在',
    });
    expect(broken.action).toBeTruthy();
    expect(report.findings.find((f: any) => f.page === page && f.rule === 'missingAttachment').detail).toContain(
      'f1.pdf',
    );
    expect(report.findings).toContainEqual(
      expect.objectContaining({ rule: 'staleColumn', page: '/lushuihe/normative/', agencyId: 'lushuihe' }),
    );
    expect(report.findings).toContainEqual(
      expect.objectContaining({ rule: 'blankColumn', page: '/lushuihe/planning/', agencyId: 'lushuihe' }),
    );
  });

  it('reads only what changed since the last run, and keeps the findings of the pages it did not read', async () => {
    const full = await inspect(true);
    const staff = publisher(platform.url);
    const item = await staff.publish(publicationContent({ title: '自查增量检查用信息' }));
    // A page outside the renderer's knowledge links to the new item (a column page an editor linked by hand).
    await putPage(
      'lushuihe/items/links-to-new.html',
      `<!doctype html><html><head></head><body><a href="/lushuihe/items/${item.id}.html">相关信息</a></body></html>`,
    );
    const linked = await inspect(true);
    expect(rulesOf(linked, '/lushuihe/items/links-to-new.html').has('brokenLink')).toBe(false);

    const published = await staff.publish(publicationContent({ title: '又一条信息' }));
    const incremental = await inspect();
    expect(incremental.full).toBe(false);
    expect(incremental.measure.pagesRead).toBeGreaterThan(0);
    expect(incremental.measure.pagesRead).toBeLessThan(full.measure.pagesRead / 3);
    // Still reported from its last check: the seeded page was not read again.
    expect(rulesOf(incremental, '/lushuihe/items/seeded-defect.html').has('brokenLink')).toBe(true);
    expect(rulesOf(incremental, `/lushuihe/items/${published.id}.html`).size).toBe(0);

    // Withdrawn: the page that linked to it is read again and its link is broken now.
    await staff.step(item.id, item.version, { type: 'withdraw', reason: '内容有误' }, 'reviewer');
    await siteSettled();
    const after = await inspect();
    expect(after.findings).toContainEqual(
      expect.objectContaining({
        rule: 'brokenLink',
        page: '/lushuihe/items/links-to-new.html',
        detail: `链接 /lushuihe/items/${item.id}.html 指向的页面不存在`,
      }),
    );
    expect(after.measure.pagesRead).toBeLessThan(full.measure.pagesRead / 3);
    expect(after.history.length).toBeGreaterThanOrEqual(5);
    expect(after.history[0].ranAt).toBe(after.ranAt);
  });

  it('reports the online channel down, and e-mails agencies their single-veto findings', async () => {
    const { getSiteUrl, putSiteUrl } = await import('#store/site-config.ts');
    const url = await getSiteUrl();
    await putSiteUrl('http://127.0.0.1:9');
    try {
      const report = await inspect();
      expect(report.findings).toContainEqual(
        expect.objectContaining({ rule: 'channelDown', severity: 'veto', page: '/apply' }),
      );
    } finally {
      await putSiteUrl(url);
    }
    const { outboxPage } = await import('#store/outbox.ts');
    const mail = (await outboxPage('fusong', { limit: 20 })).items.filter((m) =>
      m.receiptNumber.startsWith('INSPECT-'),
    );
    expect(mail.length).toBeGreaterThan(0);
    expect(mail.map((m) => m.to)).toContain('fs-admin@staff.fusong.example');
    expect(mail[0]!.subject).toContain('须尽快整改');
    expect(mail[0]!.text).toContain('单项否决');
  });

  it("shows each agency its own findings, the county its subordinates'; only the county's administrators start a run", async () => {
    const townHandler = await signIn(platform.url, 'lsh-handler');
    const town = (await call(townHandler, 'GET', '/api/staff/inspection')).body;
    expect(town.scope).toBe('agency');
    expect(town.findings.length).toBeGreaterThan(0);
    expect(new Set(town.findings.map((f: any) => f.agencyId))).toEqual(new Set(['lushuihe']));
    const county = (await call(countyAdmin, 'GET', '/api/staff/inspection')).body;
    expect(county.scope).toBe('county');
    expect(new Set(county.findings.map((f: any) => f.agencyId)).size).toBeGreaterThan(1);
    expect((await call(townHandler, 'POST', '/api/staff/inspection', {})).status).toBe(403);
    // The whole site is the county's to inspect on demand; a town's administrator reads its findings.
    const townAdmin = await signIn(platform.url, 'lsh-admin');
    expect((await call(townAdmin, 'POST', '/api/staff/inspection', {})).status).toBe(403);
    const earlier = county.history.at(-1).ranAt;
    expect((await call(townHandler, 'GET', `/api/staff/inspection?ranAt=${earlier}`)).body.ranAt).toBe(earlier);
    expect((await call(townHandler, 'GET', '/api/staff/inspection?ranAt=2020-01-01T00:00:00.000Z')).status).toBe(404);
    expect((await call(townHandler, 'GET', '/api/staff/inspection?ranAt=yesterday')).status).toBe(400);
  });

  it('keeps the thresholds as data the county administrator edits, over the version read', async () => {
    const settings = (await call(countyAdmin, 'GET', '/api/staff/inspection/settings')).body;
    expect(settings).toMatchObject({ homeDays: 14, vetoBlank: 5, version: 0, editable: true });
    const { columnTypeLabels: _, editable: __, ...input } = settings;
    const saved = await call(countyAdmin, 'PUT', '/api/staff/inspection/settings', {
      ...input,
      staleDays: { ...input.staleDays, notice: 730 },
    });
    expect(saved).toMatchObject({ status: 200, body: { version: 1, staleDays: { notice: 730 } } });
    expect((await call(countyAdmin, 'PUT', '/api/staff/inspection/settings', input)).status).toBe(409);
    const invalid = await call(countyAdmin, 'PUT', '/api/staff/inspection/settings', {
      ...input,
      version: 1,
      homeDays: 0,
    });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(invalid.body)).toContain('homeDays');
    const townAdmin = await signIn(platform.url, 'lsh-admin');
    expect((await call(townAdmin, 'PUT', '/api/staff/inspection/settings', { ...input, version: 1 })).status).toBe(403);

    // Now the June 2025 normative document is within its column's 730 days.
    const report = await inspect();
    expect(report.findings).not.toContainEqual(
      expect.objectContaining({ rule: 'staleColumn', page: '/lushuihe/normative/' }),
    );
  });

  it('checks the home page through the site’s address, and vetoes a week when 5% of the checks failed', async () => {
    const { handler } = await import('../../functions/sweep/handler.ts');
    const { beijingDateTime } = await import('#core/dates.ts');
    const { probeWeek } = await import('#store/availability.ts');
    const today = beijingDateTime(new Date()).date;
    const before = (await probeWeek(today))[0]!;
    expect(await handler({ probe: 'site' })).toMatchObject({ probed: true, status: 200, failed: false, slow: false });
    expect((await probeWeek(today))[0]).toMatchObject({ checks: before.checks + 1, failed: before.failed });
    expect(rulesOf(await inspect()).has('siteUnavailable')).toBe(false);

    // The site unreachable for a while: the checks that fail are counted, and 自查 names it.
    const { getSiteUrl, putSiteUrl } = await import('#store/site-config.ts');
    const url = await getSiteUrl();
    await putSiteUrl('http://127.0.0.1:9');
    try {
      for (let i = 0; i < 3; i++) expect(await handler({ probe: 'site' })).toMatchObject({ failed: true });
    } finally {
      await putSiteUrl(url);
    }
    const week = await probeWeek(today);
    expect(week[0]).toMatchObject({ failed: before.failed + 3 });
    const veto = (await inspect()).findings.find((f: any) => f.rule === 'siteUnavailable');
    expect(veto).toMatchObject({ severity: 'veto', page: '/', detail: expect.stringContaining('3 次无法访问') });
  });
  it('checks pages by the county’s own dictionary too: its additions found, its exceptions left alone', async () => {
    const view = await call(countyAdmin, 'GET', '/api/staff/expression-rules');
    expect(view.status).toBe(200);
    expect(view.body.shipped.sources.length).toBeGreaterThan(3);
    const saved = await call(countyAdmin, 'PUT', '/api/staff/expression-rules', {
      additions: [{ kind: 'title', wrong: ['抚松县人民政付'], right: '抚松县人民政府', note: '本县机关名称' }],
      exceptions: ['截止目前'],
      version: view.body.version,
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ exceptions: ['截止目前'], version: view.body.version + 1 });
    // Over a version already replaced: refused, nothing changed.
    const late = await call(countyAdmin, 'PUT', '/api/staff/expression-rules', {
      additions: [],
      exceptions: [],
      version: view.body.version,
    });
    expect(late.status).toBe(409);
    // A town's administrator does not keep the county's dictionary.
    const town = await signIn(platform.url, 'lsh-admin');
    expect((await call(town, 'GET', '/api/staff/expression-rules')).status).toBe(403);
    const log = await call(countyAdmin, 'GET', '/api/staff/admin-log');
    expect(log.body.entries[0]).toMatchObject({ subject: 'expressions', action: '修改表述检查词库' });

    await putPage(
      'lushuihe/items/county-wording.html',
      '<!doctype html><html><head></head><body><main><p>抚松县人民政付办公室关于做好秋季防火工作的通知。</p></main></body></html>',
    );
    const report = await inspect(true);
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        rule: 'seriousExpression',
        page: '/lushuihe/items/county-wording.html',
        detail: expect.stringContaining('“抚松县人民政付”应为“抚松县人民政府”'),
      }),
    );
    // The county judged 「截止目前」 its own usage: the published report's wording is no longer reported.
    expect(report.findings.some((f: any) => f.rule === 'expressionWarning' && f.detail.includes('截止目前'))).toBe(
      false,
    );
  });
  it('is started by the local route as the deployed job, and followed by its id to its end', async () => {
    const response = await fetch(`${platform.url}/api/dev/inspection`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({}),
    });
    expect(response.status).toBe(202);
    const started = (await response.json()) as Record<string, any>;
    expect(started).toMatchObject({ kind: 'inspection', started: true, href: `/api/staff/jobs/${started.id}` });
    const outcome = await jobOutcome(platform.url, countyAdmin, started.id);
    expect(outcome.state).toBe('done');
    expect(outcome.result).toMatchObject({ full: false, ranAt: expect.any(String) });
    expect((await call(countyAdmin, 'GET', '/api/staff/inspection')).body.ranAt).toBe(outcome.result.ranAt);
  });

  it('is started by the sweep on Mondays, once whatever the retries', async () => {
    const { runSweep } = await import('../../functions/sweep/sweep.ts');
    const monday = new Date('2026-12-07T02:00:00Z');
    expect((await runSweep(monday)).inspection).toEqual({ started: true });
    expect((await runSweep(monday)).inspection).toEqual({ started: false });
    expect((await runSweep(new Date('2026-12-08T02:00:00Z'))).inspection).toEqual({ started: false });
  });
});

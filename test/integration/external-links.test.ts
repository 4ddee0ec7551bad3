/**
 * 自查's check of links to other sites (错链、断链), against a server of the test's own on 127.0.0.1
 * (nothing is fetched from the internet): a published item links to a page that answers, one that is
 * gone (404), one that redirects to a gone page, one that never answers, one that does not answer once
 * and then does, and the cloud's metadata address. Each failure is reported only when the next run's
 * check fails too; the metadata address at once, never fetched; a link checked OK is not fetched again
 * for a week; no more than two requests a second reach the host.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checksPerRun, perHostPerSecond } from '#core/external-links.ts';
import { jobOutcome } from '../support/jobs.ts';
import { signIn, siteSettled, staffCall, startTestPlatform } from '../support/platform.ts';
import { publicationContent, publisher } from '../support/publications.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let countyAdmin: string;
let server: Server;
let origin: string;
const hits: { path: string; method: string; at: number }[] = [];

beforeAll(async () => {
  // A timeout of one second rather than ten: the test waits for each of them.
  process.env.LINK_CHECK_TIMEOUT_MS = '1000';
  server = createServer((req, res) => {
    const path = req.url ?? '';
    hits.push({ path, method: req.method ?? '', at: Date.now() });
    if (path === '/ok') res.writeHead(200).end();
    else if (path === '/gone') res.writeHead(404).end();
    else if (path === '/moved') res.writeHead(302, { location: '/removed' }).end();
    else if (path === '/removed') res.writeHead(410).end();
    else if (path === '/to-metadata') res.writeHead(301, { location: 'http://169.254.169.254/latest/' }).end();
    // Never answers; the flaky page only on its first request.
    else if (path === '/slow') return;
    else if (path === '/flaky' && hits.filter((h) => h.path === '/flaky').length === 1) return;
    else res.writeHead(200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  platform = await startTestPlatform();
  countyAdmin = await signIn(platform.url, 'fs-admin');
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await platform?.stop();
  delete process.env.LINK_CHECK_TIMEOUT_MS;
});

const call = (token: string, method: string, path: string, body?: unknown) =>
  staffCall(platform.url, token, method, path, body);

async function inspect() {
  const started = await call(countyAdmin, 'POST', '/api/staff/inspection', {});
  expect(started.status).toBe(202);
  expect((await jobOutcome(platform.url, countyAdmin, started.body.id)).state).toBe('done');
  return (await call(countyAdmin, 'GET', '/api/staff/inspection')).body;
}

type Reported = { rule: string; page: string; agencyId: string; agencyName: string; severity: string; detail: string };
const external = (report: Record<string, any>): Reported[] =>
  report.findings.filter((f: Reported) => f.rule === 'externalLinkWrong' || f.rule === 'externalLinkBroken');
const requestsTo = (path: string) => hits.filter((h) => h.path === path).length;

describe('自查 of external links', () => {
  let page: string;
  let item: Record<string, any>;
  const staff = () => publisher(platform.url);

  it('reports an address inside a network at once without fetching it, and no failure seen only once', async () => {
    const links = ['ok', 'gone', 'moved', 'slow', 'flaky']
      .map((path) => `<a href="${origin}/${path}">参阅资料${path}</a>`)
      .join('、');
    item = await staff().publish(
      publicationContent({
        title: '关于转发上级有关文件的通知',
        bodyHtml: `<p>现将有关文件转发给你们：${links}。另见<a href="http://169.254.169.254/latest/meta-data/">内部资料</a>。</p>`,
      }),
    );
    page = `/lushuihe/items/${item.id}.html`;
    const first = await inspect();

    expect(external(first)).toEqual([
      expect.objectContaining({
        rule: 'externalLinkWrong',
        severity: 'deduct',
        page,
        agencyId: 'lushuihe',
        agencyName: '露水河镇人民政府',
        detail: '链接 http://169.254.169.254/latest/meta-data/ 指向内部网络地址（169.254.169.254），未予访问',
      }),
    ]);
    // Each address was asked (HEAD first; GET again where HEAD failed), the timeouts once.
    expect(requestsTo('/ok')).toBe(1);
    expect(requestsTo('/gone')).toBe(2);
    expect(requestsTo('/moved')).toBe(2);
    expect(requestsTo('/removed')).toBe(2);
    expect(requestsTo('/slow')).toBe(1);
    expect(requestsTo('/flaky')).toBe(1);
  });

  it('reports the dead links on their page when they fail again, not the one that answers now nor the live one', async () => {
    const second = await inspect();

    const found = external(second).filter((f) => f.page === page);
    expect(found.map((f) => [f.rule, f.detail]).sort()).toEqual(
      [
        ['externalLinkBroken', `链接 ${origin}/slow 超时未答复（连续 2 次检查）`],
        ['externalLinkWrong', `链接 ${origin}/gone 答复 404（连续 2 次检查）`],
        ['externalLinkWrong', `链接 ${origin}/moved 经跳转后答复 410（连续 2 次检查）`],
        [
          'externalLinkWrong',
          '链接 http://169.254.169.254/latest/meta-data/ 指向内部网络地址（169.254.169.254），未予访问',
        ],
      ].sort(),
    );
    for (const finding of found) expect(finding).toMatchObject({ agencyId: 'lushuihe', severity: 'deduct' });
    expect(second.findings.find((f: Reported) => f.rule === 'externalLinkBroken').action).toBeTruthy();
    // The live link was checked OK a moment ago: not fetched again.
    expect(requestsTo('/ok')).toBe(1);
    // Four due again (the three failures and the flaky one), eight requests: HEAD and GET for 404, four through the redirect.
    expect(second.measure).toMatchObject({ externalChecked: 4, externalRequests: 8 });
    expect(requestsTo('/flaky')).toBe(2);
  });

  it('sends no more than two requests a second to one host', () => {
    const times = hits.map((h) => h.at).sort((a, b) => a - b);
    expect(times.length).toBeGreaterThan(10);
    // Any three requests in a row span more than a second.
    for (let i = perHostPerSecond; i < times.length; i++)
      expect(times[i]! - times[i - perHostPerSecond]!, `request ${i}`).toBeGreaterThan(1000);
  });

  it('drops the findings of a page withdrawn', async () => {
    await staff().step(item.id, item.version, { type: 'withdraw', reason: '内容有误' }, 'reviewer');
    await siteSettled();
    const third = await inspect();
    expect(external(third).filter((f) => f.page === page)).toEqual([]);
  });

  it('refuses a redirect into the network, and a name resolving inside it, on the address the connection would use', async () => {
    const { checkLink } = await import('../../functions/jobs/external-links.ts');
    expect(await checkLink(`${origin}/to-metadata`)).toEqual({ kind: 'refused', address: '169.254.169.254' });
    // Deployed (not local), a name that resolves to loopback is refused as the literal address is.
    delete process.env.LINK_CHECK_LOCAL;
    try {
      const port = (server.address() as AddressInfo).port;
      const before = hits.length;
      expect(await checkLink(`http://localhost:${port}/ok`)).toMatchObject({ kind: 'refused' });
      expect(await checkLink(`http://127.0.0.1:${port}/ok`)).toEqual({ kind: 'refused', address: '127.0.0.1' });
      expect(hits.length).toBe(before);
    } finally {
      process.env.LINK_CHECK_LOCAL = '1';
    }
  });

  it('checks a bounded number of links a run, and the rest on the next', async () => {
    // Addresses inside a network are judged without a request: the bound is on the checks, not the time.
    const many = Array.from({ length: checksPerRun + 30 }, (_, i) => `<a href="http://10.0.0.${i + 1}/">资料${i}</a>`);
    const listed = await staff().publish(
      publicationContent({ title: '有关单位资料目录', bodyHtml: `<p>${many.join('、')}</p>` }),
    );
    const on = `/lushuihe/items/${listed.id}.html`;
    const { deadLinkFindings } = await import('#store/links.ts');
    const reported = async () => (await deadLinkFindings()).filter((f) => f.page === on).length;

    const run = await inspect();
    expect(run.measure.externalChecked).toBe(checksPerRun);
    const first = await reported();
    expect(first).toBeLessThanOrEqual(checksPerRun);
    expect(first).toBeGreaterThan(checksPerRun - 5);
    await inspect();
    expect(await reported()).toBe(checksPerRun + 30);
  });
});

/**
 * S3 made unavailable mid-publication (a proxy in front of s3rver answers 503): the step still
 * commits, its render task waits in the outbox, and the next request or the daily sweep brings the
 * site back in line with the table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { faultProxy } from '../support/fault-proxy.ts';
import { publicationContent, publisher } from '../support/publications.ts';
import { startTestPlatform } from '../support/platform.ts';

let proxy: Awaited<ReturnType<typeof faultProxy>>;
let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let staff: ReturnType<typeof publisher>;
beforeAll(async () => {
  proxy = await faultProxy(inject('services').s3);
  platform = await startTestPlatform({ s3Endpoint: proxy.url });
  staff = publisher(platform.url);
});
afterAll(async () => {
  await platform?.stop();
  await proxy?.close();
});

const status = async (path: string) => (await fetch(`${platform.url}${path}`)).status;
const text = async (path: string) => (await fetch(`${platform.url}${path}`)).text();

describe('S3 unavailable during publication', () => {
  it('leaves the render pending, and the next request completes it', async () => {
    proxy.down = true;
    const first = await staff.publish(publicationContent({ title: '存储故障期间发布的信息' }));
    expect(first).toMatchObject({ status: 'published', site: { state: 'pending' } });
    proxy.down = false;
    expect(await status(`/lushuihe/items/${first.id}.html`)).toBe(404);

    const second = await staff.publish(publicationContent({ title: '故障恢复后发布的信息' }));
    expect(second.site.state).toBe('done');
    for (const id of [first.id, second.id]) {
      expect(await status(`/lushuihe/items/${id}.html`)).toBe(200);
      expect(await text('/lushuihe/latest/')).toContain(id);
      expect(await text('/feed.xml')).toContain(id);
    }
  });

  it('leaves a withdrawal pending, and the daily sweep completes it', async () => {
    const published = await staff.publish(publicationContent({ title: '将在故障期间撤销的信息' }));
    proxy.down = true;
    const withdrawn = await staff.step(published.id, published.version, { type: 'withdraw', reason: '信息有误' }, 'reviewer');
    expect(withdrawn.site.state).toBe('pending');
    proxy.down = false;
    expect(await text('/lushuihe/latest/')).toContain(published.id);

    const sweep = await (await fetch(`${platform.url}/api/dev/sweep`, { method: 'POST' })).json();
    expect(sweep.site.state).toBe('done');
    expect(await status(`/lushuihe/items/${published.id}.html`)).toBe(404);
    for (const path of ['/lushuihe/latest/', '/latest/', '/feed.xml', '/sitemaps/1.xml', '/data/catalogue-1.json']) expect(await text(path), path).not.toContain(published.id);
  });

  it('keeps the site equal to the table after a run of publications and withdrawals with S3 down in the middle', async () => {
    const before = [await staff.publish(), await staff.publish()];
    const listed = async () => ((await staff.call('handler', 'GET', '/api/staff/publications')).body.publications as { id: string; status: string }[]);
    const itemsBefore = (await listed()).length;

    proxy.down = true;
    // A draft whose attachment cannot be checked is refused whole: a clean 503, and no draft.
    const policy = await staff.call('handler', 'POST', '/api/staff/publications/uploads', { fileName: '附件.pdf', contentType: 'application/pdf', size: 1024 });
    expect(policy.status).toBe(201);
    const refused = await staff.call('handler', 'POST', '/api/staff/publications', publicationContent({ attachments: [policy.body.uploadId] }));
    expect(refused).toMatchObject({ status: 503, body: { message: '服务暂时不可用，请稍后重试。您的请求未被处理。' } });
    expect((await listed()).length).toBe(itemsBefore);
    // Publications and a withdrawal commit; their renders wait.
    const during = [await staff.publish(), await staff.publish(), await staff.publish()];
    for (const item of during) expect(item.site.state).toBe('pending');
    const withdrawn = await staff.step(before[0]!.id, before[0]!.version, { type: 'withdraw', reason: '信息有误' }, 'reviewer');
    expect(withdrawn.site.state).toBe('pending');

    proxy.down = false;
    const sweep = await (await fetch(`${platform.url}/api/dev/sweep`, { method: 'POST' })).json();
    expect(sweep.site.state).toBe('done');

    // Every item the table has published has its page and its listing entries; no other has.
    const latest = await text('/lushuihe/latest/') + await text('/feed.xml') + await text('/data/catalogue-1.json');
    for (const item of await listed()) {
      const page = await status(`/lushuihe/items/${item.id}.html`);
      if (item.status === 'published') {
        expect(page, item.id).toBe(200);
        expect(latest).toContain(item.id);
      } else {
        expect(page, item.id).toBe(404);
        expect(latest).not.toContain(item.id);
      }
    }
    expect((await listed()).filter((i) => i.status === 'published').map((i) => i.id)).toEqual(expect.arrayContaining([before[1]!.id, ...during.map((i) => i.id)]));
  });
});

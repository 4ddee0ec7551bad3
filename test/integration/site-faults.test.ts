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
});

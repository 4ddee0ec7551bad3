/**
 * S3 made unavailable mid-publication (a proxy in front of s3rver answers 503): the step still
 * commits and answers, the renderer fails on its task and leaves it waiting, and the next task or
 * the daily sweep's nudge brings the site back in line with the table. The tests hold the local
 * stream stand-in still and play the renderer's invocation themselves, to see what it returns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { faultProxy } from '../support/fault-proxy.ts';
import { captureLogs } from '../support/logs.ts';
import { publicationContent, publisher } from '../support/publications.ts';
import { siteSettled, startTestPlatform } from '../support/platform.ts';

let proxy: Awaited<ReturnType<typeof faultProxy>>;
let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let staff: ReturnType<typeof publisher>;
beforeAll(async () => {
  proxy = await faultProxy(inject('services').s3);
  platform = await startTestPlatform({ s3Endpoint: proxy.url });
  staff = publisher(platform.url);
  // The demo county's own pages (its archived report) are rendered before any fault.
  await siteSettled();
});
afterAll(async () => {
  await platform?.stop();
  await proxy?.close();
});

const status = async (path: string) => (await fetch(`${platform.url}${path}`)).status;
/** The renderer's invocation for the tasks just written, with S3 down: it leaves them waiting. */
async function renderFailsWhileDown() {
  const { renderNewTasks } = await import('../../cdk/local/site.ts');
  expect(await renderNewTasks()).toMatchObject({ state: 'pending', tasks: 0 });
  const waiting = (await staff.call('handler', 'GET', '/api/staff/site/status')).body;
  expect(waiting).toMatchObject({ upToDate: false, pending: expect.any(Number) });
  return waiting.pending as number;
}
const sweep = async () => (await fetch(`${platform.url}/api/dev/sweep`, { method: 'POST' })).json();
const text = async (path: string) => (await fetch(`${platform.url}${path}`)).text();

/**
 * An item published in 财政 (finance), revised into 救助 (assistance) and approved while S3 is down:
 * the render moves its places, then fails on the files. Workers stay paused and S3 down.
 */
async function movedWhileDown(title: string) {
  const published = await staff.publish(publicationContent({ title }));
  const revising = await staff.step(published.id, published.version, { type: 'revise' });
  const { body: detail } = await staff.call('handler', 'GET', `/api/staff/publications/${published.id}`);
  const edited = await staff.step(published.id, revising.version, {
    type: 'edit',
    content: { ...detail.item.content, category: 'assistance', attachments: [] },
    revisionNote: '改换类别',
  });
  const submitted = await staff.step(published.id, edited.version, { type: 'submit' });
  platform.pauseWorkers(true);
  proxy.down = true;
  const approved = await staff.step(
    published.id,
    submitted.version,
    { type: 'approve', secrecyCheck: '同意' },
    'reviewer',
    {
      settle: false,
    },
  );
  expect(await renderFailsWhileDown()).toBe(1);
  return { id: published.id, version: approved.version };
}

describe('S3 unavailable during publication', () => {
  it('leaves the render pending, and the next publication completes it', async () => {
    platform.pauseWorkers(true);
    proxy.down = true;
    const first = await staff.publish(publicationContent({ title: '存储故障期间发布的信息' }), { settle: false });
    expect(first).toMatchObject({ status: 'published', site: { state: 'queued', targets: expect.any(Number) } });
    expect(await renderFailsWhileDown()).toBe(1);
    proxy.down = false;
    platform.pauseWorkers(false);
    expect(await status(`/lushuihe/items/${first.id}.html`)).toBe(404);

    const second = await staff.publish(publicationContent({ title: '故障恢复后发布的信息' }));
    for (const id of [first.id, second.id]) {
      expect(await status(`/lushuihe/items/${id}.html`)).toBe(200);
      expect(await text('/lushuihe/latest/')).toContain(id);
      expect(await text('/feed.xml')).toContain(id);
    }
  });

  it("finds a failed publication's approval, its failed render and the retry that completed it by one request id", async () => {
    const created = await staff.call('handler', 'POST', '/api/staff/publications', publicationContent());
    await staff.step(created.body.id, created.body.version, { type: 'submit' });
    const checked = await staff.privacyChecked(created.body.id);
    const logs = captureLogs();
    try {
      platform.pauseWorkers(true);
      proxy.down = true;
      const approval = await staff.call('reviewer', 'POST', `/api/staff/publications/${checked.id}/actions`, {
        version: checked.version,
        action: { type: 'approve', secrecyCheck: '经审查，不涉及国家秘密和个人隐私，同意公开。' },
      });
      expect(approval.status).toBe(200);
      await renderFailsWhileDown();
      proxy.down = false;
      platform.pauseWorkers(false);
      expect((await sweep()).site).toMatchObject({ nudged: true });
      await siteSettled();

      const traced = logs.lines
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { message: string; fn?: string; requestId?: string })
        .filter((line) => line.requestId === approval.requestId);
      expect(traced.map((line) => `${line.fn}: ${line.message}`)).toEqual([
        'publications: request',
        'renderer: site render failed; task left pending',
        'renderer: render task done',
      ]);
    } finally {
      logs.restore();
    }
    expect(await status(`/lushuihe/items/${checked.id}.html`)).toBe(200);
  });

  it('leaves a withdrawal pending, and the daily sweep completes it', async () => {
    const published = await staff.publish(publicationContent({ title: '将在故障期间撤销的信息' }));
    platform.pauseWorkers(true);
    proxy.down = true;
    await staff.step(published.id, published.version, { type: 'withdraw', reason: '信息有误' }, 'reviewer', {
      settle: false,
    });
    expect(await renderFailsWhileDown()).toBe(1);
    proxy.down = false;
    platform.pauseWorkers(false);
    // The stream delivered that task once: nothing renders it until something new wakes the renderer.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await text('/lushuihe/latest/')).toContain(published.id);

    expect((await sweep()).site).toEqual({ pending: 1, nudged: true });
    await siteSettled();
    expect(await status(`/lushuihe/items/${published.id}.html`)).toBe(404);
    for (const path of ['/lushuihe/latest/', '/latest/', '/feed.xml', '/sitemaps/1.xml', '/data/catalogue-1.json'])
      expect(await text(path), path).not.toContain(published.id);
  });

  it('takes a revised item out of the category it left when the render that moved it is retried', async () => {
    // The render moves the item's places, then fails on the files: its retry must rewrite the pages of both.
    const published = await movedWhileDown('故障期间改换类别的信息');
    proxy.down = false;
    platform.pauseWorkers(false);

    expect((await sweep()).site).toEqual({ pending: 1, nudged: true });
    await siteSettled();
    expect(await text('/lushuihe/finance/')).not.toContain(published.id);
    expect(await text('/lushuihe/assistance/')).toContain(published.id);
  });

  it('takes an item out of the category it left when a withdrawal comes between the failed render that moved it and its retry', async () => {
    const published = await movedWhileDown('故障期间改换类别后又撤销的信息');
    // The item moves on before the retry: its version is no longer the one whose render gave up the place.
    await staff.step(published.id, published.version, { type: 'withdraw', reason: '信息有误' }, 'reviewer', {
      settle: false,
    });
    proxy.down = false;
    platform.pauseWorkers(false);

    await sweep();
    await siteSettled();
    expect(await status(`/lushuihe/items/${published.id}.html`)).toBe(404);
    for (const path of ['/lushuihe/finance/', '/lushuihe/assistance/', '/lushuihe/latest/', '/latest/'])
      expect(await text(path), path).not.toContain(published.id);
  });

  it('keeps the site equal to the table after a run of publications and withdrawals with S3 down in the middle', async () => {
    const before = [await staff.publish(), await staff.publish()];
    const listed = async () =>
      (await staff.call('handler', 'GET', '/api/staff/publications')).body.publications as {
        id: string;
        status: string;
      }[];
    const itemsBefore = (await listed()).length;

    platform.pauseWorkers(true);
    proxy.down = true;
    // A draft whose attachment cannot be checked is refused whole: a clean 503, and no draft.
    const policy = await staff.call('handler', 'POST', '/api/staff/publications/uploads', {
      fileName: '附件.pdf',
      contentType: 'application/pdf',
      size: 1024,
    });
    expect(policy.status).toBe(201);
    const refused = await staff.call(
      'handler',
      'POST',
      '/api/staff/publications',
      publicationContent({ attachments: [policy.body.uploadId] }),
    );
    expect(refused).toMatchObject({ status: 503, body: { message: '服务暂时不可用，请稍后重试。您的请求未被处理。' } });
    expect((await listed()).length).toBe(itemsBefore);
    // Publications and a withdrawal commit; their renders wait.
    const unsettled = { settle: false };
    const during = [
      await staff.publish(undefined, unsettled),
      await staff.publish(undefined, unsettled),
      await staff.publish(undefined, unsettled),
    ];
    await staff.step(
      before[0]!.id,
      before[0]!.version,
      { type: 'withdraw', reason: '信息有误' },
      'reviewer',
      unsettled,
    );
    expect(await renderFailsWhileDown()).toBe(4);

    proxy.down = false;
    platform.pauseWorkers(false);
    expect((await sweep()).site).toEqual({ pending: 4, nudged: true });
    await siteSettled();

    // Every item the table has published has its page and its listing entries; no other has.
    const latest =
      (await text('/lushuihe/latest/')) + (await text('/feed.xml')) + (await text('/data/catalogue-1.json'));
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
    expect((await listed()).filter((i) => i.status === 'published').map((i) => i.id)).toEqual(
      expect.arrayContaining([before[1]!.id, ...during.map((i) => i.id)]),
    );
  });
});

/** Publishing through the console's API and the static site it renders, over real sockets. */
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicationContent, publishAndRender, publisher } from '../support/publications.ts';
import { siteSettled, startTestPlatform } from '../support/platform.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let staff: ReturnType<typeof publisher>;
beforeAll(async () => {
  platform = await startTestPlatform();
  staff = publisher(platform.url);
});
afterAll(() => platform?.stop());

const page = async (path: string) => {
  const response = await fetch(`${platform.url}${path}`);
  return { status: response.status, text: await response.text(), headers: response.headers };
};

describe('publishing an item', () => {
  it('goes from draft through review to the site, with its 索引号 and metadata', async () => {
    const published = await staff.publish(publicationContent({ title: '露水河镇 2026 年财政预算公开' }));

    expect(published).toMatchObject({
      status: 'published',
      indexNumber: '013869317/2026-00001',
      site: { state: 'queued' },
    });
    const item = await page(`/lushuihe/items/${published.id}.html`);
    expect(item.status).toBe(200);
    for (const text of [
      '露水河镇 2026 年财政预算公开',
      '013869317/2026-00001',
      '财政、金融、审计',
      '露水河镇人民政府',
      '2026年11月20日',
    ])
      expect(item.text).toContain(text);
    expect((await page('/lushuihe/finance/')).text).toContain('露水河镇 2026 年财政预算公开');
    expect((await page('/lushuihe/latest/')).text).toContain(published.id);
    expect((await page('/latest/')).text).toContain(published.id);
    expect((await page('/')).text).toContain('露水河镇 2026 年财政预算公开');
    // The agency's column home lists its newest items, without a rebuild.
    expect((await page('/lushuihe/')).text).toContain(published.id);
    const feed = await page('/lushuihe/feed.xml');
    expect(feed.text).toContain(`<id>${platform.url}/lushuihe/items/${published.id}.html</id>`);
    expect((await page('/sitemap.xml')).text).toContain(`${platform.url}/sitemaps/1.xml`);
    expect((await page('/sitemaps/1.xml')).text).toContain(`/lushuihe/items/${published.id}.html`);
    const csv = await page('/data/catalogue-1.csv');
    expect(csv.text).toContain('013869317/2026-00001');
    expect(JSON.parse((await page('/data/catalogue-1.json')).text)[0]).toMatchObject({
      indexNumber: '013869317/2026-00001',
      category: '财政预算决算',
    });
  });

  it('refuses a step out of order, a wrong role and a stale version', async () => {
    const created = await staff.call('handler', 'POST', '/api/staff/publications', publicationContent());
    const early = await staff.call('reviewer', 'POST', `/api/staff/publications/${created.body.id}/actions`, {
      version: 1,
      action: { type: 'approve', secrecyCheck: '同意' },
    });
    expect(early.status).toBe(409);
    const byHandler = await staff.call('handler', 'POST', `/api/staff/publications/${created.body.id}/actions`, {
      version: 1,
      action: { type: 'withdraw', reason: 'x' },
    });
    expect(byHandler.status).toBe(403);
    await staff.step(created.body.id, 1, { type: 'submit' });
    const stale = await staff.call('reviewer', 'POST', `/api/staff/publications/${created.body.id}/actions`, {
      version: 1,
      action: { type: 'approve', secrecyCheck: '同意' },
    });
    expect(stale.status).toBe(409);
    // Each refusal says what kind it is, for programs, besides its message for people.
    expect([early.body.code, byHandler.body.code, stale.body.code]).toEqual([
      'illegal-transition',
      'forbidden',
      'stale-version',
    ]);
    const invalid = await staff.call('handler', 'POST', '/api/staff/publications', { title: '' });
    expect(invalid).toMatchObject({ status: 400, body: { code: 'invalid-input', errors: expect.any(Array) } });
  });

  it('returns an item with comments, and asks for validity on normative documents', async () => {
    const invalid = await staff.call(
      'handler',
      'POST',
      '/api/staff/publications',
      publicationContent({ category: 'normative' }),
    );
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0]).toMatchObject({ field: 'body.validity' });
    const notTown = await publisher(platform.url, 'czj').call(
      'handler',
      'POST',
      '/api/staff/publications',
      publicationContent({ category: 'homestead' }),
    );
    expect(notTown.body.errors[0].message).toContain('仅适用于乡镇');

    const created = await staff.call(
      'handler',
      'POST',
      '/api/staff/publications',
      publicationContent({ category: 'normative', validity: { state: 'valid' } }),
    );
    const submitted = await staff.step(created.body.id, 1, { type: 'submit' });
    const returned = await staff.step(
      created.body.id,
      submitted.version,
      { type: 'return', comments: '请补充文号' },
      'reviewer',
    );
    expect(returned.status).toBe('draft');
  });
});

describe('revising and withdrawing', () => {
  it('shows the current version with its note, and keeps the item in every listing', async () => {
    const published = await staff.publish(publicationContent({ title: '露水河镇农村低保对象名单公示' }));
    const revising = await staff.step(published.id, published.version, { type: 'revise' });
    const { body: detail } = await staff.call('handler', 'GET', `/api/staff/publications/${published.id}`);
    const edited = await staff.step(published.id, revising.version, {
      type: 'edit',
      content: {
        ...detail.item.content,
        title: '露水河镇农村低保对象名单公示（更正）',
        category: 'assistance',
        attachments: [],
      },
      revisionNote: '更正一处笔误',
    });
    const submitted = await staff.step(published.id, edited.version, { type: 'submit' });
    const approved = await staff.step(
      published.id,
      submitted.version,
      { type: 'approve', secrecyCheck: '同意' },
      'reviewer',
    );

    expect(approved.site.state).toBe('queued');
    const item = await page(`/lushuihe/items/${published.id}.html`);
    expect(item.text).toContain('（更正）');
    expect(item.text).toContain('修订说明：更正一处笔误');
    expect(item.text).toContain(published.indexNumber);
    expect((await page('/lushuihe/latest/')).text).toContain('（更正）');
    expect((await page('/latest/')).text).toContain('（更正）');
    expect((await page('/lushuihe/assistance/')).text).toContain('（更正）');
    expect((await page('/lushuihe/finance/')).text).not.toContain(published.id);
    expect((await page('/lushuihe/feed.xml')).text).toContain('（更正）');
  });

  it('drops a withdrawn item from its page and every listing, feed, sitemap and data file', async () => {
    const published = await staff.publish(publicationContent({ title: '将被撤销的信息' }));
    const withdrawn = await staff.step(
      published.id,
      published.version,
      { type: 'withdraw', reason: '内容有误，需重新审核' },
      'reviewer',
    );

    expect(withdrawn).toMatchObject({ status: 'withdrawn', site: { state: 'queued' } });
    expect((await page(`/lushuihe/items/${published.id}.html`)).status).toBe(404);
    for (const path of [
      '/lushuihe/',
      '/lushuihe/latest/',
      '/lushuihe/finance/',
      '/latest/',
      '/',
      '/lushuihe/feed.xml',
      '/feed.xml',
      '/sitemaps/1.xml',
      '/data/catalogue-1.csv',
      '/data/catalogue-1.json',
      '/lushuihe/latest/p1.html',
    ]) {
      expect((await page(path)).text, path).not.toContain(published.id);
    }
  });
  it("revises and withdraws an item whose own step placed it in its agency's listings, before the renderer placed them all", async () => {
    const published = await staff.publish(publicationContent({ title: '早先发布的信息' }));
    // As such an item stands in the table: its agency places named on the item, none kept apart.
    const [{ DeleteCommand, UpdateCommand }, { db, tableName }, keys, { getPlaces }] = await Promise.all([
      import('@aws-sdk/lib-dynamodb'),
      import('#lib/dynamo.ts'),
      import('#store/keys.ts'),
      import('#store/listings.ts'),
    ]);
    const positions = [...(await getPlaces(published.id))]
      .filter(([listing]) => listing !== 'county')
      .map(([listing, place]) => ({ listing, seq: place.seq }));
    expect(positions.map((p) => p.listing).sort()).toEqual(['agency:lushuihe', 'category:lushuihe:finance']);
    for (const { listing } of positions)
      await db.send(new DeleteCommand({ TableName: tableName, Key: keys.listingPlace(published.id, listing) }));
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.publication(published.id),
        UpdateExpression: 'SET positions = :positions',
        ExpressionAttributeValues: { ':positions': positions },
      }),
    );
    const { body: detail } = await staff.call('handler', 'GET', `/api/staff/publications/${published.id}`);
    const revising = await staff.step(published.id, published.version, { type: 'revise' });
    const edited = await staff.step(published.id, revising.version, {
      type: 'edit',
      content: { ...detail.item.content, title: '早先发布的信息（更正）', category: 'assistance', attachments: [] },
      revisionNote: '更正类别',
    });
    const submitted = await staff.step(published.id, edited.version, { type: 'submit' });
    const approved = await staff.step(
      published.id,
      submitted.version,
      { type: 'approve', secrecyCheck: '同意' },
      'reviewer',
    );

    // Kept at its place in its agency's listing, moved out of the category it left.
    const { listingEntries } = await import('#store/listings.ts');
    const agencyPlace = positions.find((p) => p.listing === 'agency:lushuihe')!.seq;
    expect((await listingEntries('agency:lushuihe', agencyPlace, agencyPlace))[0]).toMatchObject({
      itemId: published.id,
      title: '早先发布的信息（更正）',
    });
    expect((await page('/lushuihe/finance/')).text).not.toContain(published.id);
    expect((await page('/lushuihe/assistance/')).text).toContain('早先发布的信息（更正）');

    await staff.step(published.id, approved.version, { type: 'withdraw', reason: '内容有误，需重新审核' }, 'reviewer');
    for (const path of ['/lushuihe/latest/', '/lushuihe/assistance/', '/latest/'])
      expect((await page(path)).text, path).not.toContain(published.id);
    expect(await listingEntries('agency:lushuihe', agencyPlace, agencyPlace)).toEqual([]);
  });
});

describe('the agency column', () => {
  it('has the standard pages, and administrators edit the guide', async () => {
    const { renderWholeSite } = await import('../../cdk/local/site.ts');
    await renderWholeSite();
    const pages: [string, string][] = [
      ['/lushuihe/', '法定主动公开内容'],
      ['/lushuihe/guide.html', '政府信息公开指南'],
      ['/lushuihe/rules.html', '政府信息公开制度'],
      ['/lushuihe/apply.html', '/apply?agency=lushuihe'],
      ['/lushuihe/reports/', '政府信息公开年报'],
      ['/lushuihe/land-contract/', '农村土地承包经营权流转'],
    ];
    for (const [path, text] of pages) {
      expect((await page(path)).text, path).toContain(text);
    }
    expect((await page('/fusong-czj/')).text).not.toContain('宅基地');

    const admin = publisher(platform.url, 'lsh');
    const current = await admin.call('admin', 'GET', '/api/staff/site/pages/guide');
    // Drafted from the regulation and the agency's settings when the agency was set up, as its own page.
    expect(current.body).toMatchObject({
      version: 1,
      html: expect.stringContaining('依据《中华人民共和国政府信息公开条例》，编制本指南'),
    });
    const saved = await admin.call('admin', 'PUT', '/api/staff/site/pages/guide', {
      html: '<h2>办公时间</h2><p>工作日 8:30—17:00</p><script>alert(1)</script>',
      version: current.body.version,
    });
    expect(saved.status).toBe(200);
    expect(saved.body.html).not.toContain('script');
    expect(saved.body.site).toEqual({ state: 'queued', targets: 1 });
    await siteSettled();
    const guide = await page('/lushuihe/guide.html');
    expect(guide.text).toContain('工作日 8:30—17:00');
    expect(guide.text).not.toContain('alert(1)');
    expect(
      (
        await admin.call('admin', 'PUT', '/api/staff/site/pages/guide', {
          html: '<p>x</p>',
          version: current.body.version,
        })
      ).status,
    ).toBe(409);
  });

  it("shows the county's own columns and the way into 机构目录, naming no other agency", async () => {
    const home = (await page('/')).text;
    const own = home.slice(home.indexOf('portal-columns'), home.indexOf('agencies-title'));
    for (const href of [
      '/fusong/guide.html',
      '/fusong/rules.html',
      '/fusong/#statutory',
      '/fusong/reports/',
      '/fusong/apply.html',
    ])
      expect(own, href).toContain(`href="${href}"`);
    expect(home).toContain('<a href="/agencies/">进入机构目录</a>');
    expect(home).not.toContain('href="/lushuihe/"');
  });

  it("names the government in every title, carries the page norms' metadata, and a footer with what the county set, nothing invented", async () => {
    const before = (await page('/')).text;
    expect(before).toContain('<title>政府信息公开-抚松县人民政府</title>');
    // The demo county's footer: made-up values, marked so, until the county enters its own.
    expect(before).toContain('主办单位：抚松县人民政府办公室（演示数据）');
    expect(before).toContain('网站标识码：0000000000');
    expect(before).toContain('<a href="/statement.html">网站声明</a>');

    const admin = publisher(platform.url, 'fs');
    const { body: list } = await admin.call('admin', 'GET', '/api/staff/agencies');
    const {
      id,
      kindLabel: _k,
      active,
      version,
      ...county
    } = list.agencies.find((a: { id: string }) => a.id === 'fusong');
    const saved = await admin.call('admin', 'PUT', `/api/staff/agencies/${id}`, {
      ...county,
      active,
      version,
      site: {
        sponsor: '抚松县人民政府办公室',
        organiser: '抚松县政务服务和数字化建设管理局',
        siteCode: '2206210001',
        icp: '吉ICP备05000001号',
        police: '',
      },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const badCode = await admin.call('admin', 'PUT', `/api/staff/agencies/${id}`, {
      ...county,
      active,
      version: saved.body.agency.version,
      site: { siteCode: '22062' },
    });
    expect(badCode.status).toBe(400);
    expect(badCode.body.errors[0]).toMatchObject({
      field: 'body.site.siteCode',
      message: '网站标识码：应为 10 位数字',
    });
    // Every page carries the footer: the save rewrites them all (no 重新生成网站 asked for).
    await expect
      .poll(async () => (await admin.call('admin', 'GET', '/api/staff/site/status')).body.upToDate, {
        timeout: 90_000,
        interval: 200,
      })
      .toBe(true);

    const home = (await page('/')).text;
    expect(home).toContain('主办单位：抚松县人民政府办公室');
    expect(home).toContain('承办单位：抚松县政务服务和数字化建设管理局');
    expect(home).toContain('网站标识码：2206210001');
    expect(home).toContain('<a href="https://beian.miit.gov.cn/">吉ICP备05000001号</a>');
    // 公安机关备案号 not set: the line holds the two that are, nothing else.
    expect(home).toContain(
      '<p><span class="footer-item">网站标识码：2206210001</span><span class="footer-item"><a href="https://beian.miit.gov.cn/">吉ICP备05000001号</a></span></p>',
    );
    expect(home).toContain('siteCode=2206210001">我为政府网站找错</a>');
    expect(home).toContain('<meta name="SiteName" content="抚松县人民政府政府信息公开">');
    expect(home).toContain('<meta name="SiteIDCode" content="2206210001">');
    expect(home).toContain(`<meta name="SiteDomain" content="${new URL(platform.url).host}">`);
    const item = await staff.publish(publicationContent({ title: '页面元数据测试' }));
    const itemPage = (await page(`/lushuihe/items/${item.id}.html`)).text;
    expect(itemPage).toContain('<title>页面元数据测试-抚松县人民政府</title>');
    expect(itemPage).toContain('<meta name="ArticleTitle" content="页面元数据测试">');
    expect(itemPage).toMatch(/<meta name="PubDate" content="\d{4}-\d{2}-\d{2} \d{2}:\d{2}">/);
    expect(itemPage).toContain('<meta name="ContentSource" content="露水河镇人民政府">');
    expect(itemPage).toContain('<meta name="ColumnName" content="财政预算决算">');
    expect(itemPage).toContain('主办单位：抚松县人民政府办公室');
    expect(itemPage).toContain('href="/lushuihe/guide.html#contact-title">联系我们</a>');
    for (const path of ['/statement.html', '/privacy.html']) {
      const p = await page(path);
      expect(p.status, path).toBe(200);
    }
    expect((await page('/privacy.html')).text).toContain('申请人的个人信息不会出现在本网站的任何公开页面');
  });

  it('serves the site with a strict content security policy', async () => {
    const home = await page('/');
    expect(home.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(home.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('where CloudFront runs no function (the China regions)', () => {
  it("writes each directory's page at the directory's own keys too, with the slash and without, which S3 serves for the address as it stands", async () => {
    const { s3 } = await import('#lib/s3.ts');
    process.env.SITE_DIRECTORY_KEYS = '1';
    try {
      await publishAndRender(platform, staff, publicationContent({ category: 'statistics' }));
    } finally {
      delete process.env.SITE_DIRECTORY_KEYS;
    }
    const body = async (key: string) =>
      (await s3.send(new GetObjectCommand({ Bucket: platform.names.siteBucket, Key: key }))).Body!.transformToString();
    for (const directory of ['lushuihe/', 'lushuihe/statistics/', 'latest/', 'lushuihe', 'latest'])
      expect(await body(directory), directory).toBe(await body(`${directory.replace(/\/?$/, '/')}index.html`));
  });
});

describe('the objects one publication writes', () => {
  it('are listed, and written nowhere else', async () => {
    const { s3 } = await import('#lib/s3.ts');
    const before = new Map<string, string>();
    const list = async () => {
      const out = new Map<string, string>();
      let token: string | undefined;
      do {
        const page_ = await s3.send(
          new ListObjectsV2Command({ Bucket: platform.names.siteBucket, ContinuationToken: token }),
        );
        for (const o of page_.Contents ?? []) out.set(o.Key!, `${o.ETag}${o.LastModified?.toISOString()}`);
        token = page_.NextContinuationToken;
      } while (token);
      return out;
    };
    for (const [k, v] of await list()) before.set(k, v);
    // S3 dates objects to the second: a file rewritten with the same bytes in the same second as the
    // listing above would look untouched.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const { item: published, site } = await publishAndRender(
      platform,
      staff,
      publicationContent({ category: 'statistics' }),
    );
    const after = await list();
    const changed = [...after]
      .filter(([k, v]) => before.get(k) !== v)
      .map(([k]) => k)
      .sort();

    expect(site).toMatchObject({ state: 'done', tasks: 1 });
    expect(changed.length).toBeLessThanOrEqual(site.written);
    expect(changed).toEqual(
      expect.arrayContaining([
        `lushuihe/items/${published.id}.html`,
        'lushuihe/statistics/index.html',
        'index.html',
        'feed.xml',
        'sitemaps/1.xml',
        'data/catalogue-1.json',
      ]),
    );
    // Not the first of a sitemap part: the sitemap index and the open-data index stay as they were.
    expect(changed).not.toContain('sitemap.xml');
    expect(changed).not.toContain('data/index.json');
    await s3.send(
      new GetObjectCommand({ Bucket: platform.names.siteBucket, Key: `lushuihe/items/${published.id}.html` }),
    );
  });
});

/**
 * The public site with many agencies: 机构目录 lists them by level a page at a time (HTML, and JSON for
 * the search page's agency filter); the home, the site map and the search page name none but the top
 * government; a publication rewrites nothing that lists agencies, and a new agency only its parent's
 * directory and its own column. Over real sockets, against the local platform.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicationContent, publisher } from '../support/publications.ts';
import { signIn, siteSettled, staffCall, startTestPlatform } from '../support/platform.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
/** Towns seeded beside the demo county's one (露水河镇): 61 in all, so the third page holds one. */
const towns = 60;

const page = async (path: string) => {
  const response = await fetch(`${platform.url}${path}`);
  return { status: response.status, text: await response.text() };
};

/** The keys the renderer put from `since` on, from its journal (what 自查 reads). */
async function putSince(since: string): Promise<string[]> {
  const { db, tableName } = await import('#lib/dynamo.ts');
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND sk > :since',
      ExpressionAttributeValues: { ':pk': 'SITECHANGES', ':since': since },
    }),
  );
  return Items.flatMap((item) => item.put as string[]);
}

beforeAll(async () => {
  platform = await startTestPlatform();
  await siteSettled();
  const { putAgency } = await import('#store/agencies.ts');
  for (let n = 1; n <= towns; n++)
    await putAgency({
      id: `town-${n}`,
      name: `示例第${n}镇人民政府`,
      kind: 'town',
      parentId: 'fusong',
      order: 100 + n,
      acceptsApplications: true,
      code: `T${String.fromCharCode(65 + Math.floor(n / 26))}${String.fromCharCode(65 + (n % 26))}`,
    });
  const { renderFiles } = await import('../../functions/renderer/render.ts');
  await renderFiles([
    { kind: 'directory', agencyId: 'fusong' },
    { kind: 'home' },
    { kind: 'sitePages' },
    { kind: 'searchPage' },
    { kind: 'agencyHome', agencyId: 'fusong' },
    { kind: 'agencyHome', agencyId: 'lushuihe' },
  ]);
});
afterAll(() => platform?.stop());

describe('机构目录', () => {
  it("lists the county's first 20 agencies by level, in portal order, and the way to each level's pages", async () => {
    const directory = await page('/agencies/');

    expect(directory.status).toBe(200);
    expect(directory.text).toContain('<h1>机构目录</h1>');
    expect(directory.text).toContain('<a href="/fusong/">抚松县人民政府政府信息公开专栏</a>');
    expect(directory.text).toContain('政府部门（2 个）');
    expect(directory.text).toContain('乡镇人民政府（61 个）');
    expect(directory.text).toContain('<a href="/lushuihe/">露水河镇人民政府</a>');
    // Its 2 departments, then the first 18 towns (露水河镇 and 17 more).
    expect(directory.text).toContain('<a href="/town-17/">示例第17镇人民政府</a>');
    expect(directory.text).not.toContain('示例第18镇人民政府');
    expect(directory.text.indexOf('政府部门（2 个）')).toBeLessThan(directory.text.indexOf('乡镇人民政府（61 个）'));
    expect(directory.text).toContain('<a href="/agencies/fusong/town/p1.html">查看全部 61 个乡镇人民政府</a>');
    // The national page metadata and footer, as on every page.
    expect(directory.text).toContain('<meta name="SiteName" content="抚松县人民政府政府信息公开">');
    expect(directory.text).toContain('<meta name="ColumnName" content="机构目录">');
    expect(directory.text).toContain('<a href="/sitemap.html">网站地图</a>');
  });

  it('pages each level 30 agencies at a time, in portal order', async () => {
    const first = await page('/agencies/fusong/town/p1.html');
    const second = await page('/agencies/fusong/town/p2.html');
    const third = await page('/agencies/fusong/town/p3.html');

    expect(first.text).toContain('<a href="/town-29/">示例第29镇人民政府</a>');
    expect(first.text).toContain('<a href="/agencies/fusong/town/p3.html">第 3 页</a>');
    expect(second.text).toContain('示例第30镇人民政府');
    expect(second.text).toContain('示例第59镇人民政府');
    expect(second.text).not.toContain('示例第29镇人民政府');
    expect(second.text).toContain('rel="prev"');
    expect(third.text).toContain('<a href="/town-60/">示例第60镇人民政府</a>');
    expect(third.text).toContain('<span aria-current="page">第 3 页</span>');
    expect(third.text).toContain('<a href="/agencies/">机构目录</a>');
  });

  it("gives the search page's filter each level and each page as JSON, a page at a time", async () => {
    const index = JSON.parse((await page('/agencies/index.json')).text);
    const first = JSON.parse((await page('/agencies/fusong/town/p1.json')).text);

    expect(index).toMatchObject({ id: 'fusong', name: '抚松县人民政府', url: '/fusong/', pageSize: 30 });
    expect(index.levels).toEqual([
      { kind: 'department', label: '政府部门', count: 2, pages: ['/agencies/fusong/department/p1.json'] },
      {
        kind: 'town',
        label: '乡镇人民政府',
        count: 61,
        pages: [1, 2, 3].map((n) => `/agencies/fusong/town/p${n}.json`),
      },
    ]);
    expect(first.agencies).toHaveLength(30);
    expect(first.agencies[0]).toEqual({ id: 'lushuihe', name: '露水河镇人民政府', url: '/lushuihe/' });
  });

  it('names the columns of each directory page in a sitemap part, all of them in one sitemap index', async () => {
    const index = (await page('/sitemaps/agencies.xml')).text;
    const third = (await page('/sitemaps/agencies/fusong/town-3.xml')).text;

    expect(index).toContain(`<loc>${platform.url}/sitemaps/agencies/fusong/town-3.xml</loc>`);
    expect(index).toContain(`<loc>${platform.url}/sitemaps/agencies/fusong/department-1.xml</loc>`);
    expect(third).toContain(`<loc>${platform.url}/town-60/</loc>`);
    expect(third).toContain(`<loc>${platform.url}/town-60/guide.html</loc>`);
    expect(third).not.toContain('/town-59/');
  });

  it('removes a page a level no longer fills', async () => {
    const { putAgency, getAgency } = await import('#store/agencies.ts');
    const { renderFiles } = await import('../../functions/renderer/render.ts');
    const moving = (await getAgency('town-60'))!;
    await putAgency({ ...moving, kind: 'department', name: '抚松县示例局' });

    await renderFiles([{ kind: 'directory', agencyId: 'fusong' }]);

    expect((await page('/agencies/fusong/town/p3.html')).status).toBe(404);
    expect((await page('/agencies/fusong/town/p3.json')).status).toBe(404);
    expect((await page('/sitemaps/agencies.xml')).text).not.toContain('fusong/town-3.xml');
    expect((await page('/agencies/')).text).toContain('政府部门（3 个）');
    await putAgency(moving);
    await renderFiles([{ kind: 'directory', agencyId: 'fusong' }]);
  });
});

describe('the pages every visitor meets', () => {
  it("link to no column but the county's own: the home, the site map and the search page", async () => {
    const [home, siteMap, search] = await Promise.all([page('/'), page('/sitemap.html'), page('/search/')]);

    for (const text of [home.text, siteMap.text, search.text]) {
      expect(text).not.toContain('href="/lushuihe/"');
      expect(text).not.toContain('示例第1镇人民政府');
      expect(text).toContain('href="/agencies/"');
    }
    expect(search.text).not.toContain('露水河镇人民政府');
    expect(siteMap.text).toContain('<a href="/fusong/guide.html">政府信息公开指南</a>');
    // The search page's agency filter is filled from the directory's JSON, never one select of every agency.
    expect(search.text).toContain('<select name="agency" id="agency-choice"><option value="">全部</option></select>');
    expect(search.text).toContain('<select name="in" id="agency-scope">');
  });

  it("link an agency's column to its parent, and a government's to the agencies under it", async () => {
    expect((await page('/lushuihe/')).text).toContain('上级机关：<a href="/fusong/">抚松县人民政府</a>');
    expect((await page('/fusong/')).text).toContain('<a href="/agencies/">下属机关</a>');
  });
});

describe('a table whose agencies were stored before the directory index', () => {
  it("still frames every page with the top government's name", async () => {
    const [{ UpdateCommand }, { db, tableName }, keys, { renderFiles }] = await Promise.all([
      import('@aws-sdk/lib-dynamodb'),
      import('#lib/dynamo.ts'),
      import('#store/keys.ts'),
      import('../../functions/renderer/render.ts'),
    ]);
    const placed = await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.agency('fusong'),
        UpdateExpression: 'REMOVE gsi2pk, gsi2sk',
        ReturnValues: 'ALL_OLD',
      }),
    );

    await renderFiles([{ kind: 'home' }]);

    expect((await page('/')).text).toContain('<title>政府信息公开-抚松县人民政府</title>');
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.agency('fusong'),
        UpdateExpression: 'SET gsi2pk = :pk, gsi2sk = :sk',
        ExpressionAttributeValues: { ':pk': placed.Attributes!.gsi2pk, ':sk': placed.Attributes!.gsi2sk },
      }),
    );
  });
});

describe('what the renderer rewrites', () => {
  it('for a publication: its item, listings, feeds and home, and nothing that lists the agencies', async () => {
    const since = new Date().toISOString();
    const staff = publisher(platform.url);

    const published = await staff.publish(publicationContent({ title: '目录测试：一项公开' }));
    await siteSettled();

    const put = await putSince(since);
    expect(put).toContain(`lushuihe/items/${published.id}.html`);
    expect(put).toContain('index.html');
    expect(
      put.filter((key) => /^agencies\/|^sitemaps\/agencies|^sitemap\.html$|^search\/index\.html$/.test(key)),
    ).toEqual([]);
  });

  it("for a new agency: its parent's directory and its own column, not the home nor the search page", async () => {
    const since = new Date().toISOString();
    const token = await signIn(platform.url, 'fs-admin');

    const created = await staffCall(platform.url, token, 'POST', '/api/staff/agencies', {
      id: 'xinzhen',
      name: '新镇人民政府',
      kind: 'town',
      parentId: 'fusong',
      order: 900,
      code: 'XZ',
      acceptsApplications: true,
      contact: {
        address: '抚松县新镇中心街 1 号',
        postcode: '134500',
        phone: '0439-6230000',
        fax: '0439-6230001',
        email: 'xz@fusong.example.gov.cn',
        officeHours: '工作日 8:30—17:00',
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await siteSettled();

    const put = await putSince(since);
    expect(put).toEqual(
      expect.arrayContaining(['agencies/index.html', 'agencies/fusong/town/p3.html', 'xinzhen/index.html']),
    );
    expect(put).not.toContain('index.html');
    expect(put).not.toContain('search/index.html');
    expect(put).not.toContain('sitemap.html');
    expect((await page('/agencies/fusong/town/p3.html')).text).toContain('<a href="/xinzhen/">新镇人民政府</a>');
  });
});

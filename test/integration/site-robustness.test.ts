/**
 * The public site under hostile input, at size, with attachments and late publications: pages stay
 * inert, one publication writes the same files at 10 and 2,000 items, attachments follow the item.
 */
import { randomUUID } from 'node:crypto';
import { Parser } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicationContent, publishAndRender, publisher, seedCatalogue } from '../support/publications.ts';
import { startTestPlatform } from '../support/platform.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let staff: ReturnType<typeof publisher>;
beforeAll(async () => {
  platform = await startTestPlatform();
  staff = publisher(platform.url);
});
afterAll(() => platform?.stop());

const text = async (path: string) => (await fetch(`${platform.url}${path}`)).text();

/** What a browser would build from the markup: every element with its attributes (text is inert). */
function elements(markup: string, xml = false) {
  const found: { name: string; attributes: Record<string, string> }[] = [];
  const parser = new Parser(
    { onopentag: (name, attributes) => found.push({ name, attributes }) },
    { xmlMode: xml, decodeEntities: true },
  );
  parser.write(markup);
  parser.end();
  return found;
}

/** No script-capable element, no event handler, no script URL. */
function expectInert(markup: string, where: string, xml = false) {
  for (const { name, attributes } of elements(markup, xml)) {
    expect(['script', 'img', 'svg', 'iframe', 'style', 'object', 'embed', 'x'], `${where}: <${name}>`).not.toContain(
      name.toLowerCase(),
    );
    for (const [attribute, value] of Object.entries(attributes)) {
      expect(attribute.toLowerCase().startsWith('on'), `${where}: <${name} ${attribute}>`).toBe(false);
      if (['href', 'src', 'action'].includes(attribute))
        expect(value.trim().toLowerCase().startsWith('javascript:'), `${where}: ${attribute}=${value}`).toBe(false);
    }
  }
}

const corpus = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  'javascript:alert(1)',
  '</title><script>alert(document.cookie)</script>',
  '<iframe src="https://evil.example"></iframe>',
  '<a href="javascript:alert(1)">点我</a>',
  '{{constructor.constructor("alert(1)")()}}',
  '<style>body{display:none}</style>',
  ']]><x onclick="alert(1)">',
  '=HYPERLINK("http://evil.example","点我")',
];

describe('hostile input', () => {
  it('renders every field of every page inert', async () => {
    const hostile = corpus.join(' ');
    const published = await staff.publish(
      publicationContent({
        title: `恶意标题 ${hostile}`.slice(0, 200),
        documentNumber: corpus[1]!.slice(0, 50),
        summary: hostile,
        bodyHtml: `<p>正文</p>${hostile}<p onclick="alert(1)">段落</p>`,
      }),
    );
    const pages = [
      `/lushuihe/items/${published.id}.html`,
      '/lushuihe/latest/',
      '/lushuihe/finance/',
      '/latest/',
      '/',
      '/lushuihe/latest/p1.html',
    ];
    for (const path of pages) {
      const page = await text(path);
      expectInert(page, path);
      expect(page, path).toContain('恶意标题');
    }
    for (const path of ['/lushuihe/feed.xml', '/feed.xml', '/sitemaps/1.xml'])
      expectInert(await text(path), path, true);
    const data = JSON.parse(await text('/data/catalogue-1.json'));
    expect(data.find((d: { indexNumber: string }) => d.indexNumber === published.indexNumber).summary).not.toContain(
      '<',
    );
    const csv = await text('/data/catalogue-1.csv');
    expect(csv).not.toMatch(/(^|,)"=HYPERLINK/m);
  });

  it("keeps the body's allowed structure and drops the rest before storing it", async () => {
    const created = await staff.call(
      'handler',
      'POST',
      '/api/staff/publications',
      publicationContent({
        bodyHtml:
          '<h3>一、基本情况</h3><p><strong>重点</strong><a href="https://example.gov.cn/x">链接</a><a href="javascript:alert(1)">坏</a></p><img src=x onerror=alert(1)><script>alert(1)</script>',
      }),
    );
    const { body } = await staff.call('handler', 'GET', `/api/staff/publications/${created.body.id}`);
    expect(body.item.content.bodyHtml).toBe(
      '<h3>一、基本情况</h3><p><strong>重点</strong><a href="https://example.gov.cn/x" rel="noopener noreferrer">链接</a><a rel="noopener noreferrer">坏</a></p>',
    );
  });
});

describe('what one publication writes', () => {
  it('is the same number of files with 100 and with 2,000 items already published', async () => {
    await seedCatalogue(100);
    const small = await publishAndRender(platform, staff);
    await seedCatalogue(2000, 'lushuihe', 'finance', 102);
    const { item: large, site } = await publishAndRender(platform, staff);
    const next = await publishAndRender(platform, staff);

    expect(small.site).toMatchObject({ state: 'done', tasks: 1 });
    expect(site.written).toBe(small.site.written);
    // Items 101 and 2,001 each opened a sitemap and open-data part, whose indexes (the sitemap's,
    // with its part of static pages, and the data's) and robots.txt were rewritten; item 2,002 did not.
    expect(next.site.written).toBe(site.written - 4);
    // 2,001 items: the new one is on page 101 of each listing and in sitemap/data part 21.
    expect(await text('/lushuihe/finance/p101.html')).toContain(large.id);
    expect(await text('/sitemap.xml')).toContain('sitemaps/21.xml');
    expect(await text('/sitemaps/21.xml')).toContain(large.id);
    expect(await text('/lushuihe/finance/')).toContain('第 101 页');
  });

  it('opens a second sitemap index and open-data index at 10,001 items, named by robots.txt and the first data index', async () => {
    await seedCatalogue(10_000, 'lushuihe', 'finance', 2_003);
    const { item, site } = await publishAndRender(platform, staff);

    expect(site).toMatchObject({ state: 'done', tasks: 1 });
    const robots = await text('/robots.txt');
    expect(robots).toContain(`Sitemap: ${platform.url}/sitemap.xml`);
    expect(robots).toContain(`Sitemap: ${platform.url}/sitemaps/index-2.xml`);
    const second = await text('/sitemaps/index-2.xml');
    expect(second).toContain(`${platform.url}/sitemaps/101.xml`);
    expect(second).not.toContain('sitemaps/100.xml');
    expect(await text('/sitemaps/101.xml')).toContain(item.id);
    const data = JSON.parse(await text('/data/index.json'));
    expect(data.files).toHaveLength(100);
    expect(data.more).toEqual([`${platform.url}/data/index-2.json`]);
    expect(JSON.parse(await text('/data/index-2.json')).files).toEqual([
      expect.objectContaining({ items: '10001-10100' }),
    ]);
  });
});

describe('attachments', () => {
  const upload = (fileName: string, contentType: string, bytes: Uint8Array) =>
    staff.upload(fileName, contentType, bytes);

  const docx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]);

  it('are checked, published beside the item, linked from its page, and removed with it', async () => {
    const wrong = await upload('预算表.pdf', 'application/pdf', docx);
    const refused = await staff.call(
      'handler',
      'POST',
      '/api/staff/publications',
      publicationContent({ attachments: [wrong] }),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0]).toMatchObject({ field: 'body.attachments' });

    const good = await upload(
      '2026年预算表.docx',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      docx,
    );
    const published = await staff.publish(publicationContent({ attachments: [good] }));
    // An upload is used once: the same id in a second item is refused, as a missing upload is.
    const reused = await staff.call(
      'handler',
      'POST',
      '/api/staff/publications',
      publicationContent({ attachments: [good] }),
    );
    expect(reused.status).toBe(400);
    expect(reused.body.message).toContain('附件：有附件未上传成功或已过期');
    // The address is made of ids and the type's extension; the name travels in Content-Disposition.
    const path = `/lushuihe/files/${published.id}/${good}.docx`;
    const page = await text(`/lushuihe/items/${published.id}.html`);
    expect(page).toContain(`href="${path}"`);
    expect(page).toContain('2026年预算表.docx</a>');
    const file = await fetch(`${platform.url}${path}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe(
      `attachment; filename="2026____.docx"; filename*=UTF-8''${encodeURIComponent('2026年预算表.docx')}`,
    );
    expect(new Uint8Array(await file.arrayBuffer()).slice(0, 4)).toEqual(docx.slice(0, 4));

    await staff.step(published.id, published.version, { type: 'withdraw', reason: '附件有误' }, 'reviewer');
    expect((await fetch(`${platform.url}${path}`)).status).toBe(404);
  });

  it('open for the reviewer before approval: a PDF in the tab, other types as a download, only within the agency', async () => {
    const pdfBytes = new TextEncoder().encode('%PDF-1.7\n%review\n');
    const table = await upload('2026年预算表.pdf', 'application/pdf', pdfBytes);
    const sheet = await upload(
      '2026年预算明细.docx',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      docx,
    );
    const created = await staff.call(
      'handler',
      'POST',
      '/api/staff/publications',
      publicationContent({ attachments: [table, sheet] }),
    );
    await staff.step(created.body.id, created.body.version, { type: 'submit' });
    const link = (id: string, role = 'reviewer', who = staff) =>
      who.call(role, 'GET', `/api/staff/publications/${created.body.id}/attachments/${id}`);

    const shown = await link(table);
    expect(shown).toMatchObject({ status: 200, body: { inline: true } });
    const opened = await fetch(shown.body.url);
    expect(opened.status).toBe(200);
    expect(opened.headers.get('content-type')).toBe('application/pdf');
    expect(opened.headers.get('content-disposition')).toBe(
      `inline; filename*=UTF-8''${encodeURIComponent('2026年预算表.pdf')}`,
    );
    expect(new Uint8Array(await opened.arrayBuffer())).toEqual(pdfBytes);
    const downloaded = await link(sheet);
    expect(downloaded.body.inline).toBe(false);
    expect((await fetch(downloaded.body.url)).headers.get('content-disposition')).toMatch(/^attachment; /);

    // Another agency's reviewer, and an id the item does not have, find nothing.
    expect((await link(table, 'reviewer', publisher(platform.url, 'czj'))).status).toBe(404);
    expect((await link(randomUUID())).status).toBe(404);
    expect((await link('../../etc')).status).toBe(400);
  });

  it('named to climb out of its folder are kept under their ids: the county home page and every other page stay as they were', async () => {
    const docx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 9, 9, 9, 9]);
    const before = await text('/index.html');
    const sneaky = await upload(
      '../../../../index.html',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      docx,
    );
    const published = await staff.publish(publicationContent({ attachments: [sneaky] }));

    expect(await text('/index.html')).not.toContain('PK'); // the home page is still a page
    expect((await text('/index.html')).slice(0, 15)).toBe(before.slice(0, 15));
    const file = await fetch(`${platform.url}/lushuihe/files/${published.id}/${sneaky}.docx`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('../../../../index.html')}`,
    );
  });
});

describe('late publication (条例26)', () => {
  it('flags and counts an item published more than 20 working days after it was made', async () => {
    const late = await staff.publish(publicationContent({ writtenOn: '2026-09-01' }));
    const { body } = await staff.call('handler', 'GET', `/api/staff/publications/${late.id}`);
    expect(body.late).toBe(true);
    expect(body.item.published.lateText).toContain('超过条例第二十六条规定的 20 个工作日');
    const list = await staff.call('reviewer', 'GET', '/api/staff/publications');
    expect(list.body.late).toBeGreaterThanOrEqual(1);
    const { getStats } = await import('#store/stats.ts');
    const stats = await getStats('lushuihe', 2026);
    expect(stats.published_late).toBe(list.body.late);
    expect(stats.published_total).toBeGreaterThan(stats.published_late!);
  });
});

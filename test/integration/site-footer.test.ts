/**
 * The site's footer (主办单位, 网站标识码, 备案号): the demo county starts with one, its values marked as
 * made up; saving the footer's fields in 机构管理 rewrites every page that carries them, with no
 * manual 重新生成网站: the county's on every page of the site (a rebuild the site's status waits
 * for), a town's own on its column's pages and no one else's. Over real sockets, DynamoDB Local
 * and s3rver.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicationContent, publisher } from '../support/publications.ts';
import { siteSettled, startTestPlatform } from '../support/platform.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());

const page = async (path: string) => (await fetch(`${platform.url}${path}`)).text();

/** 机构管理's save of an agency's footer fields, by the county's administrator. */
async function saveFooter(agencyId: string, site: Record<string, string>) {
  const admin = publisher(platform.url, 'fs');
  const { body: list } = await admin.call('admin', 'GET', '/api/staff/agencies');
  const { id, kindLabel: _k, ...agency } = list.agencies.find((a: { id: string }) => a.id === agencyId);
  const saved = await admin.call('admin', 'PUT', `/api/staff/agencies/${id}`, { ...agency, site });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  return admin;
}

/** The site's status as the console follows it, until it says the site is up to date. */
async function upToDate(admin: ReturnType<typeof publisher>) {
  await expect
    .poll(async () => (await admin.call('admin', 'GET', '/api/staff/site/status')).body.upToDate, {
      timeout: 90_000,
      interval: 200,
    })
    .toBe(true);
}

describe("the site's footer", () => {
  it("shows the demo county's footer from the first start, its values marked as made up", async () => {
    // The first start's pages: the town's 2017 report, seeded as published.
    await siteSettled();
    const home = await page('/lushuihe/reports/2017/');
    expect(home).toContain('主办单位：抚松县人民政府办公室（演示数据）');
    expect(home).toContain('承办单位：抚松县政务服务和数字化建设管理局（演示数据）');
    expect(home).toContain('网站标识码：0000000000');
    expect(home).toContain('<a href="https://beian.miit.gov.cn/">吉ICP备00000000号（演示数据）</a>');
    expect(home).toContain('吉公网安备00000000000000号（演示数据）');
    expect(home).toContain('<meta name="SiteIDCode" content="0000000000">');
  });

  it("rewrites every page that carries the county's footer once it is saved, with no rebuild asked for", async () => {
    const town = publisher(platform.url, 'lsh');
    const item = await town.publish(publicationContent({ title: '露水河镇页脚更新测试' }));
    expect(await page(`/lushuihe/items/${item.id}.html`)).toContain('网站标识码：0000000000');

    const admin = await saveFooter('fusong', {
      sponsor: '抚松县人民政府办公室',
      organiser: '抚松县政务服务和数字化建设管理局',
      siteCode: '2206210001',
      icp: '吉ICP备05000001号',
      police: '',
    });
    // The whole site is rewritten in the background: the status says so until it is done.
    const status = await admin.call('admin', 'GET', '/api/staff/site/status');
    expect(status.body.upToDate).toBe(false);
    await upToDate(admin);

    for (const path of [`/lushuihe/items/${item.id}.html`, '/lushuihe/latest/', '/lushuihe/', '/statement.html', '/']) {
      const text = await page(path);
      expect(text, path).toContain('主办单位：抚松县人民政府办公室</span>');
      expect(text, path).toContain('网站标识码：2206210001');
      expect(text, path).toContain('<meta name="SiteIDCode" content="2206210001">');
      expect(text, path).not.toContain('演示数据');
    }
  });

  it("rewrites a town's column when the town's own footer fields are saved, and no other agency's pages", async () => {
    const town = publisher(platform.url, 'lsh');
    const own = await town.publish(publicationContent({ title: '露水河镇本机关页脚测试' }));
    const other = await publisher(platform.url, 'czj').publish(
      publicationContent({ title: '抚松县财政局页脚测试', documentNumber: '抚财发〔2026〕1号' }),
    );

    const admin = await saveFooter('lushuihe', { sponsor: '露水河镇党政综合办公室' });
    await siteSettled();
    await upToDate(admin);

    for (const path of [`/lushuihe/items/${own.id}.html`, '/lushuihe/latest/', '/lushuihe/finance/', '/lushuihe/'])
      expect(await page(path), path).toContain('主办单位：露水河镇党政综合办公室');
    const elsewhere = await page(`/fusong-czj/items/${other.id}.html`);
    expect(elsewhere).not.toContain('露水河镇党政综合办公室');
    expect(elsewhere).toContain('主办单位：抚松县人民政府办公室</span>');
  });
});

/**
 * Journey 11: the moments that stopped citizens (issue 44), walked again on a phone and a desk, with
 * script and without: identity numbers as people type them, every error in one answer, Back after a
 * failed post, files checked on choosing, the minimum filling time once per form, the printable
 * 申请表 on A4, 先查后申 under the title, addresses typed by hand, the site map for people.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicationContent, publisher } from '../support/publications.ts';
import { Journey, pastMinimumFillTime, pdf } from '../support/browser.ts';

const journey = new Journey('citizen-moments');
beforeAll(() => journey.start());
afterAll(() => journey.stop());

const receiptHeading = (page: Page) => page.getByRole('heading', { name: '政府信息公开申请接收回执' });

describe('the application form without script', () => {
  it('names every error at once, takes a lower-case x, keeps the first start token, and Back meets no resubmission', async () => {
    const citizen = await journey.open('phone', { javaScript: false });
    await citizen.goto(journey.url('/apply?agency=lushuihe'));
    const openedAt = Date.now();
    const person = citizen.locator('fieldset[data-applicant="person"]');
    await person.getByLabel('姓名').fill('刘桂芝');
    await person.getByLabel('证件类型').selectOption('resident');
    // A wrong check digit, typed in groups; and the phone forgotten.
    await person.getByLabel('证件号码').fill('110105 19491231 0021');
    await citizen.getByLabel('所需信息的名称').fill('露水河镇 2026 年村级公益事业一事一议财政奖补项目');
    await citizen.getByLabel('提供的载体形式').selectOption('paper');
    await citizen.getByLabel('获取信息的方式').selectOption('pickup');
    await pastMinimumFillTime(openedAt);
    await citizen.getByRole('button', { name: '提交申请' }).click();

    // One answer names both: the phone and the ID number.
    const summary = citizen.locator('#error-summary');
    await summary.waitFor();
    expect(await summary.locator('li').allTextContents()).toEqual([
      expect.stringContaining('证件号码：不是有效的居民身份证号码'),
      expect.stringContaining('联系电话：请填写'),
    ]);
    // The error page is a GET of the form (Post/Redirect/Get), nothing typed in its address.
    const errorPage = new URL(citizen.url());
    expect(errorPage.pathname).toBe('/apply');
    expect(errorPage.search).toMatch(/^\?draft=[A-Za-z0-9_-]{22}$/);
    expect(await person.getByLabel('姓名').inputValue()).toBe('刘桂芝');
    await journey.check(citizen, 'no-script-errors-at-once');

    // Corrected at once, well within three seconds of the error page: taken, with a lower-case x.
    await person.getByLabel('证件号码').fill('110105 19491231 002x');
    await person.getByLabel('联系电话').fill('13904391234');
    await citizen.getByRole('button', { name: '提交申请' }).click();
    await receiptHeading(citizen).waitFor();
    await journey.check(citizen, 'no-script-receipt');

    // Back from the receipt: the form as it was sent back, not 「确认重新提交表单」.
    await citizen.goBack();
    expect(new URL(citizen.url()).pathname).toBe('/apply');
    await citizen.getByRole('heading', { level: 1, name: '政府信息公开申请' }).waitFor();
    expect(await person.getByLabel('姓名').inputValue()).toBe('刘桂芝');
  });
});

describe('the application form with script', () => {
  it('checks a file when it is chosen, and says what is wrong next to the field, as an error', async () => {
    const citizen = await journey.open('desktop');
    await citizen.goto(journey.url('/apply'));
    const identity = citizen.getByLabel('身份证明');
    const error = citizen.locator('#f-upload-identity-error');

    await identity.setInputFiles({
      name: '身份证.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: Buffer.from('PK not a pdf'),
    });
    await error.waitFor();
    expect(await error.textContent()).toContain('「身份证.docx」不是 PDF、JPEG 或 PNG 文件');
    expect(await error.getAttribute('class')).toBe('field-error');
    expect(await identity.getAttribute('aria-invalid')).toBe('true');
    expect(await identity.getAttribute('aria-describedby')).toContain('f-upload-identity-error');
    // Next to its field, not in the progress line above the button.
    expect(await citizen.locator('.field.invalid').filter({ has: identity }).count()).toBe(1);
    expect(await citizen.locator('[role="status"]').filter({ hasText: '身份证.docx' }).count()).toBe(0);
    await journey.check(citizen, 'upload-wrong-type');

    await identity.setInputFiles({
      name: '扫描件.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.alloc(10 * 1024 * 1024 + 1),
    });
    await expect.poll(() => error.textContent()).toContain('「扫描件.pdf」超过 10 MB');

    await identity.setInputFiles({ name: '身份证.pdf', mimeType: 'application/pdf', buffer: pdf('identity') });
    await expect.poll(() => error.count()).toBe(0);
    expect(await identity.getAttribute('aria-invalid')).toBeNull();
  });

  it('offers what is already published right under the title being typed, in view on a phone', async () => {
    const stamp = Date.now().toString(36);
    const staff = publisher(journey.baseUrl);
    const title = `露水河镇农村公路养护资金使用情况（${stamp}）`;
    const item = await staff.publish(publicationContent({ title }), { settle: false });
    await expect
      .poll(async () => (await fetch(journey.url(`/lushuihe/items/${item.id}.html`))).status, { timeout: 30_000 })
      .toBe(200);

    const citizen = await journey.open('phone');
    await citizen.goto(journey.url('/apply?agency=lushuihe'));
    const typed = citizen.getByLabel('所需信息的名称');
    await typed.fill(`农村公路养护资金使用情况 ${stamp}`);
    const matches = citizen.locator('.published-matches');
    await matches.getByRole('link', { name: title }).waitFor({ timeout: 15_000 });

    const field = (await typed.boundingBox())!;
    const box = (await matches.boundingBox())!;
    // Just below the title's field (its own hint and error apart), not below the description.
    expect(box.y - (field.y + field.height)).toBeGreaterThanOrEqual(0);
    expect(box.y - (field.y + field.height)).toBeLessThan(40);
    // With the title where a phone puts the field being typed in (mid-screen), the list's heading is in view too.
    await typed.evaluate((input) => input.scrollIntoView({ block: 'center' }));
    const inView = await matches
      .locator('h2')
      .evaluate((heading) => heading.getBoundingClientRect().bottom <= window.innerHeight);
    expect(inView).toBe(true);
    await journey.check(citizen, 'published-matches-under-title');
  });
});

describe('the printable 申请表', () => {
  it('prints on one A4 sheet with room to write in each box, each group spanning its own rows', async () => {
    const citizen = await journey.open('desktop');
    await citizen.goto(journey.url('/apply-form.html'));
    await journey.check(citizen, 'application-sheet');
    await citizen.emulateMedia({ media: 'print' });
    // A4 less the page's 20 mm margins: 170 mm of width at 96 px an inch.
    await citizen.setViewportSize({ width: 643, height: 971 });

    const layout = await citizen.evaluate(() => {
      const mm = (px: number) => Math.round((px * 25.4) / 96);
      const valueBox = (label: string) => {
        const th = Array.from(document.querySelectorAll('.sheet-table th[scope="row"]')).find(
          (cell) => cell.textContent === label,
        );
        const box = th?.nextElementSibling?.getBoundingClientRect();
        return box ? { label, width: mm(box.width), height: mm(box.height) } : { label, width: 0, height: 0 };
      };
      const groups = Array.from(document.querySelectorAll('.sheet-table tbody')).flatMap((body) => {
        const heading = body.querySelector('th.group[scope="rowgroup"]');
        if (!heading) return [];
        const span = heading.getBoundingClientRect();
        const rows = Array.from(body.querySelectorAll('tr')).map((row) => row.getBoundingClientRect());
        return [
          {
            group: heading.textContent,
            rows: rows.length,
            outside: rows.filter((r) => r.top < span.top - 1 || r.bottom > span.bottom + 1).length,
          },
        ];
      });
      return {
        boxes: ['姓名', '证件号码', '名称', '统一社会信用代码', '联系电话'].map(valueBox),
        description: valueBox('特征性描述'),
        groups,
      };
    });

    for (const box of layout.boxes) {
      expect(box.width, `${box.label}: room to write`).toBeGreaterThanOrEqual(45);
      expect(box.height, `${box.label}: a line to write on`).toBeGreaterThanOrEqual(8);
    }
    expect(layout.description.height).toBeGreaterThanOrEqual(25);
    expect(layout.groups.map((g) => [g.group, g.rows, g.outside])).toEqual([
      ['申请人信息（公民）', 4, 0],
      ['申请人信息（法人或其他组织）', 4, 0],
      ['所需信息', 4, 0],
      ['提供方式', 2, 0],
    ]);

    const printed = await citizen.pdf({ format: 'A4', path: journey.artefact('application-sheet.pdf') });
    expect(printed.toString('latin1').match(/\/Type\s*\/Page\b/g)).toHaveLength(1);
  });
});

describe('addresses typed by hand, and the site map', () => {
  it('answers each address with the slash and without, and every page describes itself', async () => {
    const citizen = await journey.open('phone', { javaScript: false });
    for (const [path, heading] of [
      ['/apply/', '政府信息公开申请'],
      ['/search', '信息检索'],
      ['/search/', '信息检索'],
      ['/latest', '最新公开'],
      ['/lushuihe', '政府信息公开专栏'],
      ['/lushuihe/', '政府信息公开专栏'],
      ['/agencies', '机构目录'],
    ] as const) {
      const response = await citizen.goto(journey.url(path));
      expect(response?.status(), path).toBe(200);
      await citizen.getByRole('heading', { level: 1, name: heading }).waitFor();
      expect(await citizen.locator('meta[name="description"]').getAttribute('content'), path).toMatch(/\S{8}/);
    }
  });

  it('opens an HTML site map from the footer, and keeps the XML one for search engines', async () => {
    const citizen = await journey.open('desktop');
    await citizen.goto(journey.url('/'));
    await citizen.getByRole('contentinfo').getByRole('link', { name: '网站地图' }).click();
    await citizen.getByRole('heading', { level: 1, name: '网站地图' }).waitFor();
    expect(new URL(citizen.url()).pathname).toBe('/sitemap.html');
    // The county's own column with its sections, and 机构目录 for every other column.
    const columns = citizen.getByRole('region', { name: '政府信息公开专栏' });
    await columns.getByRole('link', { name: '抚松县人民政府', exact: true }).waitFor();
    expect(await columns.getByRole('link', { name: '政府信息公开指南' }).count()).toBe(1);
    expect(await citizen.getByRole('link', { name: 'XML 网站地图' }).getAttribute('href')).toBe('/sitemap.xml');
    await journey.check(citizen, 'site-map');
    await columns.getByRole('link', { name: '机构目录' }).click();
    await citizen.getByRole('heading', { level: 1, name: '机构目录' }).waitFor();
    await citizen.getByRole('link', { name: '露水河镇人民政府', exact: true }).waitFor();
    await journey.check(citizen, 'directory');

    const xml = await fetch(journey.url('/sitemap.xml'));
    expect(xml.status).toBe(200);
    expect(await xml.text()).toContain('<sitemapindex');
  });
});

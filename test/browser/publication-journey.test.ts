/**
 * Journey 2: a handler of 抚松县财政局 drafts an item with an attachment, a reviewer approves it,
 * and the public site shows it in its category listing, the feed and search; the item is then
 * withdrawn and is gone from all three.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey, pdf } from '../support/browser.ts';

const journey = new Journey('publication');
beforeAll(() => journey.start());
afterAll(() => journey.stop());

async function searchFor(page: Page, words: string) {
  await page.goto(journey.url('/search/'));
  await page.getByLabel('检索词').fill(words);
  await page.getByRole('button', { name: '检索' }).click();
  await expect.poll(() => page.locator('#search-status').textContent()).not.toMatch(/^(正在检索…)?$/);
}

describe('an item of 主动公开 from draft to the public site and back out', () => {
  it('is drafted with an attachment, approved, listed, in the feed and found; withdrawn, it is gone', async () => {
    const stamp = Date.now().toString(36).toUpperCase();
    const title = `抚松县财政局关于2026年度县级部门预算公开情况的说明（${stamp}）`;
    const number = `抚财预〔2026〕${stamp}号`;

    // The handler drafts the item.
    const editor = await journey.open('desktop');
    await journey.signInToConsole(editor, 'czj-handler', '主动公开');
    await editor.getByRole('heading', { level: 1, name: '主动公开' }).waitFor();
    await journey.check(editor, 'console-publications');
    await editor.getByRole('link', { name: '新建信息' }).click();
    await editor.getByRole('heading', { level: 1, name: '新建信息' }).waitFor();
    await editor.getByLabel('名称').fill(title);
    await editor.getByLabel('信息类别').selectOption('finance');
    await editor.getByLabel('主题分类').selectOption({ index: 1 });
    await editor.getByLabel(/^文号/).fill(number);
    await editor.getByLabel('内容概述').fill('公开县级部门预算编制、执行和“三公”经费安排情况。');
    const body = editor.getByRole('textbox', { name: '正文' });
    await body.click();
    await editor.keyboard.type('一、预算编制情况');
    await editor.getByRole('toolbar', { name: '正文格式' }).getByRole('button', { name: '小标题' }).click();
    await editor.keyboard.press('End');
    await editor.keyboard.press('Enter');
    await editor.getByRole('toolbar', { name: '正文格式' }).getByRole('button', { name: '段落' }).click();
    await editor.keyboard.type('全县纳入预算公开范围的部门共 42 个，均已按规定公开。');
    // A table, as 政务公开 documents carry them: a header row, cells by Tab, a row added.
    const format = editor.getByRole('toolbar', { name: '正文格式' });
    expect(await format.getByRole('button', { name: '增加一行' }).isDisabled()).toBe(true);
    await editor.keyboard.press('Enter');
    await format.getByRole('button', { name: '插入表格' }).click();
    const cells = ['部门', '预算（万元）', '公开日期', '县财政局', '1200', '3月1日', '县教育局', '5600', '3月2日'];
    for (const [i, cell] of cells.entries()) {
      if (i) await editor.keyboard.press('Tab'); // Tab in the last cell would add a row
      await editor.keyboard.type(cell);
    }
    expect(await body.locator('tr').count()).toBe(3);
    await format.getByRole('button', { name: '增加一行' }).click();
    expect(await body.locator('tr').count()).toBe(4);
    await editor.keyboard.press('Tab');
    await editor.keyboard.type('合计');
    // A link through the editor's own dialog (no prompt()), its address checked.
    await body.press('Control+End');
    await editor.keyboard.type('预算公开平台：');
    await format.getByRole('button', { name: '链接' }).click();
    const dialog = editor.getByRole('dialog', { name: '链接' });
    await dialog.getByLabel('链接地址').fill('ftp://files.fusong.gov.cn/');
    await dialog.getByRole('button', { name: '确定' }).click();
    expect(await dialog.getByRole('alert').textContent()).toContain('链接地址格式不正确');
    await journey.check(editor, 'console-link-dialog');
    await dialog.getByLabel('链接地址').fill('https://www.fusong.gov.cn/');
    await dialog.getByRole('button', { name: '确定' }).click();
    await body.getByRole('link', { name: 'https://www.fusong.gov.cn/' }).waitFor();
    await editor.getByLabel('添加附件').setInputFiles({
      name: '2026年县级部门预算公开情况统计表.pdf',
      mimeType: 'application/pdf',
      buffer: pdf('budget disclosure table'),
    });
    await journey.check(editor, 'console-new-item');
    await editor.getByRole('button', { name: '保存' }).click();
    await editor.getByRole('heading', { level: 1, name: title }).waitFor();
    await editor.getByRole('button', { name: '提交审核' }).click();
    // The local platform reads the draft's attachment in its own process meanwhile: allow it the time.
    await expect.poll(() => editor.locator('dl.facts').textContent(), { timeout: 15_000 }).toContain('待审核');
    await journey.check(editor, 'console-item-submitted');

    // The reviewer approves it, recording the 保密审查.
    const reviewer = await journey.open('desktop');
    await journey.signInToConsole(reviewer, 'czj-reviewer', '主动公开');
    await reviewer.getByRole('link', { name: title }).click();
    await reviewer.getByRole('heading', { level: 1, name: title }).waitFor();
    // The reviewer reads the body: no toolbar that looks usable, the text marked read-only.
    const readOnly = reviewer.getByRole('textbox', { name: '正文（只读）' });
    expect(await readOnly.getAttribute('aria-readonly')).toBe('true');
    expect(await reviewer.getByRole('toolbar').count()).toBe(0);
    await journey.check(reviewer, 'console-review');
    // The attachment under review opens in a tab of its own, as the PDF it is.
    const [opened] = await Promise.all([
      reviewer.context().waitForEvent('page'),
      reviewer.getByRole('button', { name: '2026年县级部门预算公开情况统计表.pdf' }).click(),
    ]);
    await expect.poll(() => opened!.url()).toContain('X-Amz-Signature');
    await opened!.close();
    // The opinion starts empty and is required: approval is not one click.
    const opinion = reviewer.getByLabel(/保密审查意见/);
    expect(await opinion.inputValue()).toBe('');
    await reviewer.getByRole('button', { name: '审核通过并发布' }).click();
    expect(await opinion.evaluate((field) => (field as HTMLTextAreaElement).validity.valueMissing)).toBe(true);
    await opinion.fill('经审查，正文和附件不涉及国家秘密、工作秘密、商业秘密和个人隐私，同意公开。');
    await reviewer.getByRole('button', { name: '审核通过并发布' }).click();
    await expect.poll(() => reviewer.locator('dl.facts').textContent(), { timeout: 15_000 }).toContain('已发布');
    // The renderer writes the pages after the step answers; the console says when the site has them.
    await reviewer.getByText('公开网站已更新。').waitFor({ timeout: 30_000 });
    const indexNumber = (await reviewer
      .locator('dl.facts .row', { hasText: '索引号' })
      .locator('dd')
      .textContent())!.trim();
    expect(indexNumber).not.toBe('');

    // A citizen on a phone finds it in the category listing, opens it and its attachment.
    const citizen = await journey.open('phone');
    // The portal's home: the county government's own columns first, the government named in the title.
    await citizen.goto(journey.url('/'));
    await journey.check(citizen, 'portal-home');
    expect(await citizen.title()).toBe('政府信息公开-抚松县人民政府');
    const own = citizen.getByRole('navigation', { name: '抚松县人民政府政府信息公开' });
    for (const name of ['政府信息公开指南', '政府信息公开制度', '法定主动公开内容', '政府信息公开年报', '依申请公开'])
      await own.getByRole('link', { name }).waitFor();
    // The other columns are a directory away: 机构目录, by level, a page at a time.
    await citizen.getByRole('link', { name: '进入机构目录' }).click();
    await citizen.getByRole('heading', { level: 1, name: '机构目录' }).waitFor();
    await citizen.getByRole('heading', { name: /^乡镇人民政府（\d+ 个）$/ }).waitFor();
    await journey.check(citizen, 'directory');
    await citizen.goto(journey.url('/'));
    // The footer's 网站声明 and 隐私说明 are pages of the site.
    await citizen.getByRole('contentinfo').getByRole('link', { name: '隐私说明' }).click();
    await citizen.getByRole('heading', { level: 1, name: '隐私说明' }).waitFor();
    await journey.check(citizen, 'privacy');
    // The guide: the 须知, the office's contacts, and the 申请表 for a written application, one A4 sheet.
    await citizen.goto(journey.url('/fusong/guide.html'));
    await citizen.getByRole('heading', { name: '依申请公开须知' }).waitFor();
    expect(await citizen.locator('main').textContent()).toContain('一事一申请');
    await journey.check(citizen, 'guide');
    await citizen
      .getByRole('link', { name: /政府信息公开申请表/ })
      .first()
      .click();
    await citizen.getByRole('heading', { level: 1, name: '政府信息公开申请表' }).waitFor();
    await journey.check(citizen, 'application-sheet');
    const sheet = await journey.open('desktop');
    await sheet.goto(journey.url('/apply-form.html'));
    const printed = await sheet.pdf({ path: journey.artefact('application-sheet.pdf'), format: 'A4' });
    expect(printed.toString('latin1').match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1);
    await citizen.goto(journey.url('/fusong-czj/'));
    // The agency's own column home lists what it just published.
    await citizen.getByRole('link', { name: title }).waitFor();
    await journey.check(citizen, 'column');
    await citizen
      .getByRole('link', { name: /^财政预算决算/ })
      .first()
      .click();
    const listed = citizen.getByRole('link', { name: title });
    await listed.waitFor();
    expect(await citizen.locator('main').textContent()).toContain(indexNumber);
    await journey.check(citizen, 'category-listing');
    await listed.click();
    await citizen.getByRole('heading', { level: 1, name: title }).waitFor();
    const page = await citizen.locator('main').textContent();
    expect(page).toContain(number);
    expect(page).toContain('全县纳入预算公开范围的部门共 42 个');
    // The table and the link reach the page as written, without empty paragraphs around them.
    const published = await citizen.locator('main').innerHTML();
    expect(published).toContain('<th><p>预算（万元）</p></th>');
    expect(published).toContain('<td><p>县教育局</p></td>');
    expect(published).toContain('<td><p>合计</p></td><td></td><td></td>');
    expect(published).toContain(
      '<a href="https://www.fusong.gov.cn/" rel="noopener noreferrer">https://www.fusong.gov.cn/</a>',
    );
    expect(published).not.toMatch(/<p>\s*<\/p>/);
    await journey.check(citizen, 'item');
    const itemUrl = citizen.url();
    const attachment = citizen.getByRole('link', { name: /2026年县级部门预算公开情况统计表/ });
    const attachmentUrl = new URL((await attachment.getAttribute('href'))!, itemUrl).href;
    expect((await citizen.request.get(attachmentUrl)).status()).toBe(200);

    // The feed carries it; search finds it by its 文号.
    expect(await (await citizen.request.get(journey.url('/fusong-czj/feed.xml'))).text()).toContain(title);
    await searchFor(citizen, number);
    await citizen.getByRole('link', { name: title }).waitFor();
    await journey.check(citizen, 'search-found');
    // Narrowed to its agency through the directory: a level (政府部门), then the agency, found by name.
    expect(await citizen.getByLabel('机构名称').isVisible()).toBe(false);
    await citizen.getByLabel('层级或地区').selectOption('fusong/department');
    await citizen.getByLabel('机构名称').fill('财政');
    // (The select's name is its label and its chosen option: 机构 全部, 机构 抚松县财政局.)
    const agency = citizen.getByRole('combobox', { name: /^机构/ });
    await agency.selectOption('fusong-czj');
    await journey.check(citizen, 'search-agency-filter');
    await citizen.getByRole('button', { name: '检索' }).click();
    await citizen.getByRole('link', { name: title }).waitFor();
    expect(new URL(citizen.url()).searchParams.get('agency')).toBe('fusong-czj');
    // Back on the results, the filter still shows the level and the agency chosen.
    await expect.poll(() => agency.inputValue()).toBe('fusong-czj');
    expect(await citizen.getByLabel('层级或地区').inputValue()).toBe('fusong/department');

    // The reviewer withdraws it: page, attachment, listing, feed and search all lose it.
    await reviewer.getByLabel('撤销理由（仅内部留存）').fill('统计表数据有误，更正后重新发布。');
    await reviewer.getByRole('button', { name: '撤销发布' }).click();
    // (On a loaded machine the step's answer has taken more than the poll's default 5 s.)
    await expect.poll(() => reviewer.locator('dl.facts').textContent(), { timeout: 30_000 }).toContain('已撤销');
    await reviewer.getByText('公开网站已更新。').waitFor({ timeout: 30_000 });
    await journey.check(reviewer, 'console-withdrawn');

    const gone = await citizen.goto(itemUrl);
    expect(gone!.status()).toBe(404);
    await citizen.getByRole('heading', { level: 1, name: '页面不存在' }).waitFor();
    await journey.check(citizen, 'item-withdrawn');
    expect((await citizen.request.get(attachmentUrl)).status()).toBe(404);
    await citizen.goto(journey.url('/fusong-czj/finance/'));
    expect(await citizen.locator('main').textContent()).not.toContain(title);
    await journey.check(citizen, 'category-listing-after');
    expect(await (await citizen.request.get(journey.url('/fusong-czj/feed.xml'))).text()).not.toContain(title);
    await searchFor(citizen, number);
    expect(await citizen.locator('#search-results').textContent()).not.toContain(title);
    await journey.check(citizen, 'search-gone');
  });
});

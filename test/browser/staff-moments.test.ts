/**
 * Journey 12: the moments that stopped staff (issue 44, items 10–15), walked again in the console:
 * its head with a long role name at 1366 px and the tab's title, the console without script, a
 * step's note once the next step begins, a new item's category and a table's last cell, the reason
 * for keeping a personal-data finding, the annual report's checks and its overdue mark, the import's
 * templates, and the footer a county's site shows.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey, pastMinimumFillTime } from '../support/browser.ts';

const journey = new Journey('staff-moments');
beforeAll(() => journey.start());
afterAll(() => journey.stop());

/** An API call as a demo account (the local platform's dev token). */
const call = journey.api.bind(journey);

/**
 * Where 退出 is: on the line that says who is signed in, that line unbroken, and both at the head's
 * top beside the platform's name (the views' links below them).
 */
async function accountLine(page: Page) {
  return page.evaluate(() => {
    const across = (a: DOMRect, b: DOMRect) => a.top < b.bottom && a.bottom > b.top;
    const lines = document.getElementById('who')!.getClientRects();
    const out = document.getElementById('signout')!.getBoundingClientRect();
    const brand = document.querySelector('.masthead > a')!.getBoundingClientRect();
    return { whoLines: lines.length, besideWho: across(out, lines[0]!), besideBrand: across(out, brand) };
  });
}

describe("the console's head", () => {
  it('keeps 退出 beside a long role name at 1366 px, and the tab names the view', async () => {
    for (const username of ['lsh-reviewer', 'fs-admin']) {
      const page = await journey.open('desktop');
      await journey.signInToConsole(page, username);
      const who = (await page.locator('#who').textContent()) ?? '';
      if (username === 'lsh-reviewer') expect(who).toContain('审核人（公开工作机构负责人）');
      expect(await accountLine(page), `${username}: ${who}`).toEqual({
        whoLines: 1,
        besideWho: true,
        besideBrand: true,
      });
      expect(await page.title()).toMatch(/^依申请公开办理：.+ - 工作人员平台$/);
      await page.getByRole('navigation', { name: '工作人员' }).getByRole('link', { name: '主动公开' }).click();
      await page.getByRole('heading', { level: 1, name: '主动公开' }).waitFor();
      expect(await page.title()).toBe('主动公开 - 工作人员平台');
      await journey.check(page, `console-head-${username}`);
    }
  });

  it('without script says it needs script, with nothing left 正在加载', async () => {
    const page = await journey.open('desktop', { javaScript: false });
    await page.goto(journey.url('/staff/'));
    // What the page shows is the notice (playwright's text search passes over <noscript>).
    // biome-ignore lint/performance/useDomNodeTextContent: what is rendered, the hidden 正在加载 left out
    expect(await page.locator('main').innerText()).toBe('工作人员平台需要启用浏览器脚本。');
    expect(await page.getByRole('navigation', { name: '工作人员' }).isVisible()).toBe(false);
    await journey.check(page, 'console-no-script');
  });
});

describe('a step done, the next begun', () => {
  it("takes the last step's note away once the next step's form is opened", async () => {
    const citizen = await journey.open('phone');
    await citizen.goto(journey.url('/apply?agency=fusong'));
    const openedAt = Date.now();
    const person = citizen.locator('fieldset[data-applicant="person"]');
    await person.getByLabel('姓名').fill('韩素梅');
    await person.getByLabel('证件类型').selectOption('resident');
    await person.getByLabel('证件号码').fill('11010519491231002X');
    await person.getByLabel('联系电话').fill('13904391234');
    await citizen.getByLabel('所需信息的名称').fill(`抚松县2026年城区供热管网改造工程招标文件（${Date.now()}）`);
    await citizen.getByLabel('提供的载体形式').selectOption('paper');
    await citizen.getByLabel('获取信息的方式').selectOption('pickup');
    await pastMinimumFillTime(openedAt);
    await citizen.getByRole('button', { name: '提交申请' }).click();
    await citizen.getByRole('heading', { name: '政府信息公开申请接收回执' }).waitFor();
    const receiptNumber = (await citizen.locator('dl.facts strong.number').first().textContent())!.trim();

    const handler = await journey.open('desktop');
    await journey.signInToConsole(handler, 'fs-handler');
    await handler.getByRole('link', { name: receiptNumber }).click();
    await handler.getByRole('heading', { level: 1, name: new RegExp(receiptNumber) }).waitFor();
    await handler.locator('summary', { hasText: '确认收到申请' }).click();
    await handler.locator('form[data-action="confirmReceipt"]').getByRole('button', { name: '确认收到申请' }).click();
    const note = handler.getByRole('status').filter({ hasText: '确认收到申请，' });
    await note.waitFor();
    await journey.check(handler, 'console-step-note');

    await handler.locator('summary', { hasText: '内部备注' }).click();
    await expect.poll(() => note.count()).toBe(0);
  });
});

describe('a new item', () => {
  it("starts with no category chosen and no 有效性, and Tab leaves a table's last cell without a row", async () => {
    const handler = await journey.open('desktop');
    await journey.signInToConsole(handler, 'lsh-handler', '主动公开');
    await handler.getByRole('link', { name: '新建信息' }).click();
    const category = handler.getByLabel('信息类别（法定主动公开内容）');
    await category.waitFor();
    expect(await category.inputValue()).toBe('');
    expect(await handler.getByLabel('有效性').isVisible()).toBe(false);
    await category.selectOption({ label: '行政规范性文件（条例第二十条第（一）项）' });
    expect(await handler.getByLabel('有效性').isVisible()).toBe(true);
    await category.selectOption({ label: '财政预算决算（条例第二十条第（七）项）' });
    expect(await handler.getByLabel('有效性').isVisible()).toBe(false);

    // A table: Tab from cell to cell, and out of the last one, never adding a row.
    const editor = handler.getByRole('textbox', { name: '正文' });
    await editor.click();
    await handler.getByRole('button', { name: '插入表格' }).click();
    const rows = editor.locator('tr');
    expect(await rows.count()).toBe(3);
    await editor.locator('tr').last().locator('td').last().click();
    await handler.keyboard.type('合计');
    await handler.keyboard.press('Tab');
    expect(await rows.count()).toBe(3);
    expect(await editor.evaluate((element) => element.contains(document.activeElement))).toBe(false);
    await journey.check(handler, 'console-new-item');
  });
});

describe('keeping a personal-data finding', () => {
  it('asks for the reason in a labelled box with its example in view', async () => {
    const title = `抚松县财政局2026年惠民惠农补贴发放公示（${Date.now().toString(36)}）`;
    const created = await call('czj-handler', 'POST', '/api/staff/publications', {
      title,
      category: 'finance',
      topic: '财政、金融、审计',
      writtenOn: '2026-11-20',
      summary: '公示补贴发放情况。',
      bodyHtml: '<p>联系人：孙立军，手机 13904395678。</p>',
      attachments: [],
    });
    await call('czj-handler', 'POST', `/api/staff/publications/${created.id}/actions`, {
      version: created.version,
      action: { type: 'submit' },
    });
    const reviewer = await journey.open('desktop');
    await journey.signInToConsole(reviewer, 'czj-reviewer', '主动公开');
    await reviewer.getByRole('link', { name: title }).click();
    const check = reviewer.getByRole('region', { name: '个人信息检查' });
    await check.getByText('发现 1 项待审核人处理').waitFor();
    const label = check.locator('label', { hasText: '第 1 项确认公开的理由' });
    expect(await label.isVisible()).toBe(true);
    const reason = check.getByLabel('第 1 项确认公开的理由');
    expect(await reason.getAttribute('placeholder')).toBeNull();
    const example = check.locator(`#${await reason.getAttribute('aria-describedby')}`);
    expect(await example.textContent()).toContain('写明具体情况');
    expect(await example.isVisible()).toBe(true);
    expect(await check.locator('label', { hasText: '第 1 项确认公开的法律依据' }).isVisible()).toBe(true);
    await journey.check(reviewer, 'console-keep-reason');
  });
});

describe('the import', () => {
  it('offers templates of exactly the columns it takes, and names the columns of its errors in Chinese', async () => {
    const handler = await journey.open('desktop');
    await journey.signInToConsole(handler, 'czj-handler', '历史信息导入');
    await handler.getByRole('heading', { level: 1, name: '历史信息导入' }).waitFor();
    const section = handler.getByRole('region', { name: '主动公开信息目录的表格' });
    await section.getByText('各列及填写要求（共 12 列）').click();
    const listed = await section.getByRole('table').locator('tbody th').allTextContents();
    expect(listed).toEqual([
      '名称',
      '信息类别',
      '主题分类',
      '文号',
      '成文日期',
      '发布日期',
      '索引号',
      '有效性',
      '废止日期',
      '内容概述',
      '正文',
      '附件',
    ]);
    await journey.check(handler, 'console-import-columns');

    const save = async (button: string, name: string) => {
      const [download] = await Promise.all([
        handler.waitForEvent('download'),
        section.getByRole('button', { name: button }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(name);
      const path = journey.artefact(name);
      await download.saveAs(path);
      return path;
    };
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await save('下载模板（XLSX，含填写说明）', '主动公开信息目录导入模板.xlsx'));
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['信息目录', '填写说明']);
    expect(workbook.worksheets[0]!.getRow(1).values).toEqual([undefined, ...listed]);
    const csv = readFileSync(await save('下载模板（CSV）', '主动公开信息目录导入模板.csv'), 'utf8');
    expect(csv).toBe(`\uFEFF${listed.join(',')}\r\n`);

    // The template filled in with a date that is none: the error names its column as the sheet does.
    const filled = journey.artefact('catalogue-from-template.csv');
    writeFileSync(
      filled,
      `${csv}抚松县财政局2017年部门预算公开说明,财政预算决算,财政、金融、审计,,2017年13月1日,2017-03-03,,,,公开部门预算。,,\r\n`,
    );
    await handler.getByLabel(/^电子表格/).setInputFiles(filled);
    await handler.getByRole('button', { name: '检查', exact: true }).click();
    await handler.getByText(/检查完成：共 1 行，1 行有错误/).waitFor({ timeout: 30_000 });
    const errors = handler.getByRole('table', { name: /错误/ });
    expect(await errors.locator('tbody td').allTextContents()).toEqual([
      '2',
      '成文日期',
      expect.stringContaining('第 2 行 成文日期：「2017年13月1日」不是有效日期'),
    ]);
    await journey.check(handler, 'console-import-error-columns');

    await handler.getByLabel('导入内容').selectOption('applications');
    const cases = handler.getByRole('region', { name: '在办申请的表格' });
    await cases.getByText('各列及填写要求（共 29 列）').waitFor();
  });
});

describe('the annual report', () => {
  it('checks 一 as its box holds it, marks a 2025 report still 编制中 overdue, and takes each check to its cell', async () => {
    const page = await journey.open('desktop');
    await journey.signInToConsole(page, 'zrzyj-handler', '年度报告');
    await page.getByRole('link', { name: '抚松县自然资源局2025年度报告' }).click();
    await page.getByRole('heading', { level: 1, name: '抚松县自然资源局2025年政府信息公开工作年度报告' }).waitFor();
    // Due 2026-01-31 and not submitted: overdue (it is later than that now).
    const state = page.locator('main > p').filter({ hasText: '期限：2026-01-31' });
    expect(await state.locator('.flag').allTextContents()).toEqual(['编制中', '已逾期']);

    // The box holds the year's draft; the checks speak of that draft, not of an empty box.
    expect(await page.getByLabel('一、总体情况').inputValue()).toContain('（三）政府信息管理。');
    const problems = page.locator('#checks-title + .error-summary');
    const text = await problems.textContent();
    expect(text).toContain('一、总体情况：（三）政府信息管理尚无内容');
    expect(text).not.toContain('一、总体情况：请填写');
    await journey.check(page, 'console-report-checks');

    // Each check takes the focus to its cell.
    await problems.getByRole('button', { name: /^表二“行政处罚”行“本年处理决定数量”/ }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-行政处罚-本年处理决定数量');
    await problems.getByRole('button', { name: /^五、存在的主要问题及改进情况/ }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('s-五');
  });
});

/**
 * Journey 3: 露水河镇's staff compile, edit and submit the town's 2025 annual report; the county's
 * reviewer returns it with comments; the town mends it and submits again; the reviewer approves,
 * and the report is published in the town's 政府信息公开年报 column.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey } from '../support/browser.ts';

const journey = new Journey('annual-report');
beforeAll(() => journey.start());
afterAll(() => journey.stop());

const year = 2025;

async function openReports(page: Page, username: string) {
  await journey.signInToConsole(page, username, '年度报告');
  await page.getByRole('heading', { level: 1, name: '年度报告' }).waitFor();
}

const reportHeading = (page: Page) =>
  page.getByRole('heading', { level: 1, name: `露水河镇人民政府${year}年政府信息公开工作年度报告` });
const figure = (page: Page, row: string) => page.locator(`.figure[data-key^="${row}:"]`);
/** Whether the element is on screen without scrolling. */
const inView = (page: Page, selector: string) =>
  page.locator(selector).evaluate((element) => {
    const { top, bottom } = element.getBoundingClientRect();
    return top >= 0 && bottom <= window.innerHeight;
  });

describe("the town's annual report, from the figures to the public site", () => {
  it('is compiled, checked, submitted, returned, mended, approved and published', async () => {
    // The town's handler opens the year's report: compiled figures, and what is still to enter.
    const town = await journey.open('desktop');
    await openReports(town, 'lsh-handler');
    await town.getByRole('link', { name: `露水河镇人民政府${year}年度报告` }).click();
    await reportHeading(town).waitFor();
    const problems = town.locator('#checks-title + .error-summary');
    await expect.poll(() => problems.textContent()).toContain('五、存在的主要问题及改进情况：请填写');
    expect(await problems.textContent()).toContain('表二“行政许可”行“本年处理决定数量”');
    expect(await town.getByLabel('一、总体情况').inputValue()).not.toBe('');
    await journey.check(town, 'report-to-fill');

    // A figure without its source is named as such, by its cell.
    await figure(town, '行政许可').locator('input[name=value]').fill('12');
    await town.getByRole('button', { name: '保存' }).click();
    // The save's answer and what the checks still find are beside the button, not 3,000 px above it.
    await expect
      .poll(() => town.locator('.save-note .warning').textContent())
      .toMatch(/表二“行政许可”行“本年处理决定数量”[^；。]*请注明数据来源/);
    expect(await inView(town, '.save-note')).toBe(true);
    await journey.check(town, 'report-figure-without-source');

    await reportHeading(town).waitFor();
    await figure(town, '行政许可').locator('input[name=value]').fill('12');
    await figure(town, '行政许可').locator('input[name=source]').fill('吉林省政务服务网统计');
    await figure(town, '行政处罚').locator('input[name=value]').fill('3');
    await figure(town, '行政处罚').locator('input[name=source]').fill('吉林省行政执法监督平台');
    await figure(town, '行政强制').getByLabel('不适用').check();
    await figure(town, '行政事业性收费').locator('input[name=value]').fill('0.35');
    await figure(town, '行政事业性收费').locator('input[name=source]').fill('非税收入收缴管理系统');
    await town
      .getByLabel('五、存在的主要问题及改进情况')
      .fill('一是公开专栏内容更新不够及时；二是依申请公开答复文书有待规范。下一步将建立栏目定期检查制度。');
    // The draft's headings (三)–(五) are not content: the checks named each until written under.
    const overview = town.getByLabel('一、总体情况');
    await overview.fill(
      (await overview.inputValue())
        .replace('（三）政府信息管理。', '（三）政府信息管理。建立信息发布前保密审查和定期清理机制。')
        .replace('（四）政府信息公开平台建设。', '（四）政府信息公开平台建设。镇政府信息公开专栏栏目齐全、及时更新。')
        .replace('（五）监督保障。', '（五）监督保障。全年开展政务公开业务培训 2 次。'),
    );
    await town.getByRole('button', { name: '保存' }).click();
    await town.locator('.save-note').getByRole('status').filter({ hasText: '已保存' }).waitFor();
    expect(await inView(town, '.save-note')).toBe(true);
    expect(await town.locator('.save-note').textContent()).toContain('勾稽关系检查全部通过');
    await town.getByRole('status').filter({ hasText: '全部勾稽关系检查通过' }).waitFor();
    await town.getByRole('button', { name: '显示预览' }).click();
    await town.locator('iframe.report-frame').waitFor();
    await journey.check(town, 'report-ready');
    await town.getByRole('button', { name: '报送县人民政府' }).click();
    await town.getByRole('status').filter({ hasText: '已报送' }).waitFor();

    // The county's reviewer sees it waiting, and returns it with comments.
    const county = await journey.open('desktop');
    await openReports(county, 'fs-reviewer');
    const row = county.getByRole('row', { name: /露水河镇人民政府/ });
    await expect.poll(() => row.textContent()).toContain('待审核');
    await journey.check(county, 'county-overview');
    await row.getByRole('link', { name: '露水河镇人民政府' }).click();
    await reportHeading(county).waitFor();
    await journey.check(county, 'county-review');
    await county.getByLabel('退回意见').fill('第五部分请写明改进措施的完成时限。');
    await county.getByRole('button', { name: '退回修改' }).click();
    await county.getByRole('status').filter({ hasText: '退回' }).waitFor();

    // The town reads the comments, mends section 五 and submits again.
    await town.reload();
    await reportHeading(town).waitFor();
    await expect.poll(() => town.locator('.warning').first().textContent()).toContain('请写明改进措施的完成时限');
    await journey.check(town, 'report-returned');
    await town
      .getByLabel('五、存在的主要问题及改进情况')
      .fill(
        '一是公开专栏内容更新不够及时；二是依申请公开答复文书有待规范。2026 年 6 月底前建立栏目定期检查制度，9 月底前完成答复文书模板修订。',
      );
    await town.getByRole('button', { name: '保存' }).click();
    await town.getByRole('status').filter({ hasText: '已保存' }).waitFor();
    await town.getByRole('status').filter({ hasText: '全部勾稽关系检查通过' }).waitFor();
    await town.getByRole('button', { name: '报送县人民政府' }).click();
    await town.getByRole('status').filter({ hasText: '已报送' }).waitFor();

    // The reviewer approves, which publishes.
    await county.reload();
    await reportHeading(county).waitFor();
    await county.getByRole('button', { name: '审核通过并发布' }).click();
    await county.getByRole('status').filter({ hasText: '已发布' }).waitFor();
    await county.getByText('公开网站已更新。').waitFor({ timeout: 30_000 });
    await journey.check(county, 'county-approved');

    // On the site, on a phone: the column lists the year beside the archived 2017 report.
    const citizen = await journey.open('phone');
    await citizen.goto(journey.url('/lushuihe/reports/'));
    await journey.check(citizen, 'reports-column');
    expect(await citizen.locator('main').textContent()).toContain('2017');
    await citizen
      .getByRole('link', { name: new RegExp(`${year}年`) })
      .first()
      .click();
    await citizen.getByRole('heading', { level: 1, name: new RegExp(`${year}年政府信息公开工作年度报告`) }).waitFor();
    const published = await citizen.locator('main').textContent();
    expect(published).toContain('2026 年 6 月底前建立栏目定期检查制度');
    await journey.check(citizen, 'report-page');
    await citizen.emulateMedia({ media: 'print' });
    await citizen.pdf({ path: journey.artefact('report.pdf'), format: 'A4' });
    await citizen.emulateMedia({ media: 'screen' });
    const json = (await (await citizen.request.get(new URL('report.json', citizen.url()).href)).json()) as {
      table2: Record<string, Record<string, unknown>>;
      sources: Record<string, string>;
    };
    expect(json.sources['table2:行政许可:本年处理决定数量']).toBe('吉林省政务服务网统计');
    expect(json.table2.行政许可!.本年处理决定数量).toBe(12);
    expect((await citizen.request.get(new URL('report.csv', citizen.url()).href)).status()).toBe(200);
  });

  it("lets the county's administrator check the counters against the records, as a job followed to its end", async () => {
    const admin = await journey.open('desktop');
    await journey.signInToConsole(admin, 'fs-admin', '机关设置');
    await admin.getByRole('heading', { level: 2, name: '平台维护' }).waitFor();
    await admin.getByRole('button', { name: '核对年度报告计数' }).click();
    await admin
      .getByRole('status')
      .filter({ hasText: /已完成：核对 \d+ 个机关，计数与记录一致。/ })
      .waitFor({ timeout: 60_000 });
    await journey.check(admin, 'maintenance-recount');
  });
});

/**
 * Journey 6: the county's administrator runs 自查 from the console and reads the report (single-veto
 * items first, each with its page and what to do), changes a threshold, and reads 工作统计 as charts
 * with their tables; a citizen reads the same statistics on the public site without script.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey } from '../support/browser.ts';

const journey = new Journey('oversight');
beforeAll(() => journey.start());
afterAll(() => journey.stop());

describe('自查 and 工作统计', () => {
  it('runs the inspection on demand and shows its report, veto items first', async () => {
    const page = await journey.open('desktop');
    await journey.signInToConsole(page, 'fs-admin', '网站自查');
    await page.getByRole('heading', { level: 1, name: /网站自查报告/ }).waitFor();
    await page.getByRole('button', { name: '立即自查' }).click();
    await page.getByRole('heading', { level: 2, name: /单项否决项（\d+）/ }).waitFor({ timeout: 60_000 });
    const sections = await page.locator('main h2').allTextContents();
    expect(sections[0]).toMatch(/^单项否决项/);
    expect(await page.locator('.finding-rule').first().textContent()).toContain('整改：');
    expect(await page.getByRole('button', { name: '打印自查报告' }).isVisible()).toBe(true);
    await journey.check(page, 'inspection-report');

    await page.getByRole('link', { name: '自查标准' }).click();
    await page.getByRole('heading', { level: 1, name: '自查标准' }).waitFor();
    await page.getByLabel('首页更新期限').fill('21');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('status').filter({ hasText: '已保存' }).waitFor();
    await journey.check(page, 'inspection-settings');
  });

  it('shows the statistics as charts, each beside its table, in the console and on the public site', async () => {
    const page = await journey.open('desktop');
    await journey.signInToConsole(page, 'fs-reviewer', '工作统计');
    await page.getByRole('heading', { level: 1, name: /工作统计：抚松县人民政府（含所属部门、乡镇）/ }).waitFor();
    expect(await page.locator('svg[role=img]').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('table caption').count()).toBeGreaterThanOrEqual(4);
    await page.getByRole('link', { name: '露水河镇人民政府' }).click();
    await page.getByRole('heading', { level: 1, name: '工作统计：露水河镇人民政府' }).waitFor();
    await journey.check(page, 'statistics-console');

    // The sweep writes the public page each day.
    await fetch(`${journey.baseUrl}/api/dev/sweep`, { method: 'POST' });
    await expect
      .poll(async () => (await fetch(`${journey.baseUrl}/statistics/`)).status, { timeout: 30_000 })
      .toBe(200);
    const citizen = await journey.open('phone', { javaScript: false });
    await citizen.goto(`${journey.baseUrl}/statistics/`);
    await citizen.getByRole('heading', { level: 1, name: /政府信息公开工作统计/ }).waitFor();
    expect(await citizen.locator('svg[role=img]').count()).toBeGreaterThanOrEqual(2);
    await citizen.getByRole('link', { name: 'CSV' }).waitFor();
    await journey.check(citizen, 'statistics-site');
  });
});

/**
 * Journey: the county's administrator keeps the working-day calendar in the console (工作日历). A
 * 调休 typed on a Wednesday or a Sunday holiday on its own is asked about, named, before it is saved;
 * and a year not entered is said once, in a banner above every view, with the way to enter it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey } from '../support/browser.ts';

const journey = new Journey('calendar');
beforeAll(() => journey.start());
afterAll(() => journey.stop());

describe('the county keeps the working-day calendar', () => {
  it('asks about a 调休 on a Wednesday and a lone Sunday holiday, and saves them once confirmed', async () => {
    const page = await journey.open('desktop');
    await journey.signInToConsole(page, 'fs-admin', '工作日历');
    await page.getByRole('heading', { level: 1, name: '工作日历' }).waitFor();
    await journey.check(page, 'calendar');

    // 2031 is far from any deadline the other journeys meet.
    await page.getByLabel('年度', { exact: true }).fill('2031');
    await page.getByLabel('年度', { exact: true }).dispatchEvent('change');
    await page.getByLabel(/^依据/).fill('测试：核对日期');
    await page
      .getByLabel(/^放假和调休上班日期/)
      .fill('2031-03-05 上班 调休上班\n2031-03-09 放假 放假\n2031-05-01 放假 劳动节');
    await page.getByRole('button', { name: '保存', exact: true }).click();

    const asked = page.getByRole('alert');
    await asked.getByRole('heading', { name: '请核对以下日期' }).waitFor();
    expect(await asked.getByRole('listitem').allTextContents()).toEqual([
      '2031年3月5日（星期三）本来就是工作日，列为调休上班日不改变任何期限；调休上班日通常是周六或周日，请核对日期',
      '2031年3月9日（星期日）本来就是休息日，且前后没有相连的工作日放假，列为放假日期不改变任何期限；请核对日期',
    ]);
    await journey.check(page, 'calendar-confirm');

    await page.getByRole('button', { name: '核对无误，仍然保存' }).click();
    await page.getByText('已保存 2031 年的工作日历（尚不完整）。').waitFor();
    await journey.check(page, 'calendar-saved');
  });

  it('says once, above every view, that a year is not entered, and links to the calendar', async () => {
    const page = await journey.open('phone');
    // This platform has next year entered (test/support/calendar.ts). What the console shows when it
    // is not is the profile's notice, as the API gives it then (test/integration/calendar.test.ts).
    await page.route('**/api/staff/me', async (route) => {
      const response = await route.fetch();
      const profile = await response.json();
      await route.fulfill({
        response,
        json: {
          ...profile,
          notices: [
            {
              title: '2027 年放假安排尚未录入',
              text: '答复期限、补正期限等凡跨入 2027 年的，目前只能显示为“待定”。国务院办公厅公布 2027 年放假安排后，请在工作日历中录入。',
              href: '#/calendar',
              link: '录入 2027 年放假安排',
            },
          ],
        },
      });
    });
    await journey.signInToConsole(page, 'fs-admin');

    const banner = page.getByRole('complementary', { name: '提醒' });
    await banner.getByText('2027 年放假安排尚未录入').waitFor();
    await journey.check(page, 'banner');
    await banner.getByRole('link', { name: '录入 2027 年放假安排' }).click();
    await page.getByRole('heading', { level: 1, name: '工作日历' }).waitFor();
    expect(await banner.isVisible()).toBe(true);
  });
});

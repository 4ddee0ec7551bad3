/**
 * Journey 4: the application form with the keyboard only, and with JavaScript disabled.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey, pastMinimumFillTime } from '../support/browser.ts';

const journey = new Journey('form-access');
beforeAll(() => journey.start());
afterAll(() => journey.stop());

/** What has the focus: its id (or its text, for links and buttons), and whether the focus is drawn. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    const style = element ? getComputedStyle(element) : null;
    return {
      id: element?.id || element?.textContent?.trim() || element?.tagName || '',
      tag: element?.tagName.toLowerCase() ?? '',
      type: (element as HTMLInputElement | null)?.type ?? '',
      drawn: Boolean(style && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0),
    };
  });

async function tab(page: Page, times = 1) {
  for (let i = 0; i < times; i++) await page.keyboard.press('Tab');
  return focused(page);
}

/** Moves to the next control, which must be the one expected, with its focus drawn. */
async function tabTo(page: Page, id: string) {
  const now = await tab(page);
  expect(now.id, `Tab should reach ${id}`).toBe(id);
  expect(now.drawn, `${id} shows where the focus is`).toBe(true);
}

/** Picks the n-th option of the focused select with the arrow keys, as a keyboard user does. */
async function choose(page: Page, steps: number) {
  for (let i = 0; i < steps; i++) await page.keyboard.press('ArrowDown');
}

describe('the application form with the keyboard only', () => {
  it('is reached past the masthead, fills in field order with the focus always drawn, and shows its errors first', async () => {
    const citizen = await journey.open('desktop');
    await citizen.goto(journey.url('/apply'));
    const openedAt = Date.now();

    // The skip link comes first and takes the focus past the masthead.
    expect((await tab(citizen)).id).toBe('跳到主要内容');
    expect((await focused(citizen)).drawn).toBe(true);
    await journey.check(citizen, 'skip-link');
    await citizen.keyboard.press('Enter');
    await tabTo(citizen, 'f-agencyId');

    // Sent (nearly) empty with Enter from a text field: the summary of errors takes the focus, and
    // each entry leads to its field.
    await tab(citizen, 2);
    expect((await focused(citizen)).id).toBe('f-person-name');
    await pastMinimumFillTime(openedAt);
    await citizen.keyboard.press('Enter');
    await citizen.locator('#error-summary').waitFor();
    expect((await focused(citizen)).id).toBe('error-summary');
    await journey.check(citizen, 'errors');
    const first = await tab(citizen);
    expect([first.tag, first.drawn]).toEqual(['a', true]);
    expect(await citizen.evaluate(() => document.activeElement!.getAttribute('href'))).toBe('#f-agencyId');
    await citizen.keyboard.press('Enter');
    expect((await focused(citizen)).id).toBe('f-agencyId');
    const resentAt = Date.now();

    // Every field in order, from the keyboard.
    await choose(citizen, 4);
    expect(await citizen.locator('#f-agencyId').inputValue()).toBe('lushuihe');
    const radio = await tab(citizen);
    expect([radio.type, radio.drawn]).toEqual(['radio', true]);
    await tabTo(citizen, 'f-person-name');
    await citizen.keyboard.type('赵德胜');
    await tabTo(citizen, 'f-person-idType');
    await choose(citizen, 1);
    expect(await citizen.locator('#f-person-idType').inputValue()).toBe('resident');
    await tabTo(citizen, 'f-person-idNumber');
    await citizen.keyboard.type('11010519491231002X');
    await tabTo(citizen, 'f-person-employer');
    await tabTo(citizen, 'f-person-address');
    await citizen.keyboard.type('抚松县露水河镇新兴街 3 号');
    await tabTo(citizen, 'f-person-postcode');
    await tabTo(citizen, 'f-person-phone');
    await citizen.keyboard.type('13500439876');
    await tabTo(citizen, 'f-person-email');
    // The organisation's fields are set aside for a person: the next stop is the request.
    await tabTo(citizen, 'f-request-title');
    await citizen.keyboard.type('露水河镇 2026 年农村低保资金发放情况');
    await tabTo(citizen, 'f-request-documentNumber');
    await tabTo(citizen, 'f-request-description');
    await citizen.keyboard.type('按月汇总的发放户数和金额。');
    await tabTo(citizen, 'f-delivery-medium');
    await choose(citizen, 1);
    await tabTo(citizen, 'f-delivery-method');
    await choose(citizen, 3);
    expect([
      await citizen.locator('#f-delivery-medium').inputValue(),
      await citizen.locator('#f-delivery-method').inputValue(),
    ]).toEqual(['paper', 'pickup']);
    await tabTo(citizen, 'f-upload-identity');
    await tabTo(citizen, 'f-upload-supporting');
    await tabTo(citizen, '提交申请');
    await journey.check(citizen, 'filled');

    await pastMinimumFillTime(resentAt);
    await citizen.keyboard.press('Enter');
    await citizen.getByRole('heading', { name: '政府信息公开申请接收回执' }).waitFor();
    expect(await citizen.locator('dl.facts').textContent()).toMatch(/LSH-\d{4}-\d{5}/);
    await journey.check(citizen, 'receipt');
  });
});

describe('the application form with JavaScript disabled', () => {
  it('applies as an organisation through plain form posts, keeps what was typed on an error, and follows the application', async () => {
    const citizen = await journey.open('phone', { javaScript: false });
    await citizen.goto(journey.url('/apply'));
    const openedAt = Date.now();
    // Without script both applicant sections show, and uploads say why they are unavailable.
    expect(await citizen.locator('fieldset[data-applicant="organisation"]').isVisible()).toBe(true);
    expect(await citizen.getByLabel('身份证明').isDisabled()).toBe(true);
    await journey.check(citizen, 'no-script-form');

    await citizen.getByLabel('受理机关').selectOption('fusong-zrzyj');
    await citizen.getByLabel('法人或其他组织').check();
    const organisation = citizen.locator('fieldset[data-applicant="organisation"]');
    await organisation.getByLabel('名称').fill('抚松县长白山人参商贸有限公司');
    await organisation.getByLabel('组织类型').selectOption('business');
    await organisation.getByLabel('统一社会信用代码').fill('91350100M000100Y44');
    await organisation.getByLabel('法定代表人或负责人').fill('王五');
    await organisation.getByLabel('联系人').fill('赵六');
    await organisation.getByLabel('联系电话').fill('0439-6212345');
    await organisation.getByLabel('地址').fill('抚松县抚松镇人参大街 8 号');
    await citizen.getByLabel('所需信息的名称').fill('抚松县 2026 年国有建设用地供应计划');
    await citizen.getByLabel('提供的载体形式').selectOption('paper');
    await citizen.getByLabel('获取信息的方式').selectOption('post');
    await pastMinimumFillTime(openedAt);
    await citizen.getByRole('button', { name: '提交申请' }).click();

    // A wrong check digit: the summary names the field, and everything typed is still there.
    const summary = citizen.locator('#error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('统一社会信用代码');
    expect(await organisation.getByLabel('名称').inputValue()).toBe('抚松县长白山人参商贸有限公司');
    expect(await citizen.getByLabel('所需信息的名称').inputValue()).toBe('抚松县 2026 年国有建设用地供应计划');
    expect(await citizen.getByLabel('法人或其他组织').isChecked()).toBe(true);
    await journey.check(citizen, 'no-script-error');

    const resentAt = Date.now();
    await organisation.getByLabel('统一社会信用代码').fill('91350100M000100Y43');
    await pastMinimumFillTime(resentAt);
    await citizen.getByRole('button', { name: '提交申请' }).click();
    await citizen.getByRole('heading', { name: '政府信息公开申请接收回执' }).waitFor();
    await journey.check(citizen, 'no-script-receipt');
    const numbers = citizen.locator('dl.facts strong.number');
    const receiptNumber = (await numbers.nth(0).textContent())!.trim();
    const queryCode = (await numbers.nth(1).textContent())!.trim();
    expect(receiptNumber).toMatch(/^FSZR-\d{4}-\d{5}$/);

    // A wrong code answers as an unknown number; the right one shows the status.
    await citizen.goto(journey.url('/apply/status'));
    await citizen.getByLabel('受理编号').fill(receiptNumber);
    await citizen.getByLabel('查询码').fill('AAAAAAAAAA');
    await citizen.getByRole('button', { name: '查询' }).click();
    await citizen.locator('.error-summary').waitFor();
    await journey.check(citizen, 'no-script-wrong-code');
    await journey.openStatus(citizen, receiptNumber, queryCode);
    expect(await citizen.locator('main').textContent()).toContain('抚松县 2026 年国有建设用地供应计划');
    await journey.check(citizen, 'no-script-status');
  });
});

describe('长者模式 (适老化)', () => {
  const fontSize = (page: Page) => page.locator('body').evaluate((body) => parseFloat(getComputedStyle(body).fontSize));

  it('switches by a link without script, stays on from page to page and on the forms, and switches back', async () => {
    const citizen = await journey.open('phone', { javaScript: false });
    await citizen.goto(journey.url('/fusong/guide.html'));
    const standard = await fontSize(citizen);
    expect(await citizen.getByRole('link', { name: '标准模式' }).isVisible()).toBe(false);
    await citizen.getByRole('link', { name: '长者模式' }).click();
    // Back on the page it was chosen on, in larger type, the switch now offering the way back.
    await citizen.waitForURL(/\/fusong\/guide\.html$/);
    expect(await fontSize(citizen)).toBeGreaterThan(standard * 1.3);
    expect(await citizen.getByRole('link', { name: '长者模式' }).isVisible()).toBe(false);
    // The preference persists: the home, and the application form the public function renders.
    await citizen.goto(journey.url('/'));
    expect(await fontSize(citizen)).toBeGreaterThan(standard * 1.3);
    await citizen.goto(journey.url('/apply'));
    expect(await fontSize(citizen)).toBeGreaterThan(standard * 1.3);
    await citizen.getByRole('link', { name: '标准模式' }).click();
    await citizen.waitForURL(/\/apply$/);
    expect(await fontSize(citizen)).toBe(standard);
    await citizen.goto(journey.url('/fusong/guide.html'));
    expect(await fontSize(citizen)).toBe(standard);
  });

  it('keeps axe at 0 and reflows at 320 px on the pages a citizen reads and fills in', async () => {
    const citizen = await journey.open('desktop');
    await citizen.goto(journey.url('/'));
    await citizen.getByRole('link', { name: '长者模式' }).click();
    await citizen.getByRole('link', { name: '标准模式' }).waitFor();
    await journey.check(citizen, 'elder-home');
    for (const [path, label] of [
      ['/fusong/guide.html', 'elder-guide'],
      ['/fusong/', 'elder-column'],
      ['/apply', 'elder-apply-form'],
      ['/apply/status', 'elder-status-query'],
    ] as const) {
      await citizen.goto(journey.url(path));
      await citizen.getByRole('link', { name: '标准模式' }).waitFor();
      await journey.check(citizen, label);
    }
  });
});

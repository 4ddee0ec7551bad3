/**
 * Journey: 个人信息检查 and 先查后申. A reviewer meets a submitted item whose body names a person with
 * a mobile number: approval is refused until the finding is kept with a reason. A citizen on a phone
 * types what they want on the application form and is shown the item already published; without
 * script the form is as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey } from '../support/browser.ts';

const journey = new Journey('privacy');
beforeAll(() => journey.start());
afterAll(() => journey.stop());

const call = journey.api.bind(journey);

const content = (title: string, bodyHtml: string) => ({
  title,
  category: 'finance',
  topic: '财政、金融、审计',
  writtenOn: '2026-11-20',
  summary: '公开工程建设和资金使用情况。',
  bodyHtml,
  attachments: [],
});

describe('personal data before release, and published information before applying', () => {
  it('holds an item naming a person until the reviewer keeps it with a reason; the form shows what is published', async () => {
    const stamp = Date.now().toString(36).toUpperCase();
    const title = `露水河镇农村饮水安全工程建设情况公示（${stamp}）`;
    const created = await call(
      'lsh-handler',
      'POST',
      '/api/staff/publications',
      content(title, '<p>工程已于 11 月完工。现场负责人：孙立军，手机 13904395678。</p>'),
    );
    await call('lsh-handler', 'POST', `/api/staff/publications/${created.id}/actions`, {
      version: created.version,
      action: { type: 'submit' },
    });

    // The reviewer opens it: the check names the finding, masked, with the person beside it.
    const reviewer = await journey.open('desktop');
    await journey.signInToConsole(reviewer, 'lsh-reviewer', '主动公开');
    await reviewer.getByRole('link', { name: title }).click();
    const check = reviewer.getByRole('region', { name: '个人信息检查' });
    await check.getByText('发现 1 项待审核人处理').waitFor();
    const row = check.getByRole('row', { name: /手机号码（孙立军）/ });
    expect(await row.textContent()).toContain('139****5678');
    expect(await check.textContent()).not.toContain('13904395678');
    await journey.check(reviewer, 'console-privacy-findings');

    // Approval is refused while it is open.
    await reviewer.getByLabel(/保密审查意见/).fill('经审查，不涉及国家秘密，同意公开。');
    await reviewer.getByRole('button', { name: '审核通过并发布' }).click();
    await reviewer.getByText(/个人信息检查发现 1 项尚未处理，不能发布/).waitFor();

    // Kept with a reason, then approved.
    await check.getByLabel('第 1 项确认公开的理由').fill('工程现场负责人的工作电话，便于群众监督');
    await check.getByRole('button', { name: '确认公开已填写理由的各项' }).click();
    await reviewer.getByRole('region', { name: '个人信息检查' }).getByText('各项均已确认').waitFor();
    await reviewer.getByLabel(/保密审查意见/).fill('经审查，不涉及国家秘密，同意公开。');
    await reviewer.getByRole('button', { name: '审核通过并发布' }).click();
    await expect.poll(() => reviewer.locator('dl.facts').textContent()).toContain('已发布');
    await reviewer.getByText('公开网站已更新。').waitFor({ timeout: 30_000 });
    // The search index has it (the renderer writes it with the item's pages).
    await expect
      .poll(async () => (await fetch(journey.url(`/lushuihe/items/${created.id}.html`))).status, { timeout: 30_000 })
      .toBe(200);

    // The county's list of open findings no longer names it.
    await reviewer.getByRole('navigation', { name: '工作人员' }).getByRole('link', { name: '个人信息检查' }).click();
    await reviewer.getByRole('heading', { level: 1, name: '个人信息检查' }).waitFor();
    expect(await reviewer.locator('main').textContent()).not.toContain(title);
    await journey.check(reviewer, 'console-privacy-list');

    // A citizen on a phone starts to apply for it: the published item is offered as they type.
    const citizen = await journey.open('phone');
    await citizen.goto(journey.url('/apply?agency=lushuihe'));
    await citizen.getByLabel('所需信息的名称').fill(`农村饮水安全工程建设情况 ${stamp}`);
    const matches = citizen.locator('.published-matches');
    await matches.getByRole('link', { name: title }).waitFor({ timeout: 15_000 });
    expect(await matches.textContent()).toContain('已主动公开的政府信息可以直接查阅，无需申请');
    expect(await matches.getByRole('link', { name: title }).getAttribute('href')).toBe(
      `/lushuihe/items/${created.id}.html`,
    );
    await journey.check(citizen, 'apply-published-matches');

    // Without script the form is the plain form it always was.
    const plain = await journey.open('phone', { javaScript: false });
    await plain.goto(journey.url('/apply?agency=lushuihe'));
    await plain.getByLabel('所需信息的名称').fill(`农村饮水安全工程建设情况 ${stamp}`);
    expect(await plain.locator('.published-matches').count()).toBe(0);
  });
});

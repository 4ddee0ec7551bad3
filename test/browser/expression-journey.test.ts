/**
 * Journey: 表述检查 before release, and 自查 after (issue 42). A handler types a title with a leader's
 * title written wrongly (国务院总里); saved, the editor's check names the place, the wrong form and the
 * right one; corrected and saved, the finding is gone; submitted, the reviewer approves. Then the
 * county's administrator runs 自查: the report lists the footer's elements the demo county has not set,
 * with where to set them (机构管理 → 本级人民政府 → 网站信息): its footer's values are made up (marked 演示数据, a
 * 网站标识码 of zeros), which 自查 does not take for the county's own. A column page (公开专栏) goes public
 * as it is saved: the town's administrator types the same error into its 政府信息公开制度, the save is
 * refused with the finding shown, and the administrator keeps it with a reason and saves again; the
 * page then shows who kept it and why, also when opened again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey } from '../support/browser.ts';

const journey = new Journey('expression');
beforeAll(() => journey.start());
afterAll(() => journey.stop());

const call = journey.api.bind(journey);

describe('a wrong title before release, and 自查 after', () => {
  it('shows the handler the wrong form and the right one, publishes the corrected item, and 自查 names the footer to set', async () => {
    const stamp = Date.now().toString(36).toUpperCase();
    const right = `露水河镇学习国务院总理讲话精神的通知（${stamp}）`;
    const wrong = right.replace('总理', '总里');
    await call('lsh-handler', 'POST', '/api/staff/publications', {
      title: `露水河镇学习会议精神的通知（${stamp}）`,
      category: 'other',
      topic: '综合政务',
      writtenOn: '2026-11-20',
      summary: '传达学习会议精神。',
      bodyHtml: '<p>各村、各单位认真组织学习。</p>',
      attachments: [],
    });

    // The handler types the title wrongly and saves: the check as saved says where and what is right.
    const handler = await journey.open('desktop');
    await journey.signInToConsole(handler, 'lsh-handler', '主动公开');
    await handler.getByRole('link', { name: `露水河镇学习会议精神的通知（${stamp}）` }).click();
    await handler.getByLabel('名称').fill(wrong);
    await handler.getByRole('button', { name: '保存', exact: true }).click();
    await handler.getByRole('heading', { level: 1, name: wrong }).waitFor();
    const check = handler.getByRole('region', { name: '个人信息检查和表述检查（保存时）' });
    const row = check.getByRole('row', { name: /严重表述错误/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('标题');
    expect(await row.textContent()).toContain('「国务院总里」应为「国务院总理」');
    expect(await row.textContent()).toContain('请改正');
    await journey.check(handler, 'console-expression-finding');

    // Corrected and saved: nothing left to mend; submitted.
    await handler.getByLabel('名称').fill(right);
    await handler.getByRole('button', { name: '保存', exact: true }).click();
    await handler.getByRole('heading', { level: 1, name: right }).waitFor();
    await expect.poll(async () => (await check.textContent()) ?? '', { timeout: 15_000 }).not.toContain('表述错误');
    await handler.getByRole('button', { name: '提交审核' }).click();
    await expect.poll(() => handler.locator('dl.facts').textContent(), { timeout: 15_000 }).toContain('待审核');

    // The reviewer approves.
    const reviewer = await journey.open('desktop');
    await journey.signInToConsole(reviewer, 'lsh-reviewer', '主动公开');
    await reviewer.getByRole('link', { name: right }).click();
    await reviewer.getByLabel(/保密审查意见/).fill('经审查，不涉及国家秘密，同意公开。');
    await reviewer.getByRole('button', { name: '审核通过并发布' }).click();
    await expect.poll(() => reviewer.locator('dl.facts').textContent(), { timeout: 15_000 }).toContain('已发布');

    // The county's administrator runs 自查: the footer's missing elements, each with where to set them.
    const admin = await journey.open('desktop');
    await journey.signInToConsole(admin, 'fs-admin', '网站自查');
    await admin.getByRole('heading', { level: 1, name: /网站自查报告/ }).waitFor();
    await admin.getByRole('button', { name: '立即自查' }).click();
    const footer = admin.locator('section.finding-rule').filter({ hasText: '页脚要素缺失' });
    await footer.waitFor({ timeout: 60_000 });
    expect(await footer.textContent()).toContain('整改：在“机构管理”中打开本级人民政府，于“网站信息”填写');
    // The demo's footer is made up (marked 演示数据, a 网站标识码 of zeros): each element is named as not set.
    const missing = await footer.locator('li').allTextContents();
    expect(missing).toHaveLength(4);
    expect(missing.join('\n')).toContain('页脚的网站标识码是演示数据（0000000000）');
    expect(await admin.getByText(/自查时间：/).count()).toBe(1);
    await journey.check(admin, 'inspection-footer');
  });
});

describe('a column page with a wrong form', () => {
  it("refuses a column page with the wrong form, keeps it with the administrator's reason, and shows who kept it", async () => {
    const admin = await journey.open('desktop');
    await journey.signInToConsole(admin, 'lsh-admin', '公开专栏');
    await admin.getByRole('heading', { level: 1, name: '公开专栏' }).waitFor();
    const rules = admin
      .locator('section')
      .filter({ has: admin.getByRole('heading', { level: 2, name: '政府信息公开制度' }) });
    const body = rules.getByRole('textbox', { name: '政府信息公开制度正文' });
    await body.click();
    await admin.keyboard.press('Control+End');
    await admin.keyboard.press('Enter');
    await admin.keyboard.type('本机关认真落实国务院总里关于政务公开的部署。');
    await rules.getByRole('button', { name: '保存', exact: true }).click();

    // Refused: the finding with its place, the wrong form and the right one, and the sentence.
    await rules.getByText(/表述检查发现 1 项，未保存/).waitFor();
    const row = rules.getByRole('row', { name: /严重表述错误/ });
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('政府信息公开制度');
    expect(text).toContain('「国务院总里」应为「国务院总理」');
    expect(text).toContain('本机关认真落实国务院总里关于政务公开的部署');
    await journey.check(admin, 'column-expression-finding');

    // Kept with a reason and saved again: the page records who kept it and why.
    const reason = '引用国务院文件标题原文，经核对原件如此。';
    await rules.getByLabel('第 1 项保留原表述的理由').fill(reason);
    await rules.getByRole('button', { name: '确认保留并保存' }).click();
    await rules.getByText('已保存。').waitFor();
    const kept = rules.getByRole('row', { name: /严重表述错误/ });
    await expect
      .poll(async () => (await kept.textContent()) ?? '', { timeout: 15_000 })
      .toContain(`已确认保留：${reason}`);
    await journey.check(admin, 'column-expression-kept');

    // Opened again, the page still says so.
    await admin.reload();
    await admin.getByRole('heading', { level: 1, name: '公开专栏' }).waitFor();
    await expect
      .poll(async () => (await rules.getByRole('row', { name: /严重表述错误/ }).textContent()) ?? '', {
        timeout: 15_000,
      })
      .toContain(`已确认保留：${reason}`);
  });
});

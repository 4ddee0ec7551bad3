/**
 * Journey 4: the county's administrator sets up a new town in the console (机构管理) with its office
 * contacts, gives it an administrator (人员管理) whose temporary password is shown once, finds both
 * changes in 管理日志, and sees the town on the public site and the application form.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '#lib/totp.ts';
import { Journey } from '../support/browser.ts';
import { browser, startSignIn } from '../support/oidc.ts';

const journey = new Journey('administration');
beforeAll(() => journey.start());
afterAll(() => journey.stop());

describe('the county sets up a town in the console', () => {
  it('creates the town and its administrator, and finds both in the log of administration', async () => {
    const page = await journey.open('desktop');
    await journey.signInToConsole(page, 'fs-admin', '机构管理');
    await page.getByRole('heading', { level: 1, name: '机构管理' }).waitFor();
    expect(await page.getByRole('cell', { name: '露水河镇人民政府' }).count()).toBe(1);
    await journey.check(page, 'agencies');

    await page.getByLabel('机关标识').fill('xinglong');
    await page.getByLabel('机关名称').fill('兴隆乡人民政府');
    await page.getByLabel('简称').fill('兴隆乡');
    await page.getByLabel('机关类别').selectOption('town');
    await page.getByLabel('上级机关').selectOption('fusong');
    await page.getByLabel(/^机关代码/).fill('XL');
    await page.getByLabel(/^排序/).fill('22');
    await page.getByLabel('办公地址').fill('抚松县兴隆乡政府街 2 号');
    await page.getByLabel('联系电话').fill('0439-6230000');
    await page.getByLabel('办公时间').fill('工作日 8:30—17:00');
    await page.getByRole('button', { name: '新建机关' }).click();

    await page.getByRole('heading', { level: 1, name: '人员管理：兴隆乡人民政府' }).waitFor();
    expect(await page.getByText('本机关尚无工作人员账号。').count()).toBe(1);
    await page.getByLabel(/^用户名/).fill('xl-admin');
    await page.getByLabel('姓名').fill('孟凡');
    await page.getByLabel('电子邮箱').fill('mengfan@fusong.example.gov.cn');
    await page.getByLabel('经办人').uncheck();
    await page.getByLabel('管理员').check();
    await page.getByRole('button', { name: '新建账号' }).click();
    await page.getByText('已新建账号 孟凡（xl-admin）。').waitFor();
    const password = await page.locator('.notice code.number').textContent();
    expect(password).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
    await journey.check(page, 'account-created');

    await page.reload();
    await page.getByRole('link', { name: '孟凡' }).click();
    await page.getByRole('heading', { level: 1, name: '孟凡（xl-admin）' }).waitFor();
    expect(await page.getByText('从未登录。').count()).toBe(1);
    await journey.check(page, 'account');

    await page.getByRole('navigation', { name: '工作人员' }).getByRole('link', { name: '管理日志' }).click();
    await page.getByRole('heading', { level: 1, name: '管理日志' }).waitFor();
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
    expect(await rows.nth(0).textContent()).toContain('新建账号');
    expect(await rows.nth(1).textContent()).toContain('新建机关');
    expect(await rows.nth(1).textContent()).toContain('0439-6230000');
    await journey.check(page, 'admin-log');

    // The town's administrator signs in for the first time with the temporary password: a new
    // password, the authenticator enrolled (its key read off the page, as an app would scan it).
    const firstSignIn = async (username: string, temporary: string, label: string) => {
      const town = await journey.open('phone');
      await journey.openSignInPage(town, username, temporary, '');
      await town.getByRole('heading', { level: 1, name: '设置新密码' }).waitFor();
      await journey.check(town, `${label}-new-password`);
      await town.getByLabel('新密码', { exact: true }).fill('short');
      await town.getByLabel('再次输入新密码').fill('short');
      await town.getByRole('button', { name: '保存新密码' }).click();
      await town.getByText('密码至少 12 位。').waitFor();
      await town.getByLabel('新密码', { exact: true }).fill(`${username}-Xinglong-2026`);
      await town.getByLabel('再次输入新密码').fill(`${username}-Xinglong-2026`);
      await town.getByRole('button', { name: '保存新密码' }).click();
      await town.getByRole('heading', { level: 1, name: '绑定动态口令' }).waitFor();
      await journey.check(town, `${label}-enrol`);
      const secret = (await town.locator('code.secret').textContent())!.replaceAll(' ', '');
      await town.getByLabel('动态口令').fill(currentTotp(secret));
      await town.getByRole('button', { name: '完成绑定并登录' }).click();
      await town.getByRole('heading', { level: 1, name: /依申请公开办理/ }).waitFor();
      return town;
    };
    const town = await firstSignIn('xl-admin', password!, 'town-admin');
    await town.getByRole('navigation', { name: '工作人员' }).getByRole('link', { name: '人员管理' }).click();
    await town.getByRole('heading', { level: 1, name: '人员管理：兴隆乡人民政府' }).waitFor();
    expect(await town.getByLabel('管理员').count()).toBe(0);
    await town.getByLabel(/^用户名/).fill('xl-handler');
    await town.getByLabel('姓名').fill('邱实');
    await town.getByLabel('电子邮箱').fill('qiushi@fusong.example.gov.cn');
    await town.getByRole('button', { name: '新建账号' }).click();
    await town.getByText('已新建账号 邱实（xl-handler）。').waitFor();
    const handlerPassword = (await town.locator('.notice code.number').textContent())!;
    const handler = await firstSignIn('xl-handler', handlerPassword, 'town-handler');
    expect(await handler.locator('#who').textContent()).toBe('兴隆乡人民政府 邱实（经办人）');

    // The new town is on the application form, and its column shows the office's contacts.
    await page.goto(journey.url('/apply'));
    expect(await page.getByRole('combobox', { name: /机关/ }).textContent()).toContain('兴隆乡人民政府');
    await expect
      .poll(async () => (await fetch(journey.url('/xinglong/index.html'))).status, { timeout: 30_000 })
      .toBe(200);
    await page.goto(journey.url('/xinglong/'));
    expect(await page.locator('.contact').textContent()).toContain('0439-6230000');
  });

  it("keeps a town's administrator out of 机构管理's editing and 管理日志", async () => {
    const page = await journey.open('phone');
    await journey.signInToConsole(page, 'lsh-admin', '人员管理');
    await page.getByRole('heading', { level: 1, name: '人员管理：露水河镇人民政府' }).waitFor();
    expect(await page.getByLabel('管理员').count()).toBe(0);
    expect(
      await page.getByRole('navigation', { name: '工作人员' }).getByRole('link', { name: '管理日志' }).isVisible(),
    ).toBe(false);
    await page.getByRole('navigation', { name: '工作人员' }).getByRole('link', { name: '机构管理' }).click();
    await page.getByRole('heading', { level: 1, name: '机构管理' }).waitFor();
    expect(await page.getByRole('link', { name: '修改' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '新建机关' }).count()).toBe(0);
    await journey.check(page, 'town-admin');
  });

  it('renews an expired ID token with the refresh token, and signing out revokes it', async () => {
    const page = await journey.open('desktop');
    await journey.signInToConsole(page, 'zrzyj-admin', '人员管理');
    await page.getByRole('heading', { level: 1, name: /人员管理/ }).waitFor();
    // The ID token as it is after ten minutes: refused by the API, so the console renews it.
    const before = await page.evaluate(() => {
      const kept = JSON.parse(sessionStorage.getItem('gongkai.tokens') ?? '{}');
      sessionStorage.setItem('gongkai.tokens', JSON.stringify({ ...kept, idToken: 'expired', expiresAt: 0 }));
      return kept.refreshToken as string;
    });
    await page.getByRole('navigation', { name: '工作人员' }).getByRole('link', { name: '机构管理' }).click();
    await page.getByRole('heading', { level: 1, name: '机构管理' }).waitFor();
    const renewed = await page.evaluate(() => JSON.parse(sessionStorage.getItem('gongkai.tokens') ?? '{}'));
    expect(renewed.idToken).not.toBe('expired');
    expect(renewed.refreshToken).not.toBe(before);

    await page.getByRole('button', { name: '退出' }).click();
    await page.getByText('您已退出工作平台。').waitFor();
    const refused = await fetch(journey.url('/oidc/token'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: renewed.refreshToken,
        client_id: 'gongkai-console',
      }),
    });
    expect(((await refused.json()) as { error?: string }).error).toBe('invalid_grant');
  });

  it("shows an account's failed sign-ins and the source made to wait in 人员管理, and clears them", async () => {
    // Someone guesses at the town's reviewer from an address of their own, six times.
    const guesser = browser(journey.baseUrl, { from: '127.0.0.66' });
    const { interaction } = await startSignIn(guesser);
    for (let i = 0; i < 6; i++)
      await guesser.go(`${interaction}/login`, { username: 'lsh-reviewer', password: `Guess-${i}-2026`, code: '' });

    const page = await journey.open('desktop');
    await journey.signInToConsole(page, 'lsh-admin', '人员管理');
    await page.getByRole('heading', { level: 1, name: '人员管理：露水河镇人民政府' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'lsh-reviewer' });
    expect(await row.textContent()).toContain('近一日 5 次');
    await page.getByRole('link', { name: '刘洋' }).click();
    await page.getByRole('heading', { level: 2, name: '登录限制' }).waitFor();
    expect(await page.getByRole('cell', { name: '127.0.0.66' }).count()).toBe(1);
    await journey.check(page, 'sign-in-limits');

    await page.getByRole('button', { name: '解除限制' }).click();
    await page.getByText('已解除登录限制。').waitFor();
    expect(await page.getByText('近一日没有登录失败。').count()).toBe(1);
    const again = await guesser.go(`${interaction}/login`, { username: 'lsh-reviewer', password: 'Guess', code: '' });
    expect(again.status).toBe(400);
  });
});

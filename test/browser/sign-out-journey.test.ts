/**
 * Journey: a member of staff signs out at a shared office computer. 退出 ends the sign-in before
 * anything else happens (the refresh token revoked, the provider's session ended, within the console:
 * no confirmation page is left open), so the next person who presses 登录 in that browser is asked
 * for a password and code; the tokens the tab held are refused at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey } from '../support/browser.ts';

const journey = new Journey('sign-out');
beforeAll(() => journey.start());
afterAll(() => journey.stop());

describe('signing out of the console', () => {
  it('ends the sign-in at once: the next person who presses 登录 is asked for a password and code', async () => {
    const page = await journey.open('desktop');
    await journey.signInToConsole(page, 'fs-handler');
    // The provider's session lives as long as the browser: closing it ends the sign-in too.
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === '_session')?.expires).toBe(-1);
    const held = await page.evaluate(() => JSON.parse(sessionStorage.getItem('gongkai.tokens') ?? 'null'));
    expect(held?.idToken).toBeTruthy();

    await page.getByRole('button', { name: '退出' }).click();
    await page.getByText('您已退出工作平台。').waitFor();
    expect(new URL(page.url()).pathname).toBe('/staff/');
    expect(await page.getByRole('button', { name: '退出' }).isVisible()).toBe(false);
    await journey.check(page, 'signed-out');

    // What the tab held is dead: the ID token at the API, the refresh token at the provider.
    const me = await fetch(journey.url('/api/staff/me'), { headers: { authorization: `Bearer ${held.idToken}` } });
    expect(me.status).toBe(401);
    const renewal = await fetch(journey.url('/oidc/token'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: held.refreshToken,
        client_id: 'gongkai-console',
      }),
    });
    expect((await renewal.json()).error).toBe('invalid_grant');

    // The next person at this computer presses 登录: the provider asks who they are.
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/oidc\/interaction\//);
    await page.getByRole('heading', { level: 1, name: '工作人员登录' }).waitFor();
    expect(await page.getByLabel('密码', { exact: true }).isVisible()).toBe(true);
    await journey.check(page, 'signed-out-sign-in-again');
  });
});

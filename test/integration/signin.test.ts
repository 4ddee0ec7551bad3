/**
 * The platform's own OpenID provider over HTTP, as the console and a person at the sign-in page use
 * it: code + PKCE, the ID token the API accepts, the limits on guessing (bursts of concurrent
 * requests over real sockets, from addresses of their own on the loopback range), a dynamic code
 * used once, the temporary password changed, the authenticator enrolled, a disabled account
 * refused, a reset ending the account's sessions, and signing out ending the sign-in at once.
 */
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '#lib/passwords.ts';
import { currentTotp } from '#lib/totp.ts';
import { demoPassword, demoTotpSecret } from '../../cdk/local/demo-county.ts';
import {
  type Browser,
  browser,
  demoCode,
  exchange,
  followToConsole,
  signInAsDemo,
  signInAsDemoWithTokens,
  startSignIn,
  unusedCode,
} from '../support/oidc.ts';
import { signIn, startTestPlatform } from '../support/platform.ts';
import { landingBefore } from '../support/table.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let dynamo: typeof import('#lib/dynamo.ts');
beforeAll(async () => {
  platform = await startTestPlatform();
  dynamo = await import('#lib/dynamo.ts'); // once the platform has set the table's name
});
afterAll(() => platform.stop());

const me = (token: string) =>
  fetch(`${platform.url}/api/staff/me`, { headers: { authorization: `Bearer ${token}` } }).then(async (r) => ({
    status: r.status,
    body: await r.json(),
  }));

async function admin(method: string, path: string, body?: unknown) {
  const token = await signIn(platform.url, 'fs-admin');
  const response = await fetch(`${platform.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}

async function tokenRequest(fields: Record<string, string>) {
  const response = await fetch(`${platform.url}/oidc/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: 'gongkai-console', ...fields }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { id_token?: string; refresh_token?: string; error?: string },
  };
}

/** A loopback address no other test connects from: a client of its own to the sign-in's limits. */
let lastSource = 9;
const newSource = () => `127.0.0.${++lastSource}`;

const wrongMessage = '用户名、密码或动态口令不正确，请重新输入。多次输入错误后须等待一段时间才能再试。';
const messageOf = (html: string) => /<p class="error-summary" role="alert">([^<]*)<\/p>/.exec(html)?.[1];

/** One sign-in attempt on the page `b` holds: how it was answered. */
async function attempt(b: Browser, interaction: string, fields: { username: string; password: string; code: string }) {
  const response = await b.go(`${interaction}/login`, fields);
  const text = response.status === 303 ? '' : await response.text();
  return {
    status: response.status,
    message: messageOf(text),
    retryAfter: Number(response.headers.get('retry-after') ?? Number.NaN),
    response,
  };
}

/** `count` attempts sent at once (each its own connection), as a script guessing in parallel sends them. */
const burst = (count: number, one: (i: number) => ReturnType<typeof attempt>) =>
  Promise.all(Array.from({ length: count }, (_, i) => one(i)));

function tally(answers: { status: number }[]) {
  const counts: Record<number, number> = {};
  for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

const credential = async (username: string) =>
  (
    await dynamo.db.send(
      new GetCommand({ TableName: dynamo.tableName, Key: { pk: `CREDENTIAL#${username}`, sk: 'CREDENTIAL' } }),
    )
  ).Item!;

describe('the platform’s own OpenID provider', () => {
  it('publishes its configuration and keys at the issuer the JWT authoriser is given', async () => {
    const discovery = await (await fetch(`${platform.url}/oidc/.well-known/openid-configuration`)).json();
    expect(discovery).toMatchObject({
      issuer: `${platform.url}/oidc`,
      authorization_endpoint: `${platform.url}/oidc/auth`,
      token_endpoint: `${platform.url}/oidc/token`,
      jwks_uri: `${platform.url}/oidc/jwks`,
      code_challenge_methods_supported: ['S256'],
      response_types_supported: ['code'],
    });
    const { keys } = await (await fetch(discovery.jwks_uri)).json();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(keys[0].d).toBeUndefined(); // the public half only
    const stored = await dynamo.db.send(
      new ScanCommand({
        TableName: dynamo.tableName,
        FilterExpression: 'pk = :pk AND sk = :sk',
        ExpressionAttributeValues: { ':pk': 'KEYS#OIDC', ':sk': 'KEYS' },
      }),
    );
    expect(stored.Items).toHaveLength(1);
  });

  it('signs a demo handler in with code + PKCE: an ID token naming the account, which the API accepts', async () => {
    const token = await signInAsDemo(platform.url, 'lsh-handler');
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      iss: `${platform.url}/oidc`,
      aud: 'gongkai-console',
      sub: 'lsh-handler',
      preferred_username: 'lsh-handler',
      name: '陈静',
    });
    expect(claims.auth_time).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(claims.exp! - claims.iat!).toBe(10 * 60); // short: the console renews it with the refresh token
    const profile = await me(token);
    expect(profile).toMatchObject({ status: 200, body: { username: 'lsh-handler', agency: { id: 'lushuihe' } } });
  });

  it('renews the short ID token with a rotating refresh token, which signing out revokes', async () => {
    const b = browser(platform.url);
    const started = await startSignIn(b);
    const response = await b.go(`${started.interaction}/login`, {
      username: 'zrzyj-handler',
      password: demoPassword,
      code: await demoCode(platform.url, 'zrzyj-handler'),
    });
    const { body: first } = await exchange(b, started, (await followToConsole(b, response)).get('code') ?? '');
    expect(first).toMatchObject({ expires_in: expect.any(Number) });
    expect(first.refresh_token).toBeTruthy();

    const refresh = (token: string) => tokenRequest({ grant_type: 'refresh_token', refresh_token: token });
    const renewed = await refresh(first.refresh_token!);
    expect(renewed.status).toBe(200);
    expect(renewed.body.refresh_token).not.toBe(first.refresh_token); // rotated: each is used once
    expect(decodeJwt(renewed.body.id_token!).auth_time).toBe(decodeJwt(first.id_token!).auth_time);
    expect((await me(renewed.body.id_token!)).status).toBe(200);
    expect((await refresh(first.refresh_token!)).body.error).toBe('invalid_grant');

    const revoked = await fetch(`${platform.url}/oidc/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: renewed.body.refresh_token!,
        token_type_hint: 'refresh_token',
        client_id: 'gongkai-console',
      }),
    });
    expect(revoked.status).toBe(200);
    expect((await refresh(renewed.body.refresh_token!)).body.error).toBe('invalid_grant');
  });

  it('renews nothing for an account disabled since it signed in', async () => {
    const b = browser(platform.url);
    const started = await startSignIn(b);
    const response = await b.go(`${started.interaction}/login`, {
      username: 'zrzyj-reviewer',
      password: demoPassword,
      code: await demoCode(platform.url, 'zrzyj-reviewer'),
    });
    const { body } = await exchange(b, started, (await followToConsole(b, response)).get('code') ?? '');
    const profile = await admin('GET', '/api/staff/users/zrzyj-reviewer');
    const disabled = await admin('PUT', '/api/staff/users/zrzyj-reviewer', {
      name: profile.body.user.name,
      roles: profile.body.user.roles.map((r: { role: string }) => r.role ?? r),
      disabled: true,
      version: profile.body.user.version,
    });
    expect(disabled.status).toBe(200);
    const renewal = await tokenRequest({ grant_type: 'refresh_token', refresh_token: body.refresh_token! });
    expect(renewal.body.error).toBe('invalid_grant');
  });

  it('refuses a request without PKCE, and a code exchanged without its verifier', async () => {
    const b = browser(platform.url);
    const noPkce = await b.go(
      `/oidc/auth?${new URLSearchParams({ response_type: 'code', client_id: 'gongkai-console', redirect_uri: `${platform.url}/staff/`, scope: 'openid profile', state: 's' })}`,
    );
    const back = new URL(noPkce.headers.get('location')!, platform.url);
    expect(back.pathname).toBe('/staff/');
    expect(back.searchParams.get('error')).toBe('invalid_request');

    const started = await startSignIn(b);
    const signedIn = await b.go(`${started.interaction}/login`, {
      username: 'lsh-reviewer',
      password: demoPassword,
      code: await demoCode(platform.url, 'lsh-reviewer'),
    });
    const code = (await followToConsole(b, signedIn)).get('code')!;
    const stolen = await exchange(b, { ...started, verifier: 'x'.repeat(43) }, code);
    expect(stolen).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('shows the sign-in page in Chinese, without script, and says the same for an unknown account as for a wrong password', async () => {
    const b = browser(platform.url);
    const { interaction } = await startSignIn(b);
    const page = await b.go(interaction);
    const text = await page.text();
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(text).toContain('<html lang="zh-CN">');
    expect(text).toContain('工作人员登录');
    expect(text).not.toMatch(/<script/i);

    const unknown = await (await b.go(`${interaction}/login`, { username: 'nobody', password: 'x', code: '' })).text();
    const wrong = await (
      await b.go(`${interaction}/login`, { username: 'czj-admin', password: 'wrong', code: '' })
    ).text();
    const message = (html: string) => /<p class="error-summary" role="alert">([^<]*)<\/p>/.exec(html)?.[1];
    expect(message(unknown)).toBe(wrongMessage);
    expect(message(wrong)).toBe(message(unknown));
    expect(wrong).toContain('value="czj-admin"'); // the username kept
  });

  it('takes a new account from its temporary password through a new password and the authenticator to the console', async () => {
    const created = await admin('POST', '/api/staff/users', {
      username: 'lsh-clerk',
      name: '王芳',
      email: 'wangfang@fusong.example.gov.cn',
      agencyId: 'lushuihe',
      roles: ['handler'],
    });
    expect(created.status).toBe(201);
    const temporary = created.body.invitation.temporaryPassword as string;

    const b = browser(platform.url);
    const started = await startSignIn(b);
    const first = await b.go(`${started.interaction}/login`, { username: 'lsh-clerk', password: temporary, code: '' });
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('设置新密码');

    const weak = await b.go(`${started.interaction}/password`, { password: 'short', confirm: 'short' });
    expect(await weak.text()).toContain('密码至少 12 位。');
    const same = await b.go(`${started.interaction}/password`, { password: temporary, confirm: temporary });
    expect(await same.text()).toContain('新密码不能与临时密码相同。');
    const mismatch = await b.go(`${started.interaction}/password`, {
      password: 'Wangfang-2026-new',
      confirm: 'Wangfang-2026-neu',
    });
    expect(await mismatch.text()).toContain('两次输入的新密码不一致。');
    // Reloading the page keeps the step: the password is not asked for again.
    expect(await (await b.go(started.interaction)).text()).toContain('设置新密码');

    const changed = await b.go(`${started.interaction}/password`, {
      password: 'Wangfang-2026-new',
      confirm: 'Wangfang-2026-new',
    });
    const enrolPage = await changed.text();
    expect(enrolPage).toContain('绑定动态口令');
    expect(enrolPage).toContain('<svg class="qr"');
    const secret = /<code class="secret">([A-Z2-7 ]+)<\/code>/.exec(enrolPage)![1]!.replaceAll(' ', '');
    expect((await credential('lsh-clerk')).mustChange).toBe(false);

    const wrongCode = await b.go(`${started.interaction}/enrol`, { code: '000000' });
    expect(await wrongCode.text()).toContain('动态口令不正确');
    const enrolled = await b.go(`${started.interaction}/enrol`, { code: await unusedCode(platform.url, secret) });
    const back = await followToConsole(b, enrolled);
    const { body } = await exchange(b, started, back.get('code')!);
    expect(await me(body.id_token!)).toMatchObject({ status: 200, body: { username: 'lsh-clerk', name: '王芳' } });
    expect((await credential('lsh-clerk')).totpSecret).toBe(secret);

    // From now on: the new password and a code.
    const again = browser(platform.url);
    const next = await startSignIn(again);
    const signedIn = await again.go(`${next.interaction}/login`, {
      username: 'lsh-clerk',
      password: 'Wangfang-2026-new',
      code: await unusedCode(platform.url, secret),
    });
    expect((await followToConsole(again, signedIn)).get('code')).toBeTruthy();
  });

  it('ends the sessions of an account whose password is reset, and refuses a disabled one', async () => {
    const b = browser(platform.url);
    const first = await startSignIn(b);
    const signedIn = await b.go(`${first.interaction}/login`, {
      username: 'czj-handler',
      password: demoPassword,
      code: await demoCode(platform.url, 'czj-handler'),
    });
    expect((await followToConsole(b, signedIn)).get('code')).toBeTruthy();
    // The provider's session signs the console in again without a page (the code straight away)…
    expect((await startSignIn(b)).interaction).toBe('/staff/');

    const reset = await admin('POST', '/api/staff/users/czj-handler/password');
    expect(reset.status).toBe(200);
    // …until the reset: the same browser is asked to sign in again, now with the temporary password.
    const afterReset = await startSignIn(b);
    expect((await b.go(afterReset.interaction)).status).toBe(200);
    const oldPassword = await b.go(`${afterReset.interaction}/login`, {
      username: 'czj-handler',
      password: demoPassword,
      code: await demoCode(platform.url, 'czj-handler'),
    });
    expect(oldPassword.status).toBe(400);

    const profile = await admin('GET', '/api/staff/users/czj-handler');
    const disabled = await admin('PUT', '/api/staff/users/czj-handler', {
      name: profile.body.user.name,
      roles: profile.body.user.roles.map((r: { role: string }) => r.role ?? r),
      disabled: true,
      version: profile.body.user.version,
    });
    expect(disabled, JSON.stringify(disabled.body)).toMatchObject({ status: 200 });
    const refused = await b.go(`${afterReset.interaction}/login`, {
      username: 'czj-handler',
      password: reset.body.invitation.temporaryPassword,
      code: '',
    });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('您的账号已停用');
  });

  it('signs out: a confirmation page in Chinese, then back to the console', async () => {
    const b = browser(platform.url);
    const started = await startSignIn(b);
    await followToConsole(
      b,
      await b.go(`${started.interaction}/login`, {
        username: 'fs-handler',
        password: demoPassword,
        code: await demoCode(platform.url, 'fs-handler'),
      }),
    );
    const confirm = await b.go(
      `/oidc/session/end?${new URLSearchParams({ client_id: 'gongkai-console', post_logout_redirect_uri: `${platform.url}/staff/` })}`,
    );
    const page = await confirm.text();
    expect(page).toContain('确定退出工作平台吗？');
    const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(page)![1]!;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)![1]!;
    const out = await b.go(new URL(action, platform.url).pathname, { xsrf, logout: 'yes' });
    expect(new URL(out.headers.get('location')!, platform.url).pathname).toBe('/staff/');
    // Signed out: the next sign-in shows the page again.
    const next = await startSignIn(b);
    expect((await b.go(next.interaction)).status).toBe(200);
  });

  it('answers a stale or foreign sign-in page, a bad token request and an unknown client with a 4xx, never a 500', async () => {
    const stale = await browser(platform.url).go('/oidc/interaction/no-such-interaction');
    expect(stale.status).toBe(400);
    expect(await stale.text()).toContain('登录页面已过期或已在其他窗口完成');
    const forged = await browser(platform.url).go('/oidc/interaction/no-such-interaction/login', {
      username: 'fs-admin',
      password: demoPassword,
    });
    expect(forged.status).toBe(400);
    const token = await fetch(`${platform.url}/oidc/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=authorization_code&code=forged&client_id=gongkai-console&redirect_uri=x&code_verifier=y',
    });
    expect(token.status).toBe(400);
    const unknownClient = await browser(platform.url).go(
      `/oidc/auth?${new URLSearchParams({ response_type: 'code', client_id: 'evil', redirect_uri: 'https://evil.example/', scope: 'openid' })}`,
    );
    expect(unknownClient.status).toBe(400);
    const page = await unknownClient.text();
    expect(page).toContain('登录出错');
    expect(page).not.toContain('evil.example');
  });
});

describe('a sign-in step and an administrator changing the account at once', () => {
  const conflictMessage = '账号信息已被管理员更新，请重新登录。';

  /** A new account, signed in with its temporary password: on the page to set a new one. */
  async function atNewPassword(username: string) {
    const created = await admin('POST', '/api/staff/users', {
      username,
      name: '赵敏',
      email: `${username}@fusong.example.gov.cn`,
      agencyId: 'lushuihe',
      roles: ['handler'],
    });
    expect(created.status).toBe(201);
    const b = browser(platform.url, { from: newSource() });
    const started = await startSignIn(b);
    const login = await b.go(`${started.interaction}/login`, {
      username,
      password: created.body.invitation.temporaryPassword,
      code: '',
    });
    expect(await login.text()).toContain('设置新密码');
    const setPassword = (password: string) => b.go(`${started.interaction}/password`, { password, confirm: password });
    return { b, started, setPassword };
  }

  /** Disables the account as its administrator does (the profile's version read first). */
  async function disable(username: string) {
    const profile = await admin('GET', `/api/staff/users/${username}`);
    return admin('PUT', `/api/staff/users/${username}`, {
      name: profile.body.user.name,
      roles: profile.body.user.roles.map((r: { role: string }) => r.role ?? r),
      disabled: true,
      version: profile.body.user.version,
    });
  }

  it('keeps a new password set while an administrator was disabling the account', async () => {
    const { setPassword } = await atNewPassword('lsh-typist');
    // The password is changed between the disable's reading of the account and its write.
    const { answer: disabled, meanwhile: changed } = await landingBefore(
      (_, input) => input.includes('CREDENTIAL#lsh-typist') && input.includes('sessionsEndedAt'),
      () => setPassword('Zhaomin-2026-new'),
      () => disable('lsh-typist'),
    );
    expect(disabled.status).toBe(200);
    expect(changed.map((answer) => answer.status)).toEqual([200]);
    const stored = await credential('lsh-typist');
    expect(stored.mustChange).toBe(false);
    expect(await verifyPassword('Zhaomin-2026-new', stored.passwordHash)).toBe(true);
    expect(stored.generation).toBe(2); // its sessions ended all the same
  });

  it('refuses a new password over a reset made since the temporary one was checked, keeping the reset', async () => {
    const { setPassword } = await atNewPassword('lsh-filer');
    const reset = await admin('POST', '/api/staff/users/lsh-filer/password');
    expect(reset.status).toBe(200);

    const refused = await setPassword('Zhaomin-2026-new');
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain(conflictMessage);
    const stored = await credential('lsh-filer');
    expect(stored.mustChange).toBe(true);
    expect(await verifyPassword(reset.body.invitation.temporaryPassword, stored.passwordHash)).toBe(true);
  });

  it('refuses an authenticator enrolled over a reset made since, keeping the second factor removed', async () => {
    const { b, started, setPassword } = await atNewPassword('lsh-archivist');
    const enrolPage = await (await setPassword('Zhaomin-2026-new')).text();
    const secret = /<code class="secret">([A-Z2-7 ]+)<\/code>/.exec(enrolPage)![1]!.replaceAll(' ', '');
    const reset = await admin('POST', '/api/staff/users/lsh-archivist/password');
    expect(reset.status).toBe(200);

    const refused = await b.go(`${started.interaction}/enrol`, { code: await unusedCode(platform.url, secret) });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain(conflictMessage);
    const stored = await credential('lsh-archivist');
    expect(stored.totpSecret).toBeUndefined();
    expect(stored.mustChange).toBe(true);
  });
});

describe('limits on guessing at the sign-in', () => {
  it('checks five of a burst of 40 wrong passwords from one source and makes the rest wait, the right password too', async () => {
    const attacker = browser(platform.url, { from: newSource() });
    const { interaction } = await startSignIn(attacker);
    const answers = await burst(40, (i) =>
      attempt(attacker, interaction, { username: 'lsh-admin', password: `Guess-${i}-2026`, code: '123456' }),
    );
    expect(tally(answers)).toEqual({ 400: 5, 429: 35 });
    expect(answers.filter((a) => a.status === 400).every((a) => a.message === wrongMessage)).toBe(true);
    const waiting = answers.find((a) => a.status === 429)!;
    expect(waiting.message).toMatch(/^登录尝试过于频繁，请于 \d+ 分钟后再试。/);
    expect(waiting.retryAfter).toBeGreaterThan(0);

    const right = await attempt(attacker, interaction, {
      username: 'lsh-admin',
      password: demoPassword,
      code: await demoCode(platform.url, 'lsh-admin'),
    });
    expect(right.status).toBe(429);
  });

  it('checks five of a burst of 30 wrong codes with the right password, and then refuses the right code from there', async () => {
    const attacker = browser(platform.url, { from: newSource() });
    const { interaction } = await startSignIn(attacker);
    const right = currentTotp(demoTotpSecret('zrzyj-admin'));
    const answers = await burst(30, (i) =>
      attempt(attacker, interaction, {
        username: 'zrzyj-admin',
        password: demoPassword,
        code: String((Number(right) + 1 + i * 7919) % 1_000_000).padStart(6, '0'),
      }),
    );
    expect(tally(answers)).toEqual({ 400: 5, 429: 25 });
    const after = await attempt(attacker, interaction, {
      username: 'zrzyj-admin',
      password: demoPassword,
      code: await demoCode(platform.url, 'zrzyj-admin'),
    });
    expect(after.status).toBe(429);
  });

  it('answers the right password without a code as it answers a wrong one, and counts it', async () => {
    const b = browser(platform.url, { from: newSource() });
    const { interaction } = await startSignIn(b);
    const noCode = await attempt(b, interaction, { username: 'czj-reviewer', password: demoPassword, code: '' });
    const wrong = await attempt(b, interaction, { username: 'czj-reviewer', password: 'Wrong-2026-pass', code: '' });
    expect(noCode.status).toBe(400);
    expect(noCode.message).toBe(wrongMessage);
    expect(wrong.message).toBe(noCode.message);
    for (let i = 0; i < 3; i++)
      expect(
        (await attempt(b, interaction, { username: 'czj-reviewer', password: demoPassword, code: '' })).status,
      ).toBe(400);
    // Five attempts counted: the sixth waits, whatever it brings.
    const right = await attempt(b, interaction, {
      username: 'czj-reviewer',
      password: demoPassword,
      code: await demoCode(platform.url, 'czj-reviewer'),
    });
    expect(right.status).toBe(429);
  });

  it('slows the source of a burst against a real account, and lets the member of staff in from elsewhere', async () => {
    const attacker = browser(platform.url, { from: newSource() });
    const { interaction } = await startSignIn(attacker);
    await burst(20, (i) =>
      attempt(attacker, interaction, { username: 'fs-reviewer', password: `Guess-${i}-2026`, code: '000000' }),
    );
    expect(
      (await attempt(attacker, interaction, { username: 'fs-reviewer', password: 'Another-2026', code: '' })).status,
    ).toBe(429);

    const office = browser(platform.url, { from: newSource() });
    const started = await startSignIn(office);
    const signedIn = await office.go(`${started.interaction}/login`, {
      username: 'fs-reviewer',
      password: demoPassword,
      code: await demoCode(platform.url, 'fs-reviewer'),
    });
    const { body } = await exchange(office, started, (await followToConsole(office, signedIn)).get('code') ?? '');
    expect((await me(body.id_token!)).status).toBe(200);
  });

  it('treats an unknown username as a real one: the same answers, the same wait', async () => {
    const run = async (username: string) => {
      const b = browser(platform.url, { from: newSource() });
      const { interaction } = await startSignIn(b);
      const answers = [];
      for (let i = 0; i < 6; i++)
        answers.push(await attempt(b, interaction, { username, password: `Guess-${i}-2026`, code: '111111' }));
      return answers.map((a) => ({ status: a.status, message: a.message, waits: a.retryAfter > 0 }));
    };
    const known = await run('czj-admin');
    const unknown = await run('czj-admln');
    expect(known.map((a) => a.status)).toEqual([400, 400, 400, 400, 400, 429]);
    expect(unknown).toEqual(known);
  });

  it('slows one source trying many usernames, known or not', async () => {
    const sprayer = browser(platform.url, { from: newSource() });
    const { interaction } = await startSignIn(sprayer);
    const answers = await burst(30, (i) =>
      attempt(sprayer, interaction, { username: `zhang${i}`, password: 'Password-2026', code: '123456' }),
    );
    expect(tally(answers)).toEqual({ 400: 20, 429: 10 });
  });

  it('slows every source that failed against an account under attack from many, but not a clean one with the right code', async () => {
    const sources = Array.from({ length: 10 }, () => browser(platform.url, { from: newSource() }));
    const pages = await Promise.all(sources.map(startSignIn));
    for (const [i, b] of sources.entries())
      expect(
        (await attempt(b, pages[i]!.interaction, { username: 'lsh-reviewer', password: `Guess-${i}`, code: '1' }))
          .status,
      ).toBe(400);
    // One of the sources now has the right password and code: it waits.
    const slowed = await attempt(sources[0]!, pages[0]!.interaction, {
      username: 'lsh-reviewer',
      password: demoPassword,
      code: await demoCode(platform.url, 'lsh-reviewer'),
    });
    expect(slowed.status).toBe(429);
    // The member of staff, from a source with no failures, signs in.
    const office = browser(platform.url, { from: newSource() });
    const started = await startSignIn(office);
    const signedIn = await office.go(`${started.interaction}/login`, {
      username: 'lsh-reviewer',
      password: demoPassword,
      code: await demoCode(platform.url, 'lsh-reviewer'),
    });
    expect((await followToConsole(office, signedIn)).get('code')).toBeTruthy();
  });

  it('shows administrators the limits on their staff’s sign-in, and lets them clear them, in the log', async () => {
    const attacker = browser(platform.url, { from: newSource() });
    const { interaction } = await startSignIn(attacker);
    for (let i = 0; i < 6; i++)
      await attempt(attacker, interaction, { username: 'fs-handler', password: `Guess-${i}-2026`, code: '' });

    const list = await admin('GET', '/api/staff/users?agencyId=fusong');
    expect(list.status).toBe(200);
    const listed = list.body.users.find((u: { username: string }) => u.username === 'fs-handler');
    expect(listed.signInFailures).toBe(5);
    const detail = await admin('GET', '/api/staff/users/fs-handler');
    expect(detail.body.signInLimits).toMatchObject({
      failures: 5,
      lastFailureAt: expect.any(String),
      sources: [{ source: `127.0.0.${lastSource}`, attempts: 5, waitUntil: expect.any(String) }],
    });

    const cleared = await admin('DELETE', '/api/staff/users/fs-handler/sign-in-limits');
    expect(cleared.status).toBe(200);
    expect((await admin('GET', '/api/staff/users/fs-handler')).body.signInLimits).toEqual({ failures: 0, sources: [] });
    const again = await attempt(attacker, interaction, { username: 'fs-handler', password: 'Guess-2026', code: '' });
    expect(again.status).toBe(400);
    const log = await admin('GET', '/api/staff/admin-log?limit=5');
    expect(log.body.entries[0]).toMatchObject({ by: 'fs-admin', target: 'fs-handler', action: '解除登录限制' });
  });
});

describe('a dynamic code used once', () => {
  it('refuses a code already used to sign in to the same account', async () => {
    const code = await demoCode(platform.url, 'lsh-handler');
    const first = browser(platform.url, { from: newSource() });
    const started = await startSignIn(first);
    const signedIn = await first.go(`${started.interaction}/login`, {
      username: 'lsh-handler',
      password: demoPassword,
      code,
    });
    expect((await followToConsole(first, signedIn)).get('code')).toBeTruthy();

    const replay = browser(platform.url, { from: newSource() });
    const { interaction } = await startSignIn(replay);
    const answer = await attempt(replay, interaction, { username: 'lsh-handler', password: demoPassword, code });
    expect(answer).toMatchObject({ status: 400, message: wrongMessage });
  });

  it('lets only one of two simultaneous sign-ins with the same code in', async () => {
    const code = await demoCode(platform.url, 'lsh-handler');
    const pair = [browser(platform.url, { from: newSource() }), browser(platform.url, { from: newSource() })];
    const pages = await Promise.all(pair.map(startSignIn));
    const answers = await Promise.all(
      pair.map((b, i) => attempt(b, pages[i]!.interaction, { username: 'lsh-handler', password: demoPassword, code })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([303, 400]);
  });
});

describe('signing out', () => {
  const revoke = (refreshToken: string) =>
    fetch(`${platform.url}/oidc/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: refreshToken,
        token_type_hint: 'refresh_token',
        client_id: 'gongkai-console',
      }),
    });

  it('refuses the sign-in’s ID token at the API as soon as its refresh token is revoked', async () => {
    const { idToken, refreshToken } = await signInAsDemoWithTokens(platform.url, 'czj-admin', newSource());
    expect((await me(idToken)).status).toBe(200);
    expect((await revoke(refreshToken)).status).toBe(200);
    expect((await me(idToken)).status).toBe(401);
  });

  it('ends the provider’s session from the console without a page to answer: the ID token refused, the next sign-in asks again', async () => {
    const { idToken, refreshToken, browser: b } = await signInAsDemoWithTokens(platform.url, 'lsh-admin', newSource());
    // What the console does on 退出: the provider's sign-out form fetched and sent at once.
    const page = await (
      await b.go(`/oidc/session/end?${new URLSearchParams({ id_token_hint: idToken, client_id: 'gongkai-console' })}`)
    ).text();
    const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(page)![1]!;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)![1]!;
    const ended = await b.go(new URL(action, platform.url).pathname, { xsrf, logout: 'yes' });
    expect(ended.status).toBe(303);
    expect((await me(idToken)).status).toBe(401);
    const renewal = await tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken });
    expect(renewal.body.error).toBe('invalid_grant');
    const next = await startSignIn(b);
    expect(next.interaction).toMatch(/^\/oidc\/interaction\//);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foreignToken, signIn, startTestPlatform } from '../support/platform.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());

const get = (path: string, token?: string) =>
  fetch(`${platform.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('public routes', () => {
  it('lists the seeded agencies that accept applications, county first', async () => {
    const response = await get('/api/agencies');
    const { agencies } = await response.json();

    expect(response.status).toBe(200);
    expect(agencies.map((a: { name: string }) => a.name)).toEqual([
      '抚松县人民政府',
      '抚松县财政局',
      '抚松县自然资源局',
      '露水河镇人民政府',
    ]);
    expect(agencies[3]).toEqual({
      id: 'lushuihe',
      name: '露水河镇人民政府',
      kind: 'town',
      kindLabel: '乡镇人民政府',
      parentId: 'fusong',
    });
  });

  it('answers an unknown API path with 404 as API Gateway does', async () => {
    expect((await get('/api/no-such-route')).status).toBe(404);
  });

  it("answers a page the site lacks with the site's 404 page, locally as CloudFront's fallback does", async () => {
    const [local, fallback] = await Promise.all([
      get('/lushuihe/items/no-such-item.html'),
      get('/api/site/not-found/lushuihe/items/no-such-item.html'),
    ]);

    for (const response of [local, fallback]) {
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    }
    const [localPage, fallbackPage] = await Promise.all([local.text(), fallback.text()]);
    expect(fallbackPage).toBe(localPage);
    expect(fallbackPage).toContain('<h1>页面不存在</h1>');
  });
});

describe('staff routes behind the JWT authoriser', () => {
  it('refuses a request without a token', async () => {
    expect((await get('/api/staff/me')).status).toBe(401);
  });

  it('refuses a token signed with another key', async () => {
    const token = await foreignToken({
      'cognito:username': 'fs-admin',
      'custom:agency': 'fusong',
      'cognito:groups': ['admin'],
    });

    expect((await get('/api/staff/me', token)).status).toBe(401);
  });

  it('refuses an expired token', async () => {
    const token = await foreignToken({ 'cognito:username': 'fs-admin' }, '-1m');

    expect((await get('/api/staff/me', token)).status).toBe(401);
  });

  it('tells a signed-in staff member who they are and which agency they act for', async () => {
    const token = await signIn(platform.url, 'lsh-reviewer');

    const response = await get('/api/staff/me', token);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      username: 'lsh-reviewer',
      name: '刘洋',
      roles: [{ role: 'reviewer', label: '审核人（公开工作机构负责人）' }],
      agency: {
        id: 'lushuihe',
        name: '露水河镇人民政府',
        kind: 'town',
        parentId: 'fusong',
        governs: false,
        portalWide: false,
      },
      // What the console shows above every view (a year's holidays not entered …): tested with the calendar.
      notices: expect.any(Array),
    });
  });

  it('prefers a literal path to a path variable, as API Gateway does', async () => {
    const token = await signIn(platform.url, 'lsh-admin');

    const response = await get('/api/staff/applications/health', token);

    expect(response.status).toBe(200);
    expect((await response.json()).function).toBe('applications');
  });

  it('refuses a route to a role the staff member does not hold, in Chinese', async () => {
    const token = await signIn(platform.url, 'lsh-handler');

    const response = await get('/api/staff/reports/health', token);

    expect(response.status).toBe(403);
    expect((await response.json()).message).toBe('您没有执行此操作的权限。');
  });
});

describe('local sign-in', () => {
  const post = (body: string, type = 'application/json') =>
    fetch(`${platform.url}/api/dev/token`, { method: 'POST', headers: { 'content-type': type }, body });

  it('issues a token with the claims Cognito would', async () => {
    const response = await post(JSON.stringify({ username: 'czj-admin' }));
    const { claims } = await response.json();

    expect(response.status).toBe(200);
    expect(claims).toMatchObject({
      sub: 'local-czj-admin',
      'cognito:groups': ['admin'],
      'custom:agency': 'fusong-czj',
    });
  });

  it('takes the no-script form post too', async () => {
    expect((await post('username=fs-handler', 'application/x-www-form-urlencoded')).status).toBe(200);
  });

  it('names the field when the username is malformed', async () => {
    const response = await post(JSON.stringify({ username: '<script>' }));
    const body = await response.json();

    expect(response.status).toBe(400);
    expect(body.errors).toEqual([
      { field: 'body.username', message: '用户名：只能包含小写字母、数字、点、下划线和连字符' },
    ]);
  });

  it('explains malformed JSON in Chinese', async () => {
    const response = await post('{"username":');

    expect(response.status).toBe(422);
    expect((await response.json()).message).toContain('无法解析');
  });

  it('refuses an account that is not seeded', async () => {
    const response = await post(JSON.stringify({ username: 'nobody' }));

    expect(response.status).toBe(403);
    expect((await response.json()).message).toContain('nobody');
  });
});

describe('static content', () => {
  it('serves web assets with the site security headers', async () => {
    const response = await get('/assets/site.css');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/css');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('serves the editor built from web/editor/ at start, and not its source or the typecheck settings', async () => {
    const bundle = await get('/assets/vendor/rich-editor.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    expect(await bundle.text()).toContain('ProseMirror');
    // What the deployment leaves out of web/ (site-delivery.ts) is not served locally either.
    for (const path of ['/editor/rich-editor.js', '/tsconfig.json']) expect((await get(path)).status, path).toBe(404);
  });

  it('switches 长者模式 without script: a cookie, back to the page it came from, and the sheet by the cookie', async () => {
    const host = new URL(platform.url).host;
    const switched = await fetch(`${platform.url}/mode/elder`, {
      redirect: 'manual',
      headers: { referer: `${platform.url}/lushuihe/guide.html?from=home` },
    });
    expect(switched.status).toBe(303);
    expect(switched.headers.get('location')).toBe('/lushuihe/guide.html?from=home');
    expect(switched.headers.get('set-cookie')).toBe('gk_mode=elder; Path=/; Max-Age=31536000; SameSite=Lax');
    expect(switched.headers.get('cache-control')).toBe('no-store');

    const elder = await fetch(`${platform.url}/assets/mode.css`, { headers: { cookie: 'other=1; gk_mode=elder' } });
    expect(elder.headers.get('cache-control')).toBe('no-cache');
    // One address, two sheets by the cookie: no cache between may hand one visitor's to another.
    expect(elder.headers.get('vary')).toBe('Cookie');
    expect(await elder.text()).toContain('长者模式');
    const standard = await fetch(`${platform.url}/assets/mode.css`);
    expect(standard.headers.get('cache-control')).toBe('no-cache');
    expect(standard.headers.get('vary')).toBe('Cookie');
    expect(await standard.text()).toContain('标准模式: nothing beyond site.css');

    // Back to this site only: another site's address in the Referer, or none, returns to the home.
    for (const referer of [
      'https://evil.example/phish',
      `http://${host}.evil.example/x`,
      `http://${host}//evil.example/`,
    ])
      expect(
        (await fetch(`${platform.url}/mode/standard`, { redirect: 'manual', headers: { referer } })).headers.get(
          'location',
        ),
        referer,
      ).toBe('/');
    // Where CloudFront runs no function (China) it asks the public function for the sheet, by the cookie.
    const asked = (cookie?: string) =>
      fetch(`${platform.url}/api/site/mode-sheet/assets/mode.css`, { headers: cookie ? { cookie } : {} });
    const elderSheet = await asked('gk_mode=elder');
    expect(elderSheet.headers.get('content-type')).toContain('text/css');
    expect(elderSheet.headers.get('cache-control')).toBe('no-cache, s-maxage=86400');
    expect(elderSheet.headers.get('vary')).toBe('Cookie');
    expect(await elderSheet.text()).toBe('@import url("/assets/elder.css");\n');
    expect(await (await asked()).text()).not.toContain('@import');
    const back = await fetch(`${platform.url}/mode/standard`, { redirect: 'manual' });
    expect(back.headers.get('location')).toBe('/');
    expect(back.headers.get('set-cookie')).toBe('gk_mode=standard; Path=/; Max-Age=0; SameSite=Lax');
  });

  it('does not serve files outside web/ or the site bucket', async () => {
    for (const path of [
      '/..%2f..%2fpackage.json',
      '/assets/..%2f..%2f..%2fpackage.json',
      '/%2e%2e/%2e%2e/package.json',
    ]) {
      const response = await get(path);
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(await response.text(), path).not.toContain('"name": "gongkai"');
    }
  });

  it('shows the local landing page until a public site is rendered', async () => {
    const response = await get('/');

    expect(response.status).toBe(200);
    expect(await response.text()).toContain('抚松县政府信息公开平台');
  });

  it('serves the OpenAPI document and the readable API page', async () => {
    const document = await (await get('/api/openapi.json')).json();
    const page = await (await get('/api/docs.html')).text();

    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toContain('/api/staff/me');
    expect(page).toContain('GET /api/health');
  });
});

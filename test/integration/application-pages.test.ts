import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formToken } from '../support/applications.ts';
import { startTestPlatform } from '../support/platform.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());

async function openForm() {
  const page = await (await fetch(`${platform.url}/apply`)).text();
  const hidden = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1] ?? '';
  return { page, formToken: hidden('formToken'), idempotencyKey: hidden('idempotencyKey') };
}

const formFields = (extra: Record<string, string>) => ({
  agencyId: 'lushuihe',
  applicantKind: 'person',
  'person.name': '张三',
  'person.idType': 'resident',
  'person.idNumber': '440524188001010014',
  'person.phone': '13912345678',
  'organisation.name': '',
  'request.title': '2026 年低保资金发放情况',
  'delivery.medium': 'paper',
  'delivery.method': 'pickup',
  website: '',
  formToken: formToken(),
  ...extra,
});

const post = (path: string, fields: Record<string, string>, cookie?: string) =>
  fetch(`${platform.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie && { cookie }) },
    body: new URLSearchParams(fields).toString(),
  });

/** A form post that failed: its 303 (Post/Redirect/Get), and the page it leads to, opened as the browser does (its cookie). */
async function postWithErrors(fields: Record<string, string>, cookie?: string, path = '/api/applications') {
  const response = await post(path, fields, cookie);
  const location = response.headers.get('location') ?? '';
  const setCookie = response.headers.get('set-cookie') ?? '';
  const draftCookie = setCookie.split(';')[0]!;
  const page = await (await fetch(`${platform.url}${location}`, { headers: { cookie: draftCookie } })).text();
  return { response, location, setCookie, cookie: draftCookie, page };
}

describe('the application form without JavaScript', () => {
  it('is framed as the site is: the government in the title, masthead and metadata, the footer, 长者模式', async () => {
    const page = await (await fetch(`${platform.url}/apply`)).text();
    expect(page).toContain('<title>在线申请-抚松县人民政府</title>');
    expect(page).toContain('<meta name="SiteName" content="抚松县人民政府政府信息公开">');
    expect(page).toContain('<span class="government">抚松县人民政府</span>');
    expect(page).toContain('<a href="/statement.html">网站声明</a>');
    expect(page).toContain('<a href="/fusong/guide.html#contact-title">联系我们</a>');
    expect(page).toContain('<a class="to-elder" href="/mode/elder">长者模式</a>');
    expect(page).toContain('<link rel="stylesheet" href="/assets/mode.css">');
  });

  it('offers the agencies, a fresh idempotency key, the honeypot and a server-signed start token', async () => {
    const { page, idempotencyKey, formToken: token } = await openForm();

    expect(page).toContain('<option value="lushuihe">露水河镇人民政府</option>');
    expect(idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.parseInt(token.split('.')[0]!, 36)).toBeGreaterThan(Date.now() - 60_000);
    expect(page).toContain('name="website"');
  });

  it("refuses the page's own start token sent at once, keeps what was typed, and keeps the form's first token", async () => {
    const { idempotencyKey, formToken: token } = await openForm();

    const { response, page } = await postWithErrors(formFields({ idempotencyKey, formToken: token }));

    expect(response.status).toBe(303);
    expect(page).toContain('填写时间过短');
    expect(page).toContain('value="2026 年低保资金发放情况"');
    // The minimum time counts once per form, from when it was first opened: not again per correction.
    expect(page).toContain(`name="formToken" value="${token}"`);
  });

  it('keeps the start token of a form sent back with errors, so a correction made at once is taken', async () => {
    const { idempotencyKey, formToken: token } = await openForm();
    await new Promise((resolve) => setTimeout(resolve, 3_100));
    const { page, cookie } = await postWithErrors(formFields({ idempotencyKey, formToken: token, 'person.phone': '' }));
    const kept = /name="formToken" value="([^"]*)"/.exec(page)![1]!;

    // Corrected within a second of the error page opening.
    const corrected = await post(
      '/api/applications',
      formFields({ idempotencyKey: `${idempotencyKey}-2`, formToken: kept, 'request.title': '更正后立即提交' }),
      cookie,
    );

    expect(kept).toBe(token);
    expect(corrected.status).toBe(303);
    expect(corrected.headers.get('location')).toMatch(/^\/apply\/receipt\//);
  });

  it('sends a failed post on to the form by a GET (Post/Redirect/Get), nothing typed in the address', async () => {
    const { response, location, setCookie, page, cookie } = await postWithErrors(
      formFields({ 'person.name': '王秀兰', 'person.phone': '' }),
    );
    const reloaded = await (await fetch(`${platform.url}${location}`, { headers: { cookie } })).text();
    const elsewhere = await (await fetch(`${platform.url}${location}`)).text();

    expect(response.status).toBe(303);
    expect(location).toMatch(/^\/apply\?draft=[A-Za-z0-9_-]{22}$/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).not.toContain('王秀兰');
    expect(page).toContain('联系电话：请填写');
    expect(page).toContain('value="王秀兰"');
    // Reload (and Back) show it again; another browser, without the cookie, sees none of it.
    expect(reloaded).toContain('value="王秀兰"');
    expect(elsewhere).not.toContain('王秀兰');
    expect(elsewhere).toContain('请重新填写');
  });

  it('sends a malformed 重新获取查询码 request back to its form by a GET, with what was typed', async () => {
    const { response, location, page } = await postWithErrors(
      { receiptNumber: 'LSH-2026-00012', email: '不是邮箱' },
      undefined,
      '/apply/recover',
    );

    expect(response.status).toBe(303);
    expect(location).toMatch(/^\/apply\/recover\?draft=[\w-]{22}$/);
    expect(page).toContain('请填写申请时填写的电子邮箱');
    expect(page).toContain('value="不是邮箱"');
  });

  it('takes an ID number typed with a lower-case x and spaces', async () => {
    const { idempotencyKey } = await openForm();

    const response = await post(
      '/api/applications',
      formFields({ idempotencyKey, 'person.idNumber': '110105 19491231 002x', 'request.title': '小写 x 的身份证号' }),
    );

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toMatch(/^\/apply\/receipt\/LSH-/);
  });

  it("chooses the agency a column's 在线申请 button names, and ignores one it does not know", async () => {
    const chosen = await (await fetch(`${platform.url}/apply?agency=lushuihe`)).text();
    expect(chosen).toContain('<option value="lushuihe" selected>露水河镇人民政府</option>');
    const unknown = await fetch(`${platform.url}/apply?agency=${encodeURIComponent('<script>')}`);
    expect(unknown.status).toBe(200);
    expect(await unknown.text()).not.toContain(' selected>');
  });

  it('allows the form page to send files to the upload endpoint and nowhere else', async () => {
    const csp = (await fetch(`${platform.url}/apply`)).headers.get('content-security-policy') ?? '';

    expect(csp).toMatch(/connect-src 'self' http:\/\/127\.0\.0\.1:\d+/);
    expect(csp).toContain("form-action 'self'");
  });

  it('answers a form post with 303 to the receipt, which shows the query code once', async () => {
    const { idempotencyKey } = await openForm();

    const response = await post('/api/applications', formFields({ idempotencyKey }));
    const location = response.headers.get('location')!;
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    const receipt = await (await fetch(`${platform.url}${location}`, { headers: { cookie } })).text();
    const again = await (await fetch(`${platform.url}${location}`)).text();

    expect(response.status).toBe(303);
    expect(location).toMatch(/^\/apply\/receipt\/LSH-\d{4}-\d{5}$/);
    expect(cookie).not.toContain(location); // the code is not in the URL
    expect(receipt).toContain('政府信息公开申请接收回执');
    expect(receipt).toMatch(/<strong class="number">[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}<\/strong>/);
    expect(receipt).toContain('答复期限');
    expect(again).not.toMatch(/[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}/);
    expect(again).toContain('只在提交后显示一次');
  });

  it('shows errors next to their fields and keeps what was typed, escaped', async () => {
    const { response, page } = await postWithErrors(
      formFields({ 'person.name': '<b>张三</b>', 'person.idNumber': '110105194912310021', 'person.phone': '' }),
    );

    expect(response.status).toBe(303);
    expect(page).toContain('<a href="#f-person-name">姓名：不能包含尖括号或控制字符</a>');
    // Every field at fault in one answer: the missing phone and the wrong check digit together.
    expect(page).toContain('<a href="#f-person-phone">联系电话：请填写</a>');
    expect(page).toContain('<a href="#f-person-idNumber">证件号码：不是有效的居民身份证号码');
    expect(page).toContain('id="f-person-name-error"');
    expect(page).toContain('value="&lt;b&gt;张三&lt;/b&gt;"');
    expect(page).not.toContain('<b>张三</b>');
  });

  it('says 请选择 for a choice left open, refuses a 10-digit mobile, and lists the errors in the order of the form', async () => {
    const { idempotencyKey } = await openForm();
    const fields = formFields({
      idempotencyKey,
      'person.phone': '1391234567',
      'person.name': '',
      'person.idType': '',
      'delivery.medium': '',
    });
    const { response, page } = await postWithErrors(fields);

    expect(response.status).toBe(303);
    expect(page).toContain('证件类型：请选择');
    expect(page).toContain('提供的载体形式：请选择');
    expect(page).not.toContain('居民身份证、'); // no list of every option
    expect(page).toContain('联系电话：请填写有效的电话号码');
    const summary = page.slice(page.indexOf('error-summary'), page.indexOf('</ul>'));
    const order = ['f-person-name', 'f-person-idType', 'f-person-phone', 'f-delivery-medium'].map((id) =>
      summary.indexOf(`href="#${id}"`),
    );
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('lets the citizen follow the application through the status form', async () => {
    const { idempotencyKey } = await openForm();
    const created = await post('/api/applications', formFields({ idempotencyKey, 'request.title': '进度查询测试' }));
    const number = created.headers.get('location')!.split('/').pop()!;
    const cookie = created.headers.get('set-cookie')!.split(';')[0]!;
    const code = /([A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5})/.exec(
      await (await fetch(`${platform.url}/apply/receipt/${number}`, { headers: { cookie } })).text(),
    )![1]!;

    const queried = await post('/apply/status', { receiptNumber: number, queryCode: code.toLowerCase() });
    expect(queried.status).toBe(303);
    const statusCookie = queried.headers.get('set-cookie')!.split(';')[0]!;
    const page = await (
      await fetch(`${platform.url}${queried.headers.get('location')}`, { headers: { cookie: statusCookie } })
    ).text();
    const wrong = await postWithErrors({ receiptNumber: number, queryCode: 'AAAAA-BBBBB' }, undefined, '/apply/status');

    expect(page).toContain('办理进度');
    expect(page).toContain('已受理，正在办理');
    expect(page).toContain('答复期限及计算过程');
    // Refused by a 303 to the query form (Post/Redirect/Get): the number stays; the code, a secret, is typed again.
    expect(wrong.response.status).toBe(303);
    expect(wrong.location).toMatch(/^\/apply\/status\?draft=[\w-]{22}$/);
    expect(wrong.page).toContain('未找到该申请');
    expect(wrong.page).toContain(`value="${number}"`);
    expect(wrong.page).not.toContain('AAAAABBBBB');

    // The number as phones and Chinese input methods type it.
    const [code1, year, sequence] = number.split('-');
    const fullWidth = (text: string) => text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    for (const typed of [
      number.toLowerCase(),
      `${code1![0]}${code1!.slice(1).toLowerCase()}-${year}-${sequence}`,
      fullWidth(`${code1}－${year}－${sequence}`).replace(/\uff0d/g, '－'),
      ` ${code1} - ${year} - ${sequence} `,
    ]) {
      const typedPage = await post('/apply/status', { receiptNumber: typed, queryCode: fullWidth(code.toLowerCase()) });
      expect(typedPage.status, typed).toBe(303);
      expect(typedPage.headers.get('location'), typed).toBe(`/apply/status/${number}`);
    }
    const api = await fetch(`${platform.url}/api/applications/${number.toLowerCase()}`, {
      headers: { 'x-query-code': code.replace('-', ' ') },
    });
    expect(api.status).toBe(200);
  });
});

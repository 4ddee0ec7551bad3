/** Pages that exist only in the local platform: the landing before a site is rendered, and the dev sign-in. */
import { agencyKindLabels } from '#core/agency.ts';
import { roleLabels } from '#core/staff.ts';
import { demoAgencies, demoStaff } from './demo-county.ts';
import { escapeHtml } from '#core/html.ts';

const layout = (title: string, body: string, script = '') => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="stylesheet" href="/assets/site.css"><link rel="icon" href="/assets/icon.svg" type="image/svg+xml">${script && `<script type="module" src="${script}"></script>`}</head>
<body><header class="masthead"><a href="/">抚松县政府信息公开平台</a><span class="badge">本地环境</span></header>
<main class="page">${body}</main></body></html>`;

const landing = () =>
  layout(
    '抚松县政府信息公开平台（本地）',
    `
<h1>抚松县政府信息公开平台</h1>
<p>这是本地运行的平台。公开网站尚未生成时显示本页。</p>
<h2>入口</h2>
<ul>
  <li><a href="/apply">在线申请政府信息公开</a>（<a href="/apply/status">办理进度查询</a>）</li>
  <li><a href="/dev/signin">工作人员登录（本地演示账号）</a>，登录后进入<a href="/staff/">工作平台</a></li>
  <li><a href="/api/docs.html">接口说明</a>（<a href="/api/openapi.json">OpenAPI 3.1</a>）</li>
  <li><a href="/api/health">健康检查</a></li>
</ul>
<h2>演示机关</h2>
<ul>${demoAgencies.map((a) => `<li>${escapeHtml(a.name)}（${agencyKindLabels[a.kind]}）</li>`).join('')}</ul>`,
  );

const signin = () =>
  layout(
    '工作人员登录（本地）',
    `
<h1>工作人员登录（本地）</h1>
<p>部署环境通过统一身份认证（Cognito）登录；本地环境选择一个演示账号即可登录。</p>
<p id="status" role="status" aria-live="polite"></p>
<table class="grid"><thead><tr><th scope="col">机关</th><th scope="col">姓名</th><th scope="col">角色</th><th scope="col">用户名</th><th scope="col"></th></tr></thead><tbody>
${demoStaff
  .map(
    (
      s,
    ) => `<tr><td>${escapeHtml(demoAgencies.find((a) => a.id === s.agencyId)!.name)}</td><td>${escapeHtml(s.name)}</td>
<td>${s.roles.map((r) => roleLabels[r]).join('、')}</td><td><code>${escapeHtml(s.username)}</code></td>
<td><form method="post" action="/api/dev/token" data-signin><input type="hidden" name="username" value="${escapeHtml(s.username)}"><button type="submit">登录</button></form></td></tr>`,
  )
  .join('\n')}
</tbody></table>
<h2>其他账号</h2>
<p>在“人员管理”中新建的账号，填写用户名登录（已停用的账号不能登录）。</p>
<form method="post" action="/api/dev/token" data-signin><label for="other-username">用户名</label> <input id="other-username" name="username" required maxlength="64" autocomplete="username"> <button type="submit">登录</button></form>`,
    '/dev/signin.js',
  );

// Signs in with fetch, keeps the token for this tab only, and shows who the platform thinks you are.
const signinScript = () => `
const status = document.getElementById('status');
for (const form of document.querySelectorAll('form[data-signin]')) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const username = new FormData(form).get('username');
    const response = await fetch('/api/dev/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username }) });
    const result = await response.json();
    if (!response.ok) { status.textContent = result.message; return; }
    sessionStorage.setItem('gongkai.token', result.token);
    const me = await (await fetch('/api/staff/me', { headers: { authorization: 'Bearer ' + result.token } })).json();
    status.textContent = '已登录：' + me.agency.name + ' ' + me.name + '（' + me.roles.map((r) => r.label).join('、') + '）。';
    const link = document.createElement('a');
    link.href = '/staff/';
    link.textContent = '进入工作平台';
    status.append(' ', link);
  });
}`;

/** Where the staff console sends someone who is not signed in (in AWS: Cognito's hosted UI). */
const consoleConfig = () => JSON.stringify({ signInUrl: '/dev/signin' });

export const localPages: Record<string, () => string> = {
  '/dev/signin': signin,
  '/dev/signin.js': signinScript,
  '/staff/config.json': consoleConfig,
};
export const placeholderPages: Record<string, () => string> = { '/': landing };

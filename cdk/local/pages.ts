/** Pages that exist only in the local platform: the landing before a site is rendered, and the demo accounts. */
import { agencyKindLabels } from '#core/agency.ts';
import { roleLabels } from '#core/staff.ts';
import { platformConsoleSignIn } from '#core/sign-in.ts';
import { currentTotp } from '#lib/totp.ts';
import { demoAgencies, demoPassword, demoStaff, demoTotpSecret } from './demo-county.ts';
import { provinceAgencies, provinceStaff } from './province.ts';

/** The accounts and agencies of what the platform was seeded with: a province (GONGKAI_PROVINCE), or the demo county. */
const seeded = () => {
  const province = Number(process.env.GONGKAI_PROVINCE);
  if (!province) return { staff: demoStaff, agencyName: (id: string) => demoAgencies.find((a) => a.id === id)!.name };
  const agencies = new Map(provinceAgencies(province).map((a) => [a.id, a.name]));
  return { staff: provinceStaff, agencyName: (id: string) => agencies.get(id) ?? id };
};
import { escapeHtml } from '#core/html.ts';

const layout = (title: string, body: string) => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><meta name="description" content="本地环境：${escapeHtml(title)}"><link rel="stylesheet" href="/assets/site.css"><link rel="icon" href="/assets/icon.svg" type="image/svg+xml"></head>
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
  <li><a href="/staff/">工作平台</a>（工作人员登录；<a href="/dev/signin">本地演示账号和动态口令</a>）</li>
  <li><a href="/api/docs.html">接口说明</a>（<a href="/api/openapi.json">OpenAPI 3.1</a>）</li>
  <li><a href="/api/health">健康检查</a></li>
</ul>
<h2>演示机关</h2>
<ul>${demoAgencies.map((a) => `<li>${escapeHtml(a.name)}（${agencyKindLabels[a.kind]}）</li>`).join('')}</ul>`,
  );

/** The demo accounts and, for each, the code its authenticator would show now (local only). */
const signin = () => {
  const { staff, agencyName } = seeded();
  return layout(
    '本地演示账号',
    `
<h1>本地演示账号</h1>
<p>本地环境与部署环境使用同一套登录（平台自有的统一身份认证，授权码加 PKCE）。进入<a href="/staff/">工作平台</a>，点击“登录”，输入下列用户名、密码 <code>${escapeHtml(demoPassword)}</code> 和动态口令。</p>
<p>动态口令每 30 秒更新，此处显示的是打开本页时的口令（刷新本页获取最新口令）。在“人员管理”中新建的账号，使用管理员取得的临时密码登录，按提示修改密码并绑定身份验证器。</p>
<table class="grid"><thead><tr><th scope="col">机关</th><th scope="col">姓名</th><th scope="col">角色</th><th scope="col">用户名</th><th scope="col">当前动态口令</th></tr></thead><tbody>
${staff
  .map(
    (s) => `<tr><td>${escapeHtml(agencyName(s.agencyId))}</td><td>${escapeHtml(s.name)}</td>
<td>${s.roles.map((r) => roleLabels[r]).join('、')}</td><td><code>${escapeHtml(s.username)}</code></td><td><code>${currentTotp(demoTotpSecret(s.username))}</code></td></tr>`,
  )
  .join('\n')}
</tbody></table>
<p>脚本可使用 <code>POST /api/dev/token</code>（仅本地）直接取得令牌。</p>`,
  );
};

/** How the staff console signs in: the platform's own provider, as a deployment without Cognito does. */
const consoleConfig = () => JSON.stringify(platformConsoleSignIn);

export const localPages: Record<string, () => string> = {
  '/dev/signin': signin,
  '/staff/config.json': consoleConfig,
};
export const placeholderPages: Record<string, () => string> = { '/': landing };

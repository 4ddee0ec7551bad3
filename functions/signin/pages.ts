/**
 * The pages of the platform's own sign-in, in Chinese and without script: sign in with password and
 * dynamic code, change a temporary password, enrol the authenticator, and the provider's own pages
 * (sign-out, errors). Every value is escaped by the page template.
 */
import { encode } from 'uqr';
import { html, libraryMarkup, markupOf, type Html } from '#core/pages/html.ts';

/** What every sign-in page is sent with: nothing loads but the site's style sheet; nothing may frame it. */
export const pageHeaders = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export function page(title: string, body: Html): string {
  return (
    '<!doctype html>\n' +
    markupOf(html`<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} - 政府信息公开工作平台</title>
<meta name="description" content="政府信息公开工作平台的工作人员登录：${title}。">
<link rel="stylesheet" href="/assets/site.css">
<link rel="icon" href="/assets/icon.svg" type="image/svg+xml">
</head><body>
<a class="skip" href="#main">跳到主要内容</a>
<header class="masthead"><a href="/">政府信息公开</a><span class="badge">工作人员</span></header>
<main id="main" class="page">${body}</main>
<footer class="footer"><p>本页面仅供政府信息公开工作人员使用。如忘记密码或更换手机，请联系本机关管理员重置。</p></footer>
</body></html>`)
  );
}

const problem = (text?: string) => text && html`<p class="error-summary" role="alert">${text}</p>`;

export function loginPage(uid: string, { username = '', error }: { username?: string; error?: string } = {}): string {
  return page(
    '工作人员登录',
    html`<h1>工作人员登录</h1>
${problem(error)}
<form method="post" action="/oidc/interaction/${uid}/login" novalidate>
<div class="field"><label for="username">用户名</label>
<input type="text" id="username" name="username" value="${username}" required maxlength="64" autocomplete="username" autocapitalize="none" spellcheck="false"></div>
<div class="field"><label for="password">密码</label>
<input type="password" id="password" name="password" required maxlength="128" autocomplete="current-password"></div>
<div class="field"><label for="code">动态口令 <span class="optional">（已绑定身份验证器的账号填写）</span></label>
<p class="hint" id="code-hint">打开手机上的身份验证器应用，输入显示的 6 位数字。首次登录尚未绑定的，可不填。</p>
<input type="text" id="code" name="code" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" autocomplete="one-time-code" aria-describedby="code-hint"></div>
<p><button type="submit">登录</button></p>
</form>
<p><a href="/oidc/interaction/${uid}/abort">取消登录</a></p>`,
  );
}

export function passwordPage(uid: string, error?: string): string {
  return page(
    '设置新密码',
    html`<h1>设置新密码</h1>
${problem(error)}
<p>您使用的是管理员发放的临时密码，请设置只有您本人知道的新密码后继续。</p>
<form method="post" action="/oidc/interaction/${uid}/password" novalidate>
<div class="field"><label for="new-password">新密码</label>
<p class="hint" id="policy">至少 12 位，包含大写字母、小写字母、数字和符号中的至少三种。</p>
<input type="password" id="new-password" name="password" required maxlength="128" autocomplete="new-password" aria-describedby="policy"></div>
<div class="field"><label for="confirm">再次输入新密码</label>
<input type="password" id="confirm" name="confirm" required maxlength="128" autocomplete="new-password"></div>
<p><button type="submit">保存新密码</button></p>
</form>`,
  );
}

/** The enrolment QR code as SVG squares drawn from the encoded matrix (no markup from elsewhere). */
function qrCode(uri: string): Html {
  const { data, size } = encode(uri, { ecc: 'M', border: 2 });
  const squares = data.flatMap((row, y) => row.flatMap((dark, x) => (dark ? [`M${x} ${y}h1v1h-1z`] : [])));
  return html`<svg class="qr" role="img" aria-label="绑定二维码" viewBox="0 0 ${size} ${size}" width="${size * 5}" height="${size * 5}" xmlns="http://www.w3.org/2000/svg"><rect width="${size}" height="${size}" fill="#fff"/><path d="${squares.join('')}" fill="#000"/></svg>`;
}

export function enrolPage(uid: string, secret: string, uri: string, error?: string): string {
  return page(
    '绑定动态口令',
    html`<h1>绑定动态口令</h1>
${problem(error)}
<p>为保护政府信息和申请人的个人信息，工作人员登录须同时使用密码和手机上的动态口令。</p>
<ol>
<li>在手机上安装身份验证器应用（如腾讯身份验证器、Microsoft Authenticator 或 Google Authenticator）。</li>
<li>在应用中扫描下面的二维码；无法扫描的，选择“手动输入密钥”，输入：<br><code class="secret">${secret.match(/.{1,4}/g)!.join(' ')}</code></li>
<li>输入应用显示的 6 位动态口令，完成绑定。</li>
</ol>
${qrCode(uri)}
<form method="post" action="/oidc/interaction/${uid}/enrol" novalidate>
<div class="field"><label for="code">动态口令</label>
<input type="text" id="code" name="code" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" required autocomplete="one-time-code"></div>
<p><button type="submit">完成绑定并登录</button></p>
</form>`,
  );
}

export function messagePage(title: string, text: string, link?: { href: string; text: string }): string {
  return page(
    title,
    html`<h1>${title}</h1>
<p>${text}</p>
${link && html`<p><a href="${link.href}">${link.text}</a></p>`}`,
  );
}

/** The provider's sign-out confirmation: `form` is its own hidden form (with its anti-forgery value). */
export function logoutPage(form: string): string {
  return page(
    '退出登录',
    html`<h1>退出登录</h1>
<p>确定退出工作平台吗？退出后，在这台电脑上再次进入须重新登录。</p>
${libraryMarkup(form)}
<p><button type="submit" form="op.logoutForm" name="logout" value="yes">退出登录</button>
<button type="submit" form="op.logoutForm" class="secondary">取消</button></p>`,
  );
}

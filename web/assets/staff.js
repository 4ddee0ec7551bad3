// @ts-check
// The staff console: signs in, loads who is signed in, and routes each `#/…` address to its view.
// Each view is a module of its own; what they share is `staff-kit.js`.
import { adminLogView, agenciesView, agencyView, usersView, userView } from './staff-admin.js';
import { detailView } from './staff-application.js';
import { calendarView } from './staff-calendar.js';
import { columnView } from './staff-column.js';
import {
  api,
  forgetToken,
  h,
  keepTokens,
  me,
  message,
  refreshToken,
  render,
  session,
  showNotices,
  token,
} from './staff-kit.js';
import { importBatchView, importsView } from './staff-imports.js';
import { outboxView } from './staff-outbox.js';
import { privacyView, publicationsView, publicationView } from './staff-publications.js';
import { queueView } from './staff-queue.js';
import { inspectionSettingsView, inspectionView, statisticsView } from './staff-oversight.js';
import { reportsView, reportView } from './staff-reports.js';
import { settingsView } from './staff-settings.js';

// --- Sign-in: the authorisation code flow with PKCE, at whichever provider config.json names --------
/** @typedef {{ authorizeUrl: string, tokenUrl: string, revokeUrl: string, logoutUrl: string, logoutRedirectParam: string, clientId: string, scope: string }} SignInConfig */
/** @type {SignInConfig | undefined} */
let signIn;
const pendingKey = 'gongkai.signin';
const consoleUrl = () => `${location.origin}/staff/`;
/** @param {Uint8Array} bytes */
const base64url = (bytes) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const random = (size = 32) => base64url(crypto.getRandomValues(new Uint8Array(size)));

/** To the provider's sign-in page, with a fresh verifier and state kept for this tab only. */
async function startSignIn() {
  if (!signIn) return;
  const verifier = random();
  const state = random(16);
  const challenge = base64url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  sessionStorage.setItem(pendingKey, JSON.stringify({ verifier, state, back: location.hash }));
  const url = new URL(signIn.authorizeUrl, location.origin);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: signIn.clientId,
    redirect_uri: consoleUrl(),
    scope: signIn.scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.href);
}

/** Back from the provider: the code exchanged for the ID and refresh tokens; an error message when it cannot be. */
async function completeSignIn() {
  const params = new URLSearchParams(location.search);
  if (!signIn || (!params.has('code') && !params.has('error'))) return undefined;
  /** @type {{ verifier: string, state: string, back: string } | null} */
  const pending = JSON.parse(sessionStorage.getItem(pendingKey) ?? 'null');
  sessionStorage.removeItem(pendingKey);
  history.replaceState(null, '', location.pathname + (pending?.back ?? ''));
  if (params.has('error')) return params.get('error') === 'access_denied' ? '已取消登录。' : '登录未完成，请重新登录。';
  if (!pending || params.get('state') !== pending.state) return '登录已失效，请重新登录。';
  const response = await fetch(new URL(signIn.tokenUrl, location.origin).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: params.get('code') ?? '',
      redirect_uri: consoleUrl(),
      client_id: signIn.clientId,
      code_verifier: pending.verifier,
    }),
  }).catch(() => undefined);
  const tokens = response?.ok ? await response.json() : undefined;
  if (!tokens?.id_token) return '登录未完成，请重新登录。';
  keepTokens(tokens);
  return undefined;
}

/** @param {string} [text] @param {'error' | 'status'} [kind] */
function showSignIn(text = '请先登录。', kind = 'error') {
  const button = h('button', { type: 'button' }, '登录');
  button.addEventListener('click', () => void startSignIn());
  render(
    h('h1', {}, '工作人员登录'),
    message(text, kind),
    signIn ? h('p', {}, button) : h('p', {}, '本平台尚未配置统一身份认证登录，请联系系统管理员。'),
  );
}
session.onSignedOut = showSignIn;

/** Loads the profile of whoever holds the token; false when nobody does. */
async function loadProfile() {
  signIn = await fetch('/staff/config.json').then(
    (r) => (r.ok ? r.json() : undefined),
    () => undefined,
  );
  if (!signIn?.authorizeUrl) signIn = undefined;
  session.tokenUrl = signIn && new URL(signIn.tokenUrl, location.origin).href;
  session.clientId = signIn?.clientId;
  const problem = await completeSignIn();
  if (problem) throw new Error(problem);
  if (!token()) return false;
  session.me = await api('GET /api/staff/me', '/api/staff/me');
  const profile = me();
  showNotices(profile.notices ?? []);
  const roles = profile.roles.map((r) => r.role);
  const who = document.getElementById('who');
  if (who)
    who.textContent = `${profile.agency.name} ${profile.name}（${profile.roles.map((r) => r.label).join('、')}）`;
  for (const link of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('[data-role]')))
    link.hidden = !roles.includes(link.dataset.role ?? '') || ('county' in link.dataset && !profile.agency.portalWide);
  const signout = document.getElementById('signout');
  if (signout) {
    signout.hidden = false;
    // One handler, however often the profile is loaded again.
    signout.onclick = () => void signOut();
  }
  return true;
}

/**
 * A form post that finishes even if the page is left meanwhile (`keepalive`); a redirect is not followed.
 * @param {string} url
 * @param {Record<string, string>} fields
 */
const postForm = (url, fields) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
    keepalive: true,
    redirect: 'manual',
  });

/**
 * The provider's session ended from this page: its sign-out form fetched and sent at once, so no
 * confirmation page is left open for the next person at this computer to find. True once ended.
 * @param {SignInConfig} config
 * @param {string | null} idToken
 */
async function endProviderSession(config, idToken) {
  const logout = new URL(config.logoutUrl, location.origin);
  logout.search = new URLSearchParams({
    client_id: config.clientId,
    ...(idToken && { id_token_hint: idToken }),
  }).toString();
  const page = await fetch(logout.href, { cache: 'no-store' });
  const form = new DOMParser().parseFromString(await page.text(), 'text/html').querySelector('form');
  const action = form && new URL(form.getAttribute('action') ?? '', location.origin);
  if (!form || !action || action.origin !== location.origin) return false;
  const fields = Object.fromEntries(
    Array.from(form.querySelectorAll('input[name]'), (input) => [
      /** @type {HTMLInputElement} */ (input).name,
      /** @type {HTMLInputElement} */ (input).value,
    ]),
  );
  const sent = await postForm(action.href, { ...fields, logout: 'yes' });
  return sent.type === 'opaqueredirect' || sent.ok;
}

/**
 * 退出: before anything else, the refresh token is revoked and the provider's session ended (each
 * awaited), so nothing left in this tab can renew the sign-in and the next person who presses 登录
 * here is asked for a password and code. The platform's own provider, on this site, is signed out
 * within the page; a provider on another site (Cognito) ends its session when sent to.
 */
async function signOut() {
  if (!signIn) return void location.assign('/staff/');
  const config = signIn;
  const refresh = refreshToken();
  const idToken = token();
  forgetToken();
  session.me = undefined;
  render(h('p', { role: 'status' }, '正在退出…'));
  if (refresh)
    await postForm(new URL(config.revokeUrl, location.origin).href, {
      token: refresh,
      token_type_hint: 'refresh_token',
      client_id: config.clientId,
    }).catch(() => undefined);
  const logout = new URL(config.logoutUrl, location.origin);
  if (logout.origin !== location.origin) {
    logout.search = new URLSearchParams({
      client_id: config.clientId,
      [config.logoutRedirectParam]: consoleUrl(),
    }).toString();
    return void location.assign(logout.href);
  }
  const ended = await endProviderSession(config, idToken).catch(() => false);
  const who = document.getElementById('who');
  if (who) who.textContent = '';
  for (const own of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('[data-role], #signout')))
    own.hidden = true;
  if (ended) showSignIn('您已退出工作平台。', 'status');
  else showSignIn('未能确认登录服务已退出。如在公用电脑上使用，请关闭全部浏览器窗口。');
}

async function route() {
  if (!session.me) {
    /** @type {string | undefined} */
    let problem;
    const loaded = await loadProfile().catch((/** @type {Error} */ error) => {
      problem = error.message;
      return false;
    });
    if (!loaded) return showSignIn(problem);
  }
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path = '/', search = ''] = hash.split('?');
  const params = Object.fromEntries(new URLSearchParams(search));
  try {
    if (path.startsWith('/applications/'))
      return await detailView(decodeURIComponent(path.slice('/applications/'.length)));
    if (path === '/outbox') return await outboxView();
    if (path === '/publications') return await publicationsView();
    if (path.startsWith('/publications/'))
      return await publicationView(decodeURIComponent(path.slice('/publications/'.length)));
    if (path === '/privacy') return await privacyView(params);
    if (path === '/imports') return await importsView();
    if (path.startsWith('/imports/')) return await importBatchView(decodeURIComponent(path.slice('/imports/'.length)));
    if (path === '/column') return await columnView();
    if (path === '/settings') return await settingsView();
    if (path === '/calendar') return await calendarView();
    if (path === '/agencies') return await agenciesView(params);
    if (path.startsWith('/agencies/')) return await agencyView(decodeURIComponent(path.slice('/agencies/'.length)));
    if (path === '/users') return await usersView(params);
    if (path.startsWith('/users/')) return await userView(decodeURIComponent(path.slice('/users/'.length)));
    if (path === '/admin-log') return await adminLogView();
    if (path === '/reports') return await reportsView(params);
    if (path === '/statistics') return await statisticsView(params);
    if (path === '/inspection') return await inspectionView(params);
    if (path === '/inspection/settings') return await inspectionSettingsView();
    if (path.startsWith('/reports/')) {
      const [agencyId = '', year] = path.slice('/reports/'.length).split('/');
      return await reportView(decodeURIComponent(agencyId), Number(year));
    }
    return await queueView(params);
  } catch (error) {
    if (/** @type {{ status?: number }} */ (error).status !== 401)
      render(
        message(error instanceof Error ? error.message : String(error), 'error'),
        h('p', {}, h('a', { href: '#/' }, '返回申请队列')),
      );
  }
}

window.addEventListener('hashchange', route);
// Shown only where script runs: without it the page says it needs script, with no links that do nothing.
for (const id of ['loading', 'views']) document.getElementById(id)?.removeAttribute('hidden');
route();

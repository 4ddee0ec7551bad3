// @ts-check
// The staff console: signs in, loads who is signed in, and routes each `#/…` address to its view.
// Each view is a module of its own; what they share is `staff-kit.js`.
import { adminLogView, agenciesView, agencyView, usersView, userView } from './staff-admin.js';
import { detailView } from './staff-application.js';
import { columnView } from './staff-column.js';
import { api, forgetToken, h, keepToken, kit, me, message, render, session, token } from './staff-kit.js';
import { outboxView } from './staff-outbox.js';
import { publicationsView, publicationView } from './staff-publications.js';
import { queueView } from './staff-queue.js';
import { reportsView, reportView } from './staff-reports.js';
import { settingsView } from './staff-settings.js';

// --- Sign-in: the local sign-in page, or Cognito's hosted UI, leaves an ID token for this tab -----
const fragment = new URLSearchParams(location.hash.includes('id_token=') ? location.hash.slice(1) : '');
const signedIn = fragment.get('id_token');
if (signedIn) {
  keepToken(signedIn);
  history.replaceState(null, '', location.pathname);
}

function showSignIn(text = '请先登录。') {
  render(
    h('h1', {}, '工作人员登录'),
    message(text, 'error'),
    session.signInUrl
      ? h('p', {}, h('a', { href: session.signInUrl }, '前往登录页面'))
      : h('p', {}, '本平台尚未配置统一身份认证登录，请联系系统管理员。'),
  );
}
session.onSignedOut = showSignIn;

/** Loads the profile of whoever holds the token; false when nobody does. */
async function loadProfile() {
  /** @type {{ signInUrl?: string }} */
  const config = await fetch('/staff/config.json').then(
    (r) => (r.ok ? r.json() : {}),
    () => ({}),
  );
  session.signInUrl = config.signInUrl;
  if (!token()) return false;
  session.me = await api('GET', '/api/staff/me');
  const profile = me();
  const roles = profile.roles.map((r) => r.role);
  const who = document.getElementById('who');
  if (who)
    who.textContent = `${profile.agency.name} ${profile.name}（${profile.roles.map((r) => r.label).join('、')}）`;
  for (const link of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('[data-role]')))
    link.hidden =
      !roles.includes(link.dataset.role ?? '') || ('county' in link.dataset && profile.agency.kind !== 'county');
  const signout = document.getElementById('signout');
  if (signout) {
    signout.hidden = false;
    signout.addEventListener('click', () => {
      forgetToken();
      location.href = '/staff/';
    });
  }
  return true;
}

async function route() {
  if (!session.me && !(await loadProfile().catch(() => false))) return showSignIn();
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
    if (path === '/column') return await columnView();
    if (path === '/settings') return await settingsView();
    if (path === '/agencies') return await agenciesView();
    if (path.startsWith('/agencies/')) return await agencyView(decodeURIComponent(path.slice('/agencies/'.length)));
    if (path === '/users') return await usersView(params);
    if (path.startsWith('/users/')) return await userView(decodeURIComponent(path.slice('/users/'.length)));
    if (path === '/admin-log') return await adminLogView();
    if (path === '/reports') return await reportsView(kit(), params);
    if (path.startsWith('/reports/')) {
      const [agencyId = '', year] = path.slice('/reports/'.length).split('/');
      return await reportView(kit(), decodeURIComponent(agencyId), Number(year));
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
route();

// @ts-check
// What every view of the staff console uses: building DOM (text only: every string goes in through
// a text node, so nothing an applicant typed can become markup), calling the API with the signed-in
// token, messages, paging, uploads, and the step forms the API describes (`core/forms.ts`).

/**
 * @typedef {{ role: string, label: string }} RoleGrant
 * @typedef {{ title: string, text: string, href?: string, link?: string }} Notice
 * @typedef {{ username: string, name: string, roles: RoleGrant[], agency: { id: string, name: string, kind: string, parentId: string | null, governs: boolean, portalWide: boolean }, notices: Notice[] }} Profile
 * @typedef {{ name: string, label: string, kind: 'text' | 'multiline' | 'date' | 'number' | 'lines' | 'choice' | 'files',
 *   required?: boolean, maxLength?: number, min?: number, max?: number, maxItems?: number, value?: string | number,
 *   choices?: { value: string | boolean, label: string }[], accept?: string, maxFiles?: number, maxBytes?: number }} FormField
 * @typedef {{ type: string, label: string, fields: FormField[], preview?: 'fee' }} StepForm
 * @typedef {Record<string, unknown>} Attributes
 * @typedef {Node | string | number | null | undefined | false} Child
 */

// --- The sign-in's tokens, for this tab only: a short ID token for the API and the refresh token that renews it
/** @typedef {{ idToken: string, refreshToken?: string, expiresAt: number }} Tokens */
const tokenKey = 'gongkai.tokens';
/** @returns {Tokens | null} */
const tokens = () => JSON.parse(sessionStorage.getItem(tokenKey) ?? 'null');
export const token = () => tokens()?.idToken ?? null;
export const refreshToken = () => tokens()?.refreshToken;
/** An answer of the provider's token endpoint. @param {{ id_token: string, refresh_token?: string, expires_in?: number }} answer */
export function keepTokens(answer) {
  const kept = {
    idToken: answer.id_token,
    refreshToken: answer.refresh_token ?? refreshToken(), // Cognito renews without rotating
    expiresAt: Date.now() + (answer.expires_in ?? 600) * 1000,
  };
  sessionStorage.setItem(tokenKey, JSON.stringify(kept));
}
export const forgetToken = () => sessionStorage.removeItem(tokenKey);

/** Renews the ID token with the refresh token (one renewal at a time); false when it cannot be renewed. */
let renewing = /** @type {Promise<boolean> | undefined} */ (undefined);
function renew() {
  const refresh = refreshToken();
  const at = session.tokenUrl;
  if (!refresh || !at || !session.clientId) return Promise.resolve(false);
  renewing ??= fetch(at, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refresh, client_id: session.clientId }),
  })
    .then(async (response) => {
      const answer = response.ok ? await response.json() : undefined;
      if (!answer?.id_token) return false;
      keepTokens(answer);
      return true;
    })
    .catch(() => false)
    .finally(() => (renewing = undefined));
  return renewing;
}

/** Who is signed in, once the profile is loaded. */
export const session = {
  /** @type {Profile | undefined} */
  me: undefined,
  /** What to do when the API says the token is no longer valid. @type {(text: string) => void} */
  onSignedOut: () => {},
  /** Where and as whom the ID token is renewed (from the sign-in configuration). @type {string | undefined} */
  tokenUrl: undefined,
  /** @type {string | undefined} */
  clientId: undefined,
};

/** The profile of whoever is signed in (views run only after it is loaded). */
export function me() {
  if (!session.me) throw new Error('not signed in');
  return session.me;
}
/** @param {string} role */
export const hasRole = (role) => me().roles.some((r) => r.role === role);

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attributes} [attributes]
 * @param {...(Child | Child[])} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function')
      element.addEventListener(name.slice(2), /** @type {EventListener} */ (value));
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {{ code?: string, message?: string, errors?: { field: string, message: string }[], findings?: Finding[] } | undefined} body
   */
  constructor(status, body) {
    super(body?.message ?? `请求失败（${status}）`);
    this.name = 'ApiError';
    this.status = status;
    /** The API's stable code (`confirmation-required`, `stale-version`…), when it gave one. */
    this.code = body?.code;
    this.fields = body?.errors ?? [];
    /** A check's findings when it refused the request (`checks-failed`), each to correct or keep. */
    this.findings = body?.findings ?? [];
  }
}

/** An error's message, with the fields it names. @param {unknown} error */
export const errorText = (error) =>
  error instanceof ApiError && error.fields.length
    ? `${error.message}（${error.fields.map((f) => f.message).join('；')}）`
    : error instanceof Error
      ? error.message
      : String(error);

/**
 * The API as the route table declares it: `npm run typecheck` generates `api-types.d.ts` from the
 * routes' schemas (`cdk/api-types.ts`), so reading a field an answer does not have fails the check.
 * @typedef {import('./api-types').Route} Route
 */
/**
 * @template {Route} R
 * @typedef {import('./api-types').Answer<R>} Answer
 */
/**
 * @template {Route} R
 * @typedef {import('./api-types').Path<R>} Path
 */
/**
 * @template T
 * @typedef {import('./api-types').RouteAnswering<T>} RouteAnswering
 */
/**
 * Calls one route, named as the route table keys it (`GET /api/staff/applications/{receiptNumber}`).
 * @template {Route} R
 * @param {R} route
 * @param {Path<R>} path the address, its parameters and query filled in
 * @param {import('./api-types').Body<R>} [body]
 * @returns {Promise<Answer<R>>} the answer's JSON (or text, or a PDF, ZIP or image as a Blob)
 */
export async function api(route, path, body) {
  const method = route.slice(0, route.indexOf(' '));
  // A token about to expire is renewed first; one the API refuses is renewed once and the call made again.
  if ((tokens()?.expiresAt ?? 0) - Date.now() < 60_000) await renew();
  const send = () =>
    fetch(path, {
      method,
      headers: {
        authorization: `Bearer ${token()}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  let response = await send();
  if (response.status === 401 && (await renew())) response = await send();
  const type = response.headers.get('content-type') ?? '';
  // Documents (a letter's PDF, a case file's archive, a page's image) come back as they are, to save or show.
  const result = type.includes('json')
    ? await response.json()
    : /^(application\/(pdf|zip)|image\/)/.test(type) && response.ok
      ? await response.blob()
      : await response.text();
  if (response.status === 401) {
    forgetToken();
    session.onSignedOut('登录已过期，请重新登录。');
    throw new ApiError(401, { message: '请先登录。' });
  }
  if (!response.ok) throw new ApiError(response.status, result);
  return result;
}

/**
 * A form's fields as the body `route` takes: the form names each field as the route's body does, and
 * the API refuses a missing or malformed one, naming it. `extra` adds what the form does not hold.
 * @template {Route} R
 * @param {R} _route the route the body is for (it names the body's type)
 * @param {HTMLFormElement} form
 * @param {Partial<import('./api-types').Body<R>>} extra
 * @returns {import('./api-types').Body<R>}
 */
export const formBody = (_route, form, extra) =>
  /** @type {import('./api-types').Body<R>} */ (
    /** @type {unknown} */ ({ ...Object.fromEntries(new FormData(form)), ...extra })
  );

/** A time as Beijing time, `YYYY-MM-DD HH:MM`. @param {string} at */
export const beijing = (at) =>
  new Date(new Date(at).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

const main = /** @type {HTMLElement} */ (document.getElementById('main'));

/**
 * Each cell of the console's tables names its column (data-label), so that on a narrow screen,
 * where a row becomes a card, every value keeps its name; rows added later (更多) too.
 * @param {ParentNode} root
 */
function labelCells(root) {
  for (const table of root.querySelectorAll('table.grid')) {
    const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent?.trim() ?? '');
    for (const row of table.querySelectorAll('tbody tr'))
      [...row.children].forEach((cell, i) => {
        const td = /** @type {HTMLElement} */ (cell);
        if (heads[i] && !td.dataset.label) td.dataset.label = heads[i];
      });
  }
}
if (main) new MutationObserver(() => labelCells(main)).observe(main, { childList: true, subtree: true });

/** The console's name, after the view's in the tab's title. */
const consoleTitle = '工作人员平台';

/**
 * Draws a view; the tab's title names it (its heading), so a tab, the history and a screen reader's
 * announcement of the page say which view is open.
 * @param {...(Node | null | undefined | false)} nodes
 */
export function render(...nodes) {
  main.replaceChildren(.../** @type {Node[]} */ (nodes.filter(Boolean)));
  const heading = main.querySelector('h1')?.textContent?.trim();
  document.title = heading ? `${heading} - ${consoleTitle}` : consoleTitle;
  main.focus();
}

/**
 * What the console says once above every view (a year's holidays not entered), with the link to act
 * on it where the signed-in member of staff may.
 * @param {Notice[]} notices
 */
export function showNotices(notices) {
  let box = document.getElementById('notices');
  if (!box) {
    box = h('aside', { id: 'notices', class: 'page wide', 'aria-label': '提醒' });
    main.before(box);
  }
  box.hidden = !notices.length;
  box.replaceChildren(
    ...notices.map((n) =>
      h(
        'p',
        { class: 'banner' },
        h('strong', {}, n.title),
        ' ',
        n.text,
        n.href ? [' ', h('a', { href: n.href }, n.link ?? n.title)] : null,
      ),
    ),
  );
}

/** @param {string} text @param {'status' | 'error'} [kind] */
export function message(text, kind = 'status') {
  return h(
    'p',
    { role: kind === 'error' ? 'alert' : 'status', class: kind === 'error' ? 'error-summary' : 'notice' },
    text,
  );
}

/**
 * What the last step did, said above the view until the next one begins: opening another step's
 * form, or typing in one, takes it away, so it is never read as that step's answer.
 * @param {string} text
 */
export function stepNote(text) {
  const note = message(text);
  /** @param {Event} event */
  const settle = (event) => {
    if (event.type === 'toggle' && !(event.target instanceof HTMLDetailsElement && event.target.open)) return;
    note.remove();
    main.removeEventListener('toggle', settle, true);
    main.removeEventListener('input', settle, true);
  };
  // A details element's toggle does not bubble: heard on its way down.
  main.addEventListener('toggle', settle, true);
  main.addEventListener('input', settle, true);
  return note;
}

/**
 * `site`: the step queued pages of the public site (the next view follows them, `siteProgress`);
 * `near`: where the note belongs on that view ('save': beside the form's save button, where the
 * person who pressed it is, and the focus goes back there).
 * @typedef {{ site?: boolean, near?: 'save' }} FlashOptions
 */
/** What a step left to say on the next page (the page is drawn again after each step). */
export const flash = {
  /** @param {string} text @param {FlashOptions} [options] */
  set(text, { site = false, near } = {}) {
    sessionStorage.setItem('gongkai.flash', text);
    if (site) sessionStorage.setItem('gongkai.site', 'queued');
    if (near) sessionStorage.setItem('gongkai.flashAt', near);
  },
  /** @returns {{ text: string | null, site: boolean, near: string | null }} */
  take() {
    const text = sessionStorage.getItem('gongkai.flash');
    const site = sessionStorage.getItem('gongkai.site') === 'queued';
    const near = sessionStorage.getItem('gongkai.flashAt');
    for (const key of ['gongkai.flash', 'gongkai.site', 'gongkai.flashAt']) sessionStorage.removeItem(key);
    return { text, site, near };
  },
};

/**
 * After a step: draws the view again (`draw`, which takes what to say with `flash.take()`), saying `text`.
 * @param {() => Promise<unknown>} draw
 * @param {string} text
 * @param {FlashOptions} [options]
 */
export async function redraw(draw, text, options) {
  flash.set(text, options);
  await draw();
}

/**
 * Opens a private file in a new tab through the five-minute link `path` answers (PDF and images
 * shown, other types downloaded); a failure is said in `feedback`.
 * @template {RouteAnswering<{ url: string }>} R
 * @param {R} route
 * @param {Path<R>} path
 * @param {string} fileName
 * @param {HTMLElement} feedback
 */
export async function openFile(route, path, fileName, feedback) {
  try {
    const { url } = await api(route, path);
    h('a', { href: url, target: '_blank', rel: 'noopener' }).click();
  } catch (error) {
    feedback.replaceChildren(message(`无法打开「${fileName}」：${errorText(error)}`, 'error'));
  }
}

/** @param {number} ms */
export const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Follows the renderer after a step that queued pages of the public site: says they are being
 * written, then that the site is up to date (or that it is slow and will finish by itself).
 */
export function siteProgress() {
  const node = message('公开网站正在更新……');
  (async () => {
    for (let i = 0; i < 30; i++) {
      await pause(1000);
      const status = await api('GET /api/staff/site/status', '/api/staff/site/status').catch(() => undefined);
      if (status?.upToDate) return node.replaceChildren('公开网站已更新。');
    }
    node.replaceChildren('公开网站更新较慢，系统将自动完成，请稍后查看公开页面。');
  })();
  return node;
}

/**
 * 加载更多 for a list the API serves a page at a time: appends each next page's rows to `container`
 * (rows from `row`, items from the answer's `key`), and shows the API's note, if any, in `note`.
 * @template {RouteAnswering<{ next: string | null, note?: string }>} R
 * @template {keyof Answer<R>} K
 * @param {R} route
 * @param {Path<R>} path the list's address, without its query
 * @param {URLSearchParams} query
 * @param {Answer<R>} first
 * @param {K} key
 * @param {(item: Answer<R>[K] extends (infer Item)[] ? Item : never) => Node} row
 * @param {HTMLElement} container
 * @param {HTMLElement} [note]
 */
export function moreButton(route, path, query, first, key, row, container, note) {
  let next = first.next;
  const button = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      hidden: !next,
      onclick: async () => {
        if (!next) return;
        button.disabled = true;
        query.set('cursor', next);
        try {
          const page = await api(route, /** @type {Path<R>} */ (`${path}?${query}`));
          container.append(.../** @type {Parameters<typeof row>[0][]} */ (page[key]).map(row));
          /** @type {{ next: string | null, note?: string }} */
          const paging = page;
          if (note) note.textContent = paging.note ?? '';
          next = paging.next;
          button.hidden = !next;
          container.dispatchEvent(new Event('grown'));
        } catch (error) {
          if (note) note.textContent = errorText(error);
        } finally {
          button.disabled = false;
        }
      },
    },
    '加载更多',
  );
  return button;
}

/** @typedef {'POST /api/staff/uploads' | 'POST /api/staff/publications/uploads'} UploadRoute */
/**
 * Uploads one file straight to the private bucket with the presigned POST `route` issues; returns its uploadId.
 * @param {UploadRoute} route
 * @param {File} file
 * @returns {Promise<string>}
 */
export async function uploadTo(route, file) {
  const path = /** @type {Path<UploadRoute>} */ (route.slice(route.indexOf(' ') + 1));
  // The type as the browser names it: a type the route does not take is refused there, naming the file.
  const contentType = /** @type {import('./api-types').Body<UploadRoute>['contentType']} */ (file.type);
  const policy = await api(route, path, { fileName: file.name, contentType, size: file.size });
  const form = new FormData();
  for (const [name, value] of Object.entries(policy.fields)) form.append(name, String(value));
  form.append('file', file);
  const response = await fetch(policy.url, { method: 'POST', body: form });
  if (!response.ok) throw new ApiError(response.status, { message: `文件「${file.name}」上传失败，请重试。` });
  return policy.uploadId;
}

/**
 * A labelled text, multi-line or date field, for forms the console lays out itself: a `stepField`
 * described in place.
 * @param {string} name
 * @param {string} label
 * @param {{ multiline?: boolean, type?: 'date', required?: boolean, value?: string, maxlength?: number }} [options]
 */
export const textField = (name, label, options = {}) =>
  stepField({
    name,
    label,
    kind: options.multiline ? 'multiline' : (options.type ?? 'text'),
    required: options.required,
    value: options.value,
    maxLength: options.maxlength ?? 500,
  });

/**
 * The legal ground and the reason for keeping a 个人信息检查 finding, each with its label in view
 * and the reason's example under it (a placeholder in a table cell is cut off, and gone once typing
 * starts). `what` begins both labels: 「第 1 项确认公开的」. Without grounds, the reason alone.
 * @param {string} id
 * @param {string} what
 * @param {{ value: string, label: string }[]} grounds
 * @param {string} example
 */
export function keepReason(id, what, grounds, example) {
  // No grounds to choose (a wording kept as written): the reason only, no empty choice.
  const ground = grounds.length
    ? /** @type {HTMLSelectElement} */ (
        h(
          'select',
          { id: `${id}-ground`, name: `${id}-ground` },
          h('option', { value: '' }, '（不选择依据，理由中写明）'),
          grounds.map((g) => h('option', { value: g.value }, g.label)),
        )
      )
    : null;
  const reason = /** @type {HTMLTextAreaElement} */ (
    h('textarea', {
      id: `${id}-reason`,
      name: `${id}-reason`,
      rows: 2,
      maxlength: 500,
      'aria-describedby': `${id}-example`,
    })
  );
  const element = h(
    'div',
    { class: 'keep-reason' },
    ground ? h('div', { class: 'field' }, h('label', { for: ground.id }, `${what}法律依据`), ground) : null,
    h(
      'div',
      { class: 'field' },
      h('label', { for: reason.id }, `${what}理由`),
      h('p', { class: 'hint', id: `${id}-example` }, example),
      reason,
    ),
  );
  return { element, ground, reason };
}

/** @typedef {{ ground: HTMLSelectElement | null, reason: HTMLTextAreaElement }} KeepFields */

/**
 * A check's finding as the findings table reads it (个人信息检查's and 表述检查's answers alike).
 * @typedef {{ id: string, kindLabel: string, whereText: string, excerpt: string, name?: string, reason?: string,
 *   acknowledged?: { by: string, byName?: string, reason: string },
 *   expression?: { severity: 'serious' | 'warning', wrong: string, right: string } }} Finding
 */

/**
 * A check's findings as a table, 个人信息检查's and 表述检查's alike: each with its number, place, kind,
 * the sentence (masked; a wording's 「wrong」应为「right」 above it) and what is done with it — kept
 * (why, by whom), a lesser wording shown (`warning`, never asked to be kept), or, where the viewer may
 * keep it (`canKeep`), a reason of its own (with a legal ground for personal data; none for a wording);
 * otherwise what it awaits (`open`). `reasons` holds each open finding's fields, read by `keptReasons`.
 * @template {Finding} F
 * @param {F[]} findings
 * @param {{ canKeep: boolean, grounds: { value: string, label: string }[], open: (finding: F) => string, warning: string, idPrefix?: string }} options
 *   `idPrefix` keeps the reasons' ids apart where several tables share a page
 */
export function findingsTable(findings, { canKeep, grounds, open, warning, idPrefix = '' }) {
  /** @type {Map<string, KeepFields>} */
  const reasons = new Map();
  const rows = findings.map((f) => {
    const keep = f.expression
      ? keepReason(
          `${idPrefix}keep-${f.id}`,
          `第 ${f.id} 项保留原表述的`,
          [],
          '写明具体情况，如：引用文件原文，经核对原件如此。',
        )
      : keepReason(
          `${idPrefix}keep-${f.id}`,
          `第 ${f.id} 项确认公开的`,
          grounds,
          '写明具体情况，如：民政部门要求公示低保对象姓名。',
        );
    const lesser = f.expression?.severity === 'warning';
    if (!f.acknowledged && !lesser) reasons.set(f.id, keep);
    return h(
      'tr',
      { class: f.acknowledged ? 'muted' : undefined },
      h('td', { 'data-label': '编号' }, f.id),
      h('td', { 'data-label': '位置' }, f.whereText),
      h('td', { 'data-label': '类型' }, f.kindLabel, f.name ? `（${f.name}）` : ''),
      h(
        'td',
        { 'data-label': '摘录' },
        f.expression
          ? [h('strong', {}, `「${f.expression.wrong}」应为「${f.expression.right}」`), h('br', {}), f.excerpt]
          : f.excerpt || f.reason || '',
      ),
      h(
        'td',
        { 'data-label': '处理' },
        f.acknowledged
          ? `${f.expression ? '已确认保留' : '已确认公开'}：${f.acknowledged.reason}（${f.acknowledged.byName ?? f.acknowledged.by}）`
          : lesser
            ? h('span', { class: 'flag' }, warning)
            : canKeep
              ? keep.element
              : h('span', { class: 'flag flag-overdue' }, open(f)),
      ),
    );
  });
  const table = findings.length
    ? h(
        'table',
        { class: 'grid' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['编号', '位置', '类型', '摘录（已遮盖）', '处理'].map((t) => h('th', { scope: 'col' }, t)),
          ),
        ),
        h('tbody', {}, rows),
      )
    : null;
  return { table, reasons };
}

/** @typedef {NonNullable<import('./api-types').Body<'PUT /api/staff/site/pages/{page}'>['privacyAcknowledgements']>[number]} Acknowledgement */
/**
 * The reasons written in a findings table, as the API takes them: each finding with a reason, and
 * its legal ground where one was chosen (one of the grounds the API offered).
 * @param {Map<string, KeepFields>} reasons
 * @returns {Acknowledgement[]}
 */
export const keptReasons = (reasons) =>
  [...reasons]
    .map(([id, fields]) => ({
      id,
      reason: fields.reason.value.trim(),
      ...(fields.ground?.value && { ground: /** @type {Acknowledgement['ground']} */ (fields.ground.value) }),
    }))
    .filter((a) => a.reason);

/**
 * One field of a step's form, laid out from the API's description.
 * @param {FormField} field
 * @param {string} [form] the form's name, which keeps ids apart where several forms share a page
 */
export function stepField(field, form) {
  const id = form ? `a-${form}-${field.name}` : `a-${field.name}`;
  const label = h('label', { for: id }, field.label);
  /** @type {HTMLElement} */
  let control;
  switch (field.kind) {
    case 'choice':
      // No empty option, so always a value: `required` would say nothing, and HTML allows it on a
      // select only when its first option is an empty placeholder (the W3C checker refuses it).
      control = h(
        'select',
        { id, name: field.name },
        (field.choices ?? []).map((c) => h('option', { value: String(c.value) }, c.label)),
      );
      break;
    case 'multiline':
    case 'lines':
      control = h(
        'textarea',
        {
          id,
          name: field.name,
          required: field.required,
          rows: 3,
          maxlength: field.kind === 'lines' ? (field.maxItems ?? 1) * ((field.maxLength ?? 500) + 1) : field.maxLength,
        },
        field.value,
      );
      break;
    case 'files':
      control = h('input', { id, name: field.name, type: 'file', multiple: true, accept: field.accept });
      break;
    default:
      control = h('input', {
        id,
        name: field.name,
        type: field.kind === 'number' ? 'number' : field.kind === 'date' ? 'date' : 'text',
        required: field.required,
        value: field.value,
        min: field.min,
        max: field.max,
        // A length limit is for text: HTML allows none on a number or a date.
        maxlength: field.kind === 'number' || field.kind === 'date' ? undefined : field.maxLength,
      });
  }
  return h('div', { class: 'field' }, label, control);
}

/**
 * What a step's form carries, by each field's kind: numbers as numbers, choices as their values,
 * one entry a line as a list, files uploaded first (to `uploadRoute`). Empty fields are left out.
 * @param {StepForm} step
 * @param {HTMLFormElement} form
 * @param {UploadRoute} uploadRoute
 */
export async function stepBody(step, form, uploadRoute) {
  const data = new FormData(form);
  /** @type {Record<string, unknown>} */
  const body = { type: step.type };
  for (const field of step.fields) {
    if (field.kind === 'files') {
      const input = /** @type {HTMLInputElement | null} */ (form.elements.namedItem(field.name));
      const files = [...(input?.files ?? [])];
      if (files.length) body[field.name] = await Promise.all(files.map((file) => uploadTo(uploadRoute, file)));
      continue;
    }
    const value = String(data.get(field.name) ?? '');
    if (value === '') continue;
    if (field.kind === 'number') body[field.name] = Number(value);
    else if (field.kind === 'choice')
      body[field.name] = (field.choices ?? []).find((c) => String(c.value) === value)?.value ?? value;
    else if (field.kind === 'lines')
      body[field.name] = value
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
    else body[field.name] = value;
  }
  return body;
}

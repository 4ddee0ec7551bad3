// @ts-check
// The staff console's administration: 机构管理 (the county's administrators set up the agencies),
// 人员管理 (staff accounts: create, roles, disable, reset the password, sign-ins, open work) and
// 管理日志 (who changed what, before and after). What may be done comes from the API's answers.
import { api, beijing, errorText, h, me, message, render, siteProgress, textField } from './staff-kit.js';

/** @param {string} name @param {string} label @param {boolean} checked @param {string} [value] */
const checkbox = (name, label, checked, value = 'on') =>
  h('label', { class: 'check' }, h('input', { type: 'checkbox', name, value, checked }), ` ${label}`);

/**
 * @param {string} name @param {string} label @param {{ value: string, label: string }[]} options
 * @param {string} [selected]
 */
function select(name, label, options, selected) {
  const id = `a-${name}`;
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    h(
      'select',
      { id, name },
      options.map((o) => h('option', { value: o.value, selected: o.value === selected }, o.label)),
    ),
  );
}

/** A form whose submit calls `send` and says how it went in `feedback`. @param {HTMLFormElement} form @param {(data: FormData) => Promise<string | Node>} send */
function onSubmit(form, send) {
  const feedback = h('div', { 'aria-live': 'polite' });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = /** @type {HTMLButtonElement | null} */ (form.querySelector('button[type=submit]'));
    if (button) button.disabled = true;
    try {
      const said = await send(new FormData(form));
      feedback.replaceChildren(typeof said === 'string' ? message(said) : said);
    } catch (error) {
      feedback.replaceChildren(message(errorText(error), 'error'));
    } finally {
      if (button) button.disabled = false;
    }
  });
  return feedback;
}

// --- 机构管理 ----------------------------------------------------------------------------------

/**
 * @typedef {import('./api-types').Answer<'GET /api/staff/agencies'>} AgencyList
 * @typedef {import('./api-types').Answer<'GET /api/staff/agencies/{agencyId}'>} AgencyFound
 * @typedef {import('./api-types').Body<'POST /api/staff/agencies'>} AgencyBody
 * @typedef {import('./api-types').Body<'POST /api/staff/users'>['roles']} Roles
 */
/** @param {AgencyList | AgencyFound} list the API's answer (its fields) @param {FormData} data */
const agencyBody = (list, data) => ({
  name: String(data.get('name') ?? ''),
  shortName: String(data.get('shortName') ?? ''),
  // A choice of the API's own kinds: one it does not take is refused there, naming the field.
  kind: /** @type {AgencyBody['kind']} */ (String(data.get('kind'))),
  parentId: String(data.get('parentId') ?? '') || null,
  code: String(data.get('code') ?? '').trim(),
  order: Number(data.get('order')),
  acceptsApplications: data.get('acceptsApplications') === 'on',
  vertical: data.get('vertical') === 'on',
  superior: String(data.get('superior') ?? ''),
  receiptCutoff: String(data.get('receiptCutoff') ?? ''),
  // Each of the API's own fields (contactFields, siteFields) by its value.
  contact: /** @type {AgencyBody['contact']} */ (
    Object.fromEntries(list.contactFields.map((f) => [f.value, String(data.get(`contact.${f.value}`) ?? '')]))
  ),
  site: /** @type {AgencyBody['site']} */ (
    Object.fromEntries(list.siteFields.map((f) => [f.value, String(data.get(`site.${f.value}`) ?? '')]))
  ),
});

/**
 * The governments an agency may sit under (the form's choice of 上级机关): the first page of each
 * level, read when the form opens.
 */
async function governments() {
  const levels = await Promise.all(
    ['province', 'city', 'county'].map((kind) =>
      api('GET /api/staff/agencies', `/api/staff/agencies?kind=${kind}&limit=100`),
    ),
  );
  return levels.flatMap((level) => level.agencies);
}

/**
 * @param {AgencyList | AgencyFound} list the API's answer (its kinds and fields) @param {AgencyList['agencies']} above the governments it may sit under
 * @param {AgencyFound['agency']} [agency] the agency edited, or none for a new one @param {string} [parentId] a new one's parent
 */
function agencyForm(list, above, agency, parentId) {
  const parents = [
    // The portal's top government has no parent.
    ...(agency && agency.parentId === null ? [{ value: '', label: '（无上级机关）' }] : []),
    ...above.filter((a) => a.id !== agency?.id).map((a) => ({ value: a.id, label: a.name })),
  ];
  return h(
    'form',
    { class: 'settings' },
    agency ? null : textField('id', '机关标识（用于网址，如 xianrenqiao）', { required: true, maxlength: 40 }),
    textField('name', '机关名称', { value: agency?.name, required: true, maxlength: 60 }),
    textField('shortName', '简称', { value: agency?.shortName, maxlength: 20 }),
    select('kind', '机关类别', list.kinds, agency?.kind ?? 'town'),
    select('parentId', '上级机关', parents, agency?.parentId ?? parentId ?? parents[0]?.value),
    textField('code', '机关代码（2 至 8 位大写字母，用于受理编号、文书编号和索引号）', {
      value: agency?.code,
      required: true,
      maxlength: 8,
    }),
    textField('order', '排序（数字小的在前）', { value: String(agency?.order ?? 50), required: true, maxlength: 4 }),
    textField('receiptCutoff', '当日受理截止时间（如 17:00，可不填）', { value: agency?.receiptCutoff, maxlength: 5 }),
    checkbox('acceptsApplications', '受理依申请公开', agency?.acceptsApplications ?? true),
    checkbox(
      'vertical',
      '实行垂直领导（海关、金融、外汇管理、税务、国家安全机关，向上一级主管部门申请行政复议）',
      agency?.vertical ?? false,
    ),
    textField('superior', '上一级机关（垂直领导机关填上一级主管部门；县人民政府填上一级人民政府，如 白山市人民政府）', {
      value: agency?.superior,
      maxlength: 60,
    }),
    agency ? checkbox('active', '启用（停用后记录保留，不再出现在申请表中）', agency.active) : null,
    h('h3', {}, '政府信息公开工作机构联系方式'),
    list.contactFields.map((f) =>
      textField(`contact.${f.value}`, f.label, {
        value: /** @type {Record<string, string> | undefined} */ (agency?.contact)?.[f.value],
        maxlength: 200,
      }),
    ),
    h('h3', {}, '网站页脚信息'),
    h(
      'p',
      { class: 'hint' },
      '县级机关填写的适用于全站，乡镇和部门填写的只替换本机关专栏页面中的相应项；未填写的项目不显示。保存后，带有页脚的各页面（县级机关：全站各页面）随即在后台更新，页面较多时需要几分钟。',
    ),
    list.siteFields.map((f) =>
      textField(`site.${f.value}`, f.label, {
        value: /** @type {Record<string, string | undefined> | undefined} */ (agency?.site)?.[f.value],
        maxlength: 60,
      }),
    ),
    h('button', { type: 'submit' }, agency ? '保存' : '新建机关'),
  );
}

/** `#/agencies?parentId=&cursor=`: the agencies directly under one (the top government's by default), a page at a time. */
export async function agenciesView(/** @type {Record<string, string>} */ params = {}) {
  const home = me().agency;
  const parentId = params.parentId ?? (home.portalWide ? home.id : undefined);
  const query = new URLSearchParams({
    ...(parentId && { parentId }),
    ...(params.cursor && { cursor: params.cursor }),
  });
  const list = await api('GET /api/staff/agencies', `/api/staff/agencies?${query}`);
  const kindOf = Object.fromEntries(list.kinds.map((k) => [k.value, k.label]));
  /** @typedef {AgencyList['agencies'][number]} Listed */
  const governing = (/** @type {Listed} */ a) => ['province', 'city', 'county'].includes(a.kind);
  const actions = (/** @type {Listed} */ a) => [
    list.can.edit ? h('a', { href: `#/agencies/${encodeURIComponent(a.id)}` }, '修改') : null,
    ' ',
    h('a', { href: `#/users?agencyId=${encodeURIComponent(a.id)}` }, '人员'),
    ...(governing(a) && a.id !== list.parent?.id
      ? [' ', h('a', { href: `#/agencies?parentId=${encodeURIComponent(a.id)}` }, '下属机关')]
      : []),
  ];
  const table = h(
    'table',
    { class: 'grid' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['机关', '类别', '代码', '受理申请', '状态', ''].map((t) => h('th', { scope: 'col' }, t)),
      ),
    ),
    h(
      'tbody',
      {},
      list.agencies.map((a) =>
        h(
          'tr',
          {},
          h('td', {}, a.name),
          h('td', {}, kindOf[a.kind]),
          h('td', {}, h('code', {}, a.code)),
          h('td', {}, a.acceptsApplications ? '是' : '否'),
          h('td', {}, a.active ? '启用' : '已停用'),
          h('td', {}, actions(a)),
        ),
      ),
    ),
  );
  const level = list.parent
    ? h(
        'p',
        {},
        `${list.parent.name}（`,
        ...actions(list.parent),
        '）的直接下属机关',
        ...(list.parent.parentId
          ? [' · ', h('a', { href: `#/agencies?parentId=${encodeURIComponent(list.parent.parentId)}` }, '上一级')]
          : []),
      )
    : null;
  const more = list.next
    ? h(
        'p',
        {},
        h(
          'a',
          { href: `#/agencies?${new URLSearchParams({ ...(parentId && { parentId }), cursor: list.next })}` },
          '下一页',
        ),
      )
    : null;
  let creation = null;
  if (list.can.create) {
    const form = agencyForm(list, await governments(), undefined, parentId);
    const feedback = onSubmit(form, async (data) => {
      const created = await api('POST /api/staff/agencies', '/api/staff/agencies', {
        id: String(data.get('id') ?? '').trim(),
        ...agencyBody(list, data),
      });
      location.hash = `#/users?agencyId=${encodeURIComponent(created.id)}`;
      return `已新建${created.agency.name}，相关网站页面正在生成。`;
    });
    creation = h('section', {}, h('h2', {}, '新建机关'), feedback, form);
  }
  render(h('h1', {}, '机构管理'), level, table, more, creation);
}

/** @param {string} agencyId */
export async function agencyView(agencyId) {
  const found = await api(
    'GET /api/staff/agencies/{agencyId}',
    `/api/staff/agencies/${encodeURIComponent(agencyId)}`,
  ).catch(() => undefined);
  if (!found) return render(message('未找到该机关。', 'error'), h('p', {}, h('a', { href: '#/agencies' }, '返回')));
  const { agency } = found;
  const form = agencyForm(found, found.can.edit ? await governments() : [], agency);
  const feedback = onSubmit(form, async (data) => {
    const saved = await api(
      'PUT /api/staff/agencies/{agencyId}',
      `/api/staff/agencies/${encodeURIComponent(agencyId)}`,
      {
        ...agencyBody(found, data),
        active: data.get('active') === 'on',
        version: agency.version,
      },
    );
    agency.version = saved.agency.version;
    return h('div', {}, message('已保存。'), siteProgress());
  });
  const back = agency.parentId ? `#/agencies?parentId=${encodeURIComponent(agency.parentId)}` : '#/agencies';
  render(h('p', {}, h('a', { href: back }, '← 机构管理')), h('h1', {}, agency.name), feedback, form);
}

// --- 人员管理 ----------------------------------------------------------------------------------

/** @param {{ role: string, label: string }[]} grantable @param {string[]} held */
const roleBoxes = (grantable, held) =>
  h(
    'fieldset',
    {},
    h('legend', {}, '角色'),
    grantable.map((r) => checkbox('roles', r.label, held.includes(r.role), r.role)),
  );

/** The one-time temporary password, or the provider's note that an e-mail went out. @param {{ message: string, temporaryPassword?: string }} invitation */
const invitationNote = (invitation) =>
  h(
    'div',
    { class: 'notice', role: 'status' },
    h('p', {}, invitation.message),
    invitation.temporaryPassword
      ? h('p', {}, '临时密码：', h('code', { class: 'number' }, invitation.temporaryPassword))
      : null,
  );

/** @param {Record<string, string>} params */
export async function usersView(params) {
  const list = await api(
    'GET /api/staff/users',
    params.agencyId ? `/api/staff/users?agencyId=${encodeURIComponent(params.agencyId)}` : '/api/staff/users',
  );
  const chooser =
    list.agencies.length > 1
      ? h(
          'form',
          { class: 'filters', method: 'get' },
          select(
            'agencyId',
            '机关',
            list.agencies.map((a) => ({ value: a.id, label: a.name })),
            list.agency.id,
          ),
          h('button', { type: 'submit', class: 'secondary' }, '查看'),
        )
      : null;
  chooser?.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/users?agencyId=${encodeURIComponent(String(new FormData(chooser).get('agencyId')))}`;
  });
  const table = h(
    'table',
    { class: 'grid' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['姓名', '用户名', '角色', '状态', '最近登录', ...(list.provider === 'platform' ? ['登录失败'] : [])].map((t) =>
          h('th', { scope: 'col' }, t),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      list.users.map((u) =>
        h(
          'tr',
          {},
          h('td', {}, h('a', { href: `#/users/${encodeURIComponent(u.username)}` }, u.name)),
          h('td', {}, h('code', {}, u.username)),
          h('td', {}, u.roles.map((r) => r.label).join('、')),
          h('td', {}, u.disabled ? '已停用' : '正常'),
          h('td', {}, u.lastSignInAt ? beijing(u.lastSignInAt) : '从未登录'),
          list.provider === 'platform' ? h('td', {}, u.signInFailures ? `近一日 ${u.signInFailures} 次` : '无') : null,
        ),
      ),
    ),
  );
  const form = h(
    'form',
    { class: 'settings' },
    textField('username', '用户名（登录用，小写字母开头，如 xrq-handler）', { required: true, maxlength: 64 }),
    textField('name', '姓名', { required: true, maxlength: 30 }),
    textField('email', '电子邮箱', { required: true, maxlength: 100 }),
    textField('phone', '联系电话', { maxlength: 40 }),
    roleBoxes(list.grantable, ['handler']),
    h('button', { type: 'submit' }, '新建账号'),
  );
  const feedback = onSubmit(form, async (data) => {
    const created = await api('POST /api/staff/users', '/api/staff/users', {
      username: String(data.get('username') ?? '').trim(),
      name: String(data.get('name') ?? ''),
      email: String(data.get('email') ?? '').trim(),
      phone: String(data.get('phone') ?? ''),
      agencyId: list.agency.id,
      roles: /** @type {Roles} */ (data.getAll('roles').map(String)),
    });
    form.reset();
    return h(
      'div',
      {},
      message(`已新建账号 ${created.user.name}（${created.username}）。`),
      invitationNote(created.invitation),
    );
  });
  render(
    h('h1', {}, `人员管理：${list.agency.name}`),
    chooser,
    list.users.length ? table : h('p', {}, '本机关尚无工作人员账号。'),
    h('h2', {}, '新建账号'),
    feedback,
    form,
  );
}

/** @param {string} username */
export async function userView(username) {
  const detail = await api('GET /api/staff/users/{username}', `/api/staff/users/${encodeURIComponent(username)}`);
  const user = detail.user;
  const back = h('p', {}, h('a', { href: `#/users?agencyId=${encodeURIComponent(user.agencyId)}` }, '← 人员管理'));
  const work = detail.openWork;
  const openWork = h(
    'section',
    {},
    h('h2', {}, '在办事项'),
    work.applications.length || work.drafts.length
      ? h(
          'ul',
          {},
          work.applications.map((a) =>
            h(
              'li',
              {},
              h('a', { href: `#/applications/${encodeURIComponent(a.receiptNumber)}` }, a.receiptNumber),
              ` ${a.title}`,
              a.due ? `（答复期限 ${a.due}）` : '',
            ),
          ),
          work.drafts.map((d) =>
            h('li', {}, '草稿：', h('a', { href: `#/publications/${encodeURIComponent(d.id)}` }, d.title)),
          ),
        )
      : h('p', {}, '没有分配给该账号的在办申请或草稿。'),
    work.applications.length ? h('p', { class: 'hint' }, '停用前请在申请详情中改派经办人。') : null,
  );
  const signIns = h(
    'section',
    {},
    h('h2', {}, '登录记录'),
    detail.signIns.length
      ? h(
          'ul',
          {},
          detail.signIns.map((/** @type {string} */ at) => h('li', {}, h('time', { datetime: at }, beijing(at)))),
        )
      : h('p', {}, '从未登录。'),
  );
  const limits = detail.signInLimits ? signInLimitsSection(username, detail.signInLimits, detail.can.edit) : null;
  if (!detail.can.edit) {
    render(
      back,
      h('h1', {}, `${user.name}（${user.username}）`),
      message('该账号只有县级管理员可以修改。'),
      openWork,
      signIns,
      limits,
    );
    return;
  }
  const form = h(
    'form',
    { class: 'settings' },
    textField('name', '姓名', { value: user.name, required: true, maxlength: 30 }),
    textField('phone', '联系电话', { value: user.phone, maxlength: 40 }),
    h('p', {}, `电子邮箱：${user.email || '未填写'}`),
    roleBoxes(
      detail.grantable,
      user.roles.map((r) => r.role),
    ),
    checkbox('disabled', '停用该账号（立即生效，已登录的也不能再操作）', user.disabled),
    h('button', { type: 'submit' }, '保存'),
  );
  const feedback = onSubmit(form, async (data) => {
    const saved = await api('PUT /api/staff/users/{username}', `/api/staff/users/${encodeURIComponent(username)}`, {
      name: String(data.get('name') ?? ''),
      phone: String(data.get('phone') ?? ''),
      roles: /** @type {Roles} */ (data.getAll('roles').map(String)),
      disabled: data.get('disabled') === 'on',
      version: user.version,
    });
    user.version = saved.user.version;
    const pending = saved.openWork?.applications.length ?? 0;
    return saved.user.disabled
      ? `已停用。${pending ? `该账号尚有 ${pending} 件在办申请，请改派经办人。` : ''}`
      : '已保存。';
  });
  const reset = h('form', {}, h('button', { type: 'submit', class: 'secondary' }, '重置密码'));
  const resetFeedback = onSubmit(reset, async () => {
    const { invitation } = await api(
      'POST /api/staff/users/{username}/password',
      `/api/staff/users/${encodeURIComponent(username)}/password`,
    );
    return invitationNote(invitation);
  });
  render(
    back,
    h('h1', {}, `${user.name}（${user.username}）`),
    feedback,
    form,
    h('h2', {}, '密码'),
    resetFeedback,
    reset,
    openWork,
    signIns,
    limits,
  );
}

/**
 * 登录限制: the account's failed sign-ins of the last day and the sources made to wait, with 解除限制
 * for an administrator who may manage the account.
 * @param {string} username
 * @param {{ failures: number, lastFailureAt?: string, sources: { source: string, attempts: number, waitUntil?: string }[] }} limits
 * @param {boolean} mayClear
 */
function signInLimitsSection(username, limits, mayClear) {
  const content = h('div', {});
  /** @param {typeof limits} now */
  const show = (now) =>
    content.replaceChildren(
      now.failures
        ? h(
            'p',
            {},
            `近一日登录失败 ${now.failures} 次`,
            now.lastFailureAt ? `，最近一次 ${beijing(now.lastFailureAt)}` : '',
            '。',
          )
        : h('p', {}, '近一日没有登录失败。'),
      now.sources.length
        ? h(
            'table',
            { class: 'grid' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['来源地址', '尝试次数', '须等待至'].map((t) => h('th', { scope: 'col' }, t)),
              ),
            ),
            h(
              'tbody',
              {},
              now.sources.map((s) =>
                h(
                  'tr',
                  {},
                  h('td', {}, h('code', {}, s.source)),
                  h('td', {}, String(s.attempts)),
                  h('td', {}, s.waitUntil ? beijing(s.waitUntil) : '不受限'),
                ),
              ),
            ),
          )
        : '',
    );
  show(limits);
  const section = h('section', {}, h('h2', {}, '登录限制'), content);
  if (!mayClear || (!limits.failures && !limits.sources.length)) return section;
  const form = h(
    'form',
    {},
    h('p', { class: 'hint' }, '查明原因后（如本人多次输错），可解除限制；解除记入管理日志。'),
    h('button', { type: 'submit', class: 'secondary' }, '解除限制'),
  );
  const feedback = onSubmit(form, async () => {
    const cleared = await api(
      'DELETE /api/staff/users/{username}/sign-in-limits',
      `/api/staff/users/${encodeURIComponent(username)}/sign-in-limits`,
    );
    show(cleared.signInLimits);
    form.hidden = true;
    return '已解除登录限制。';
  });
  section.append(feedback, form);
  return section;
}

// --- 管理日志 ----------------------------------------------------------------------------------

/** @param {unknown} value */
const shown = (value) =>
  value === null || value === undefined || value === ''
    ? '（空）'
    : typeof value === 'boolean'
      ? value
        ? '是'
        : '否'
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);

export async function adminLogView() {
  const body = h('tbody', {});
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, '更多');
  /** @type {string | null} */
  let cursor = null;
  async function load() {
    const page = await api(
      'GET /api/staff/admin-log',
      `/api/staff/admin-log?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    for (const e of page.entries)
      body.append(
        h(
          'tr',
          {},
          h('td', {}, h('time', { datetime: e.at }, beijing(e.at))),
          h('td', {}, h('code', {}, e.by)),
          h('td', {}, `${e.subjectLabel} ${e.target}`),
          h('td', {}, e.action),
          h(
            'td',
            {},
            h(
              'ul',
              { class: 'changes' },
              e.changes.map((c) => h('li', {}, h('code', {}, c.field), `：${shown(c.before)} → ${shown(c.after)}`)),
            ),
          ),
        ),
      );
    cursor = page.next;
    more.hidden = !cursor;
  }
  more.addEventListener('click', () => void load());
  await load();
  render(
    h('h1', {}, '管理日志'),
    h(
      'p',
      { class: 'lead' },
      '机关、账号、角色、工作日历、文书设置和索引号规则的每次修改：修改人、时间和修改前后的内容。',
    ),
    h(
      'table',
      { class: 'grid' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['时间', '修改人', '对象', '操作', '修改内容'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      body,
    ),
    more,
  );
}

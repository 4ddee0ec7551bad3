// The staff console: the queue, an application's detail with its statutory steps, letters, the
// outbox and the agency's letter settings. Plain DOM: every text goes in through textContent, so
// nothing an applicant typed can become markup; letters render in a sandboxed frame.
import { casesSection, reportsView, reportView } from './staff-reports.js';

const main = document.getElementById('main');
const tokenKey = 'gongkai.token';

// --- Sign-in: the local sign-in page, or Cognito's hosted UI, leaves an ID token for this tab -----
const fragment = new URLSearchParams(location.hash.includes('id_token=') ? location.hash.slice(1) : '');
if (fragment.get('id_token')) {
  sessionStorage.setItem(tokenKey, fragment.get('id_token'));
  history.replaceState(null, '', location.pathname);
}
const token = () => sessionStorage.getItem(tokenKey);

// --- Helpers -------------------------------------------------------------------------------------
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `请求失败（${status}）`);
    this.status = status;
    this.fields = body?.errors ?? [];
  }
}

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: { authorization: `Bearer ${token()}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const type = response.headers.get('content-type') ?? '';
  const result = type.includes('json') ? await response.json() : await response.text();
  if (response.status === 401) {
    sessionStorage.removeItem(tokenKey);
    showSignIn('登录已过期，请重新登录。');
    throw new ApiError(401, { message: '请先登录。' });
  }
  if (!response.ok) throw new ApiError(response.status, result);
  return result;
}

const statusLabels = {
  registered: '已受理，正在办理',
  correctionRequested: '待补正',
  inProgress: '正在办理',
  consulting: '征求意见中',
  feeNotice: '待缴费',
  answered: '已答复',
  closed: '已办结',
  withdrawn: '已撤回',
  abandoned: '视为放弃申请',
};
const outcomes = {
  disclosed: '予以公开',
  partial: '部分公开',
  'withheld.stateSecret': '不予公开：属于国家秘密',
  'withheld.lawForbids': '不予公开：其他法律行政法规禁止公开',
  'withheld.security': '不予公开：危及“三安全一稳定”',
  'withheld.thirdParty': '不予公开：保护第三方合法权益',
  'withheld.internal': '不予公开：属于三类内部事务信息',
  'withheld.process': '不予公开：属于四类过程性信息',
  'withheld.enforcement': '不予公开：属于行政执法案卷',
  'withheld.query': '不予公开：属于行政查询事项',
  'unable.notHeld': '无法提供：本机关不掌握相关政府信息',
  'unable.needsCreation': '无法提供：没有现成信息需要另行制作',
  'unable.stillUnclear': '无法提供：补正后申请内容仍不明确',
  'notProcessed.petition': '不予处理：信访举报投诉类申请',
  'notProcessed.repeat': '不予处理：重复申请',
  'notProcessed.publication': '不予处理：要求提供公开出版物',
  'notProcessed.excessive': '不予处理：无正当理由大量反复申请',
  'notProcessed.confirm': '不予处理：要求行政机关确认或重新出具已获取信息',
};
const deliveryLabels = {
  pending: '待发送',
  local: '本地保存（未实际发送）',
  sent: '已发送',
  failed: '发送失败，将重试',
};
const formatDay = (iso) => (iso ? `${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日` : '待定');
const beijing = (at) => new Date(new Date(at).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

function render(...nodes) {
  main.replaceChildren(...nodes.filter(Boolean));
  main.focus();
}

function message(text, kind = 'status') {
  return h(
    'p',
    { role: kind === 'error' ? 'alert' : 'status', class: kind === 'error' ? 'error-summary' : 'notice' },
    text,
  );
}

/**
 * Follows the renderer after a step that queued pages of the public site: says they are being
 * written, then that the site is up to date (or that it is slow and will finish by itself).
 */
function siteProgress() {
  const node = message('公开网站正在更新……');
  (async () => {
    for (let i = 0; i < 30; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const status = await api('GET', '/api/staff/site/status').catch(() => undefined);
      if (status?.upToDate) return node.replaceChildren('公开网站已更新。');
    }
    node.replaceChildren('公开网站更新较慢，系统将自动完成，请稍后查看公开页面。');
  })();
  return node;
}

function showSignIn(text = '请先登录。') {
  render(
    h('h1', {}, '工作人员登录'),
    message(text, 'error'),
    me?.signInUrl
      ? h('p', {}, h('a', { href: me.signInUrl }, '前往登录页面'))
      : h('p', {}, '本平台尚未配置统一身份认证登录，请联系系统管理员。'),
  );
}

// --- Who is signed in --------------------------------------------------------------------------
let me;
let agencies = [];

async function loadProfile() {
  const config = await fetch('/staff/config.json').then(
    (r) => (r.ok ? r.json() : {}),
    () => ({}),
  );
  if (!token()) {
    me = { signInUrl: config.signInUrl };
    return false;
  }
  me = { ...(await api('GET', '/api/staff/me')), signInUrl: config.signInUrl };
  agencies = (await fetch('/api/agencies').then((r) => r.json())).agencies;
  const roles = me.roles.map((r) => r.role);
  document.getElementById('who').textContent =
    `${me.agency.name} ${me.name}（${me.roles.map((r) => r.label).join('、')}）`;
  for (const link of document.querySelectorAll('[data-role]')) link.hidden = !roles.includes(link.dataset.role);
  const signout = document.getElementById('signout');
  signout.hidden = false;
  signout.addEventListener('click', () => {
    sessionStorage.removeItem(tokenKey);
    location.href = '/staff/';
  });
  return true;
}
const hasRole = (role) => me.roles.some((r) => r.role === role);
/** What the console's other modules use. */
const kit = () => ({ h, api, render, message, siteProgress, me });

/**
 * 加载更多 for a list the API serves a page at a time: appends each next page's rows to `container`
 * (rows from `row`, items from the answer's `key`), and shows the API's note, if any, in `note`.
 */
function moreButton(path, query, first, key, row, container, note) {
  let next = first.next;
  const button = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      hidden: !next,
      onclick: async () => {
        button.disabled = true;
        query.set('cursor', next);
        try {
          const page = await api('GET', `${path}?${query}`);
          container.append(...page[key].map(row));
          if (note) note.textContent = page.note ?? '';
          next = page.next;
          button.hidden = !next;
          container.dispatchEvent(new Event('grown'));
        } catch (error) {
          if (note) note.textContent = error.message;
        } finally {
          button.disabled = false;
        }
      },
    },
    '加载更多',
  );
  return button;
}

// --- The queue -----------------------------------------------------------------------------------
/** A queue row: receipt number, dates, applicant (masked), request, status, assignee, deadline with its flags. */
const queueRow = (a) =>
  h(
    'tr',
    { class: a.overdue ? 'overdue' : a.dueSoon ? 'due-soon' : undefined },
    h('td', {}, h('a', { href: `#/applications/${encodeURIComponent(a.receiptNumber)}` }, a.receiptNumber)),
    h('td', {}, a.receiptDate),
    h('td', {}, a.applicantName, h('br'), h('small', {}, `${a.identity} ${a.phone}`)),
    h('td', {}, a.title),
    h('td', {}, a.statusLabel),
    h('td', {}, a.assignee ?? '未指定'),
    h(
      'td',
      {},
      a.due ?? '—',
      a.overdue ? h('span', { class: 'flag flag-overdue' }, '已逾期') : null,
      a.dueSoon ? h('span', { class: 'flag flag-soon' }, '3 个工作日内到期') : null,
    ),
  );

async function queueView(params) {
  const query = new URLSearchParams(params);
  for (const [key, value] of [...query]) if (!value) query.delete(key);
  const first = await api('GET', `/api/staff/applications?${query}`);
  const { agency } = first;
  const subordinates = hasRole('admin') ? agencies.filter((a) => a.parentId === me.agency.id) : [];
  const filters = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      onsubmit: (event) => {
        event.preventDefault();
        location.hash = `#/?${new URLSearchParams(new FormData(event.target))}`;
      },
    },
    subordinates.length
      ? h(
          'label',
          {},
          '机关 ',
          h(
            'select',
            { name: 'agency' },
            h('option', { value: '' }, me.agency.name),
            subordinates.map((a) => h('option', { value: a.id, selected: params.agency === a.id }, a.name)),
          ),
        )
      : null,
    h(
      'label',
      {},
      '状态 ',
      h(
        'select',
        { name: 'status' },
        h('option', { value: '' }, '全部'),
        Object.entries(statusLabels).map(([value, label]) =>
          h('option', { value, selected: params.status === value }, label),
        ),
      ),
    ),
    h(
      'label',
      {},
      '答复期限 ',
      h(
        'select',
        { name: 'due' },
        h('option', { value: '' }, '全部'),
        h('option', { value: 'overdue', selected: params.due === 'overdue' }, '已逾期'),
        h('option', { value: 'soon', selected: params.due === 'soon' }, '3 个工作日内到期'),
      ),
    ),
    h(
      'label',
      {},
      '申请人 ',
      h(
        'select',
        { name: 'applicantKind' },
        h('option', { value: '' }, '全部'),
        h('option', { value: 'person', selected: params.applicantKind === 'person' }, '自然人'),
        h('option', { value: 'organisation', selected: params.applicantKind === 'organisation' }, '法人或其他组织'),
      ),
    ),
    h(
      'label',
      {},
      '经办人 ',
      h(
        'select',
        { name: 'assignee' },
        h('option', { value: '' }, '全部'),
        h('option', { value: me.username, selected: params.assignee === me.username }, '我'),
        h('option', { value: '-', selected: params.assignee === '-' }, '未指定'),
      ),
    ),
    h(
      'label',
      {},
      '年度 ',
      h('input', { name: 'year', type: 'number', min: 2000, max: 2100, value: params.year ?? '', class: 'year' }),
    ),
    h(
      'label',
      {},
      '搜索 ',
      h('input', { name: 'q', type: 'search', value: params.q ?? '', placeholder: '受理编号、申请人姓名或所需信息' }),
    ),
    h('button', { type: 'submit' }, '筛选'),
  );

  // One page at a time; 加载更多 appends the next, and says when a filter looked far without filling one.
  const body = h('tbody', {}, first.items.map(queueRow));
  const shown = h('span', {}, String(first.items.length));
  const note = h('p', { class: 'hint', 'aria-live': 'polite' }, first.note ?? '');
  const more = moreButton('/api/staff/applications', query, first, 'items', queueRow, body, note);
  body.addEventListener('grown', () => void (shown.textContent = String(body.children.length)));
  render(
    h('h1', {}, `依申请公开办理：${agency.name}`),
    filters,
    h(
      'p',
      { class: 'summary' },
      '已显示 ',
      shown,
      ' 件。按答复期限先后排列，已逾期的在前；可按“答复期限”筛选已逾期或 3 个工作日内到期的申请。',
    ),
    first.items.length || first.next
      ? h(
          'table',
          { class: 'grid queue' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['受理编号', '收到日期', '申请人', '所需信息', '状态', '经办人', '答复期限'].map((t) =>
                h('th', { scope: 'col' }, t),
              ),
            ),
          ),
          body,
        )
      : h('p', {}, '没有符合条件的申请。'),
    note,
    more,
  );
}

// --- One application -----------------------------------------------------------------------------
const fields = {
  text: (name, label, options = {}) =>
    h(
      'div',
      { class: 'field' },
      h('label', { for: `a-${name}` }, label),
      h(
        options.multiline ? 'textarea' : 'input',
        {
          id: `a-${name}`,
          name,
          type: options.multiline ? undefined : (options.type ?? 'text'),
          required: options.required,
          rows: options.multiline ? 3 : undefined,
          value: options.multiline ? undefined : options.value,
          min: options.min,
          max: options.max,
          maxlength: options.maxlength ?? 500,
        },
        options.multiline ? options.value : undefined,
      ),
    ),
  select: (name, label, choices, options = {}) =>
    h(
      'div',
      { class: 'field' },
      h('label', { for: `a-${name}` }, label),
      h(
        'select',
        { id: `a-${name}`, name, required: options.required },
        Object.entries(choices).map(([value, text]) => h('option', { value }, text)),
      ),
    ),
};

/** The steps open to this member of staff in this state, with the fields each asks for. */
function actionsFor(application, staff) {
  const s = application.status;
  const handler = hasRole('handler');
  const reviewer = hasRole('reviewer');
  const list = [];
  const add = (type, label, build = () => [], when = true) => when && list.push({ type, label, build });
  add(
    'confirmReceipt',
    '确认收到申请',
    () => [
      fields.text('receiptDate', '更正收到申请之日（如需；不晚于今天，非工作日顺延）', { type: 'date' }),
      fields.select('receivedOnPaper', '收到方式', {
        false: '以网络提交为准',
        true: '此前已收到纸质申请（最早网络提交前 30 日）',
      }),
      fields.text('reason', '更正理由'),
    ],
    handler && s === 'registered',
  );
  add(
    'requestCorrection',
    '告知补正',
    () => [
      fields.text('items', '补正事项（每行一项）', { multiline: true, required: true }),
      fields.text('periodDays', '补正期限（工作日）', { type: 'number', min: 1, max: 30, value: 10, required: true }),
    ],
    handler && ['registered', 'inProgress'].includes(s),
  );
  add('receiveCorrection', '收到补正', () => [], handler && s === 'correctionRequested');
  add(
    'startConsultation',
    '征求第三方或共同制作机关意见',
    () => [
      fields.text('party', '征求意见对象', { required: true }),
      fields.select('kind', '类型', {
        thirdParty: '第三方（条例第三十二条）',
        coProducer: '共同制作机关（条例第三十四条）',
      }),
    ],
    handler && s === 'inProgress',
  );
  add(
    'recordConsultationReply',
    '记录意见',
    () => [fields.text('reply', '意见内容', { multiline: true, required: true })],
    handler && s === 'consulting',
  );
  add(
    'requestExtension',
    '申请延期',
    () => [
      fields.text('days', '延长天数（工作日，最多 20）', {
        type: 'number',
        min: 1,
        max: 20,
        value: 20,
        required: true,
      }),
      fields.text('reason', '延期理由', { multiline: true, required: true }),
    ],
    handler && s === 'inProgress' && !application.clock?.extension && !application.handling?.extensionRequest,
  );
  add(
    'decideExtension',
    '审批延期',
    () => [
      fields.select('approve', '审批结果', { true: '同意延期', false: '不同意' }),
      fields.text('reason', '审批意见', { required: true }),
    ],
    reviewer && Boolean(application.handling?.extensionRequest),
  );
  add(
    'sendFeeNotice',
    '发出收费通知',
    () => [
      fields.select('scheme', '收费方式', { perPage: '按量计收（页）', perItem: '按件计收（件）' }),
      fields.text('quantity', '页数或件数', { type: 'number', min: 1, required: true }),
      h('div', { class: 'fee-preview', 'aria-live': 'polite' }),
    ],
    handler && s === 'inProgress',
  );
  add('recordPayment', '记录已缴费', () => [], handler && s === 'feeNotice');
  add(
    'answer',
    '作出答复',
    () => [
      fields.select('outcome', '答复类型', outcomes, { required: true }),
      fields.text('basis', '法律依据', { multiline: true, required: true }),
      fields.text('location', '已主动公开信息的获取方式（予以公开时可填）'),
      fields.text('responsibleAgency', '负责公开的机关（本机关不掌握时填写）'),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'a-files' }, '提供的文件（公开或经区分处理的文件，PDF/JPEG/PNG，每个不超过 10 MB）'),
        h('input', {
          id: 'a-files',
          name: 'files',
          type: 'file',
          multiple: true,
          accept: 'application/pdf,image/jpeg,image/png',
        }),
      ),
    ],
    handler && s === 'inProgress',
  );
  add('close', '办结', () => [], handler && s === 'answered');
  add(
    'withdraw',
    '申请人撤回',
    () => [fields.text('reason', '撤回情况', { required: true })],
    handler && ['registered', 'inProgress', 'correctionRequested', 'consulting', 'feeNotice'].includes(s),
  );
  add(
    'assign',
    '指定经办人',
    () => [
      fields.select(
        'assignee',
        '经办人',
        Object.fromEntries(staff.map((m) => [m.username, `${m.name}（${m.username}）`])),
      ),
    ],
    handler || reviewer,
  );
  add(
    'note',
    '内部备注',
    () => [fields.text('text', '备注', { multiline: true, required: true })],
    handler || reviewer,
  );
  return list;
}

/** Uploads one file straight to the private bucket with the presigned POST `route` issues; returns its uploadId. */
async function uploadTo(route, file) {
  const policy = await api('POST', route, { fileName: file.name, contentType: file.type, size: file.size });
  const form = new FormData();
  for (const [name, value] of Object.entries(policy.fields)) form.append(name, value);
  form.append('file', file);
  const response = await fetch(policy.url, { method: 'POST', body: form });
  if (!response.ok) throw new ApiError(response.status, { message: `文件「${file.name}」上传失败，请重试。` });
  return policy.uploadId;
}
const uploadFile = (file) => uploadTo('/api/staff/uploads', file);

/** The action's body from its form: numbers as numbers, lines as lists, files uploaded first. */
async function actionBody(type, form) {
  const data = new FormData(form);
  const action = { type };
  for (const [name, value] of data) {
    if (name === 'files' || value === '') continue;
    if (['periodDays', 'days', 'quantity'].includes(name)) action[name] = Number(value);
    else if (name === 'approve' || name === 'receivedOnPaper') action[name] = value === 'true';
    else if (name === 'items')
      action[name] = value
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
    else action[name] = value;
  }
  const files = [...(form.querySelector('input[type=file]')?.files ?? [])];
  if (files.length) action.files = await Promise.all(files.map(uploadFile));
  return action;
}

function letterFrame(html) {
  const frame = h('iframe', { class: 'letter-frame', title: '文书', sandbox: 'allow-same-origin allow-modals' });
  frame.srcdoc = html;
  return frame;
}

async function showLetter(receiptNumber, letter, container) {
  const html = await api(
    'GET',
    `/api/staff/applications/${encodeURIComponent(receiptNumber)}/letters/${letter.version}`,
  );
  const frame = letterFrame(html);
  container.replaceChildren(
    h('p', {}, h('button', { type: 'button', onclick: () => frame.contentWindow.print() }, `打印 ${letter.number}`)),
    frame,
  );
}

async function detailView(receiptNumber) {
  const detail = await api('GET', `/api/staff/applications/${encodeURIComponent(receiptNumber)}`);
  const { application, deadline, events, letters, staff, readOnly } = detail;
  const applicant = application.applicant;
  const letterBox = h('div', { class: 'letter-box' });
  const feedback = h('div', { 'aria-live': 'polite' });

  const facts = (pairs) =>
    h(
      'dl',
      { class: 'facts' },
      pairs.filter(([, v]) => v).map(([k, v]) => h('div', { class: 'row' }, h('dt', {}, k), h('dd', {}, v))),
    );
  const actionForms = readOnly
    ? []
    : actionsFor(application, staff).map(({ type, label, build }) => {
        const form = h(
          'form',
          { class: 'action', 'data-action': type },
          ...build(),
          h('button', { type: 'submit' }, label),
        );
        form.addEventListener('submit', async (event) => {
          event.preventDefault();
          const button = form.querySelector('button[type=submit]');
          button.disabled = true;
          try {
            const result = await api('POST', `/api/staff/applications/${encodeURIComponent(receiptNumber)}/actions`, {
              version: application.version,
              action: await actionBody(type, form),
            });
            sessionStorage.setItem(
              'gongkai.flash',
              `${result.event.text}${result.letter ? ` 已生成${result.letter.title}（${result.letter.number}）。` : ''}`,
            );
            await detailView(receiptNumber);
          } catch (error) {
            feedback.replaceChildren(
              message(
                error.message + (error.fields?.length ? `（${error.fields.map((f) => f.message).join('；')}）` : ''),
                'error',
              ),
            );
            if (error.status === 409)
              feedback.append(
                h('p', {}, h('button', { type: 'button', onclick: () => detailView(receiptNumber) }, '刷新')),
              );
            button.disabled = false;
          }
        });
        if (type === 'sendFeeNotice') {
          form.addEventListener('input', async () => {
            const data = new FormData(form);
            const preview = form.querySelector('.fee-preview');
            if (!Number(data.get('quantity'))) return preview.replaceChildren();
            try {
              const fee = await api(
                'GET',
                `/api/staff/applications/${encodeURIComponent(receiptNumber)}/fee?scheme=${data.get('scheme')}&quantity=${data.get('quantity')}`,
              );
              preview.replaceChildren(
                h(
                  'ul',
                  {},
                  fee.text.map((line) => h('li', {}, line)),
                ),
              );
            } catch (error) {
              preview.replaceChildren(message(error.message, 'error'));
            }
          });
        }
        return h('details', { class: 'action-panel' }, h('summary', {}, label), form);
      });

  const flash = sessionStorage.getItem('gongkai.flash');
  sessionStorage.removeItem('gongkai.flash');
  render(
    h('p', {}, h('a', { href: '#/' }, '← 返回申请队列')),
    h('h1', {}, `${application.receiptNumber} ${application.request.title}`),
    flash ? message(flash) : null,
    readOnly ? message('只读：您可以查看本申请，个人信息已遮蔽。') : null,
    h(
      'div',
      { class: 'columns' },
      h(
        'div',
        {},
        h('h2', {}, '申请'),
        facts([
          ['状态', statusLabels[application.status]],
          ['收到申请之日', application.receiptDate],
          ['经办人', application.handling?.assignee ?? '未指定'],
          ['申请人', `${applicant.name}（${applicant.kind === 'person' ? '自然人' : '法人或其他组织'}）`],
          ['证件号码', applicant.idNumber ?? applicant.creditCode],
          ['联系电话', applicant.phone],
          ['电子邮箱', applicant.email],
          ['通信地址', applicant.address],
          ['所需信息', application.request.title],
          ['文件编号', application.request.documentNumber],
          ['内容描述', application.request.description],
        ]),
        h('h2', {}, '答复期限'),
        h(
          'p',
          { class: 'due' },
          deadline.due ?? '待定',
          deadline.overdue ? h('span', { class: 'flag flag-overdue' }, '已逾期') : null,
          deadline.dueSoon ? h('span', { class: 'flag flag-soon' }, '3 个工作日内到期') : null,
        ),
        h(
          'ol',
          { class: 'derivation' },
          deadline.steps.map((s) => h('li', {}, s.text)),
        ),
        h('h2', {}, '文书'),
        letters.length
          ? h(
              'ul',
              {},
              letters.map((l) =>
                h(
                  'li',
                  {},
                  h(
                    'button',
                    { type: 'button', class: 'link', onclick: () => showLetter(receiptNumber, l, letterBox) },
                    `${l.title}（${l.number}）`,
                  ),
                  ` ${l.issuedOn}`,
                  l.toApplicant ? '' : '（不向申请人公开）',
                ),
              ),
            )
          : h('p', {}, '暂无。'),
        letterBox,
      ),
      h(
        'div',
        {},
        readOnly ? null : h('h2', {}, '办理'),
        feedback,
        actionForms,
        readOnly ? null : await casesSection(kit(), receiptNumber, readOnly),
        h('h2', {}, '办理记录'),
        h(
          'ol',
          { class: 'timeline' },
          events.map((e) =>
            h(
              'li',
              {},
              h('time', { datetime: e.at }, beijing(e.at)),
              e.actor && !e.text.startsWith(e.actor) ? ` ${e.actor} ` : ' ',
              e.text,
              e.public ? '' : h('span', { class: 'flag' }, '内部'),
            ),
          ),
        ),
      ),
    ),
  );
}

// --- Outbox and letter settings ------------------------------------------------------------------
const mailItem = (m) =>
  h(
    'li',
    {},
    h(
      'details',
      {},
      h('summary', {}, `${beijing(m.at)} 致 ${m.to}：${m.subject}（${deliveryLabels[m.delivery] ?? m.delivery}）`),
      h('pre', {}, m.text),
    ),
  );

async function outboxView() {
  const first = await api('GET', '/api/staff/outbox');
  const list = h('ul', { class: 'outbox' }, first.mail.map(mailItem));
  render(
    h('h1', {}, '发件箱'),
    h('p', { class: 'lead' }, '发给申请人的文书邮件，最新的在前。本地运行时不实际发送，保存在此备查。'),
    first.mail.length ? list : h('p', {}, '暂无邮件。'),
    moreButton('/api/staff/outbox', new URLSearchParams(), first, 'mail', mailItem, list),
  );
}

async function settingsView() {
  const settings = await api('GET', '/api/staff/agency/letters');
  const labels = {
    prefix: '文书字号前缀（如 露政公）',
    reconsiderationBody: '行政复议机关',
    court: '行政诉讼法院',
    payment: '缴费方式',
    office: '联系机构',
    address: '地址',
    phone: '电话',
    email: '电子邮箱（接收年度报告报送提醒）',
  };
  const feedback = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'settings' },
    Object.entries(labels).map(([name, label]) =>
      fields.text(name, label, { value: settings[name], required: !['address', 'phone', 'email'].includes(name) }),
    ),
    h('button', { type: 'submit' }, '保存'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const saved = await api('PUT', '/api/staff/agency/letters', {
        ...Object.fromEntries(new FormData(form)),
        version: settings.version,
      });
      settings.version = saved.version;
      feedback.replaceChildren(message('已保存。此后发出的文书使用新的设置，已发出的文书不变。'));
    } catch (error) {
      feedback.replaceChildren(message(error.message, 'error'));
    }
  });
  const publishing = await api('GET', '/api/staff/agency/publishing');
  const indexFeedback = h('div', { 'aria-live': 'polite' });
  const example = h('p', { class: 'hint' }, `示例：${publishing.example}`);
  const indexForm = h(
    'form',
    { class: 'settings' },
    fields.text('indexPattern', '索引号规则（{code} 机构代码，{YYYY} 年度，{NNNNN} 顺序号）', {
      value: publishing.indexPattern,
      required: true,
      maxlength: 60,
    }),
    fields.text('orgCode', '机构代码（组织机构代码或统一社会信用代码）', {
      value: publishing.orgCode,
      required: true,
      maxlength: 18,
    }),
    example,
    h('button', { type: 'submit' }, '保存'),
  );
  indexForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const saved = await api('PUT', '/api/staff/agency/publishing', {
        ...Object.fromEntries(new FormData(indexForm)),
        version: publishing.version,
      });
      publishing.version = saved.version;
      example.textContent = `示例：${saved.example}`;
      indexFeedback.replaceChildren(message('已保存。此后发布的信息使用新的规则，已发布信息的索引号不变。'));
    } catch (error) {
      indexFeedback.replaceChildren(message(error.message, 'error'));
    }
  });
  render(
    h('h1', {}, '机关设置'),
    h('h2', {}, '文书'),
    h('p', { class: 'lead' }, '文书编号形如“露政公复〔2026〕3号”；答复书的救济条款写明行政复议机关和法院。'),
    feedback,
    form,
    h('h2', {}, '索引号'),
    indexFeedback,
    indexForm,
    hasRole('admin') && me.agency.kind === 'county' ? maintenanceSection() : null,
  );
}

const jobLabels = { rebuildSite: '重新生成公开网站', recount: '核对年度报告计数', requeue: '按新日历重新计算答复期限' };

/** What a finished job found, in a sentence. */
function jobSummary(job) {
  if (job.state === 'failed') return job.error;
  const r = job.result ?? {};
  if (job.kind === 'rebuildSite') return `已完成：写入 ${r.written ?? 0} 个文件。`;
  if (job.kind === 'recount')
    return `已完成：核对 ${r.counted ?? 0} 个机关，${r.differences ? `发现 ${r.differences} 处计数与记录不一致${r.repaired ? '，已按记录修复' : '，可选择“按记录修复”'}` : '计数与记录一致'}。`;
  return `已完成：${r.moved ?? 0} 件在办申请的答复期限已更新。`;
}

/** A background job followed to its end: its progress bar, then what it found. */
function jobProgress(job) {
  const bar = h('progress', {
    max: Math.max(job.progress.total, 1),
    value: job.progress.done,
    'aria-label': `${jobLabels[job.kind]}进度`,
  });
  const text = h('span', {}, '已开始……');
  const node = h('div', { class: 'job', role: 'status' }, h('p', {}, `${jobLabels[job.kind]}：`, text), bar);
  (async () => {
    for (let current = job; ; ) {
      bar.max = Math.max(current.progress.total, 1);
      bar.value = current.progress.done;
      if (current.state === 'done' || current.state === 'failed') {
        bar.remove();
        return text.replaceChildren(jobSummary(current));
      }
      text.replaceChildren(
        current.progress.total ? `已完成 ${current.progress.done} / ${current.progress.total}……` : '排队中……',
      );
      await new Promise((resolve) => setTimeout(resolve, 1000));
      current = await api('GET', current.href).catch(() => current);
    }
  })();
  return node;
}

/** The county administrators' maintenance: a whole-site rebuild and the counters' recount, as background jobs. */
function maintenanceSection() {
  const feedback = h('div', { 'aria-live': 'polite' });
  const start = (path, body) => async () => {
    try {
      feedback.replaceChildren(jobProgress(await api('POST', path, body)));
    } catch (error) {
      feedback.replaceChildren(message(error.message, 'error'));
    }
  };
  return h(
    'section',
    { 'aria-labelledby': 'maintenance-title' },
    h('h2', { id: 'maintenance-title' }, '平台维护'),
    h('p', { class: 'lead' }, '以下操作在后台运行，可离开本页；仅用于故障恢复和核对。'),
    h(
      'p',
      { class: 'actions' },
      h(
        'button',
        { type: 'button', class: 'secondary', onclick: start('/api/staff/site/rebuild') },
        '重新生成公开网站',
      ),
      h(
        'button',
        { type: 'button', class: 'secondary', onclick: start('/api/reports/recount', { repair: false }) },
        '核对年度报告计数',
      ),
      h(
        'button',
        { type: 'button', class: 'secondary', onclick: start('/api/reports/recount', { repair: true }) },
        '按记录修复年度报告计数',
      ),
    ),
    feedback,
  );
}

// --- 主动公开: the list, the form, review, revision, withdrawal ---------------------------------
const pubStatusFlags = {
  draft: '草稿',
  submitted: '待审核',
  published: '已发布',
  revising: '修订中',
  revisionSubmitted: '修订待审核',
  withdrawn: '已撤销',
};

const publicationRow = (p) =>
  h(
    'tr',
    {},
    h('td', {}, h('a', { href: `#/publications/${p.id}` }, p.title)),
    h('td', {}, p.categoryName),
    h('td', {}, p.statusLabel),
    h('td', {}, p.indexNumber ?? '—'),
    h('td', {}, p.publishedOn ?? '—', p.late ? h('span', { class: 'flag flag-overdue' }, '逾期发布') : null),
  );

async function publicationsView() {
  const first = await api('GET', '/api/staff/publications');
  const body = h('tbody', {}, first.publications.map(publicationRow));
  render(
    h('h1', {}, '主动公开'),
    h(
      'p',
      {},
      hasRole('handler') ? h('a', { class: 'button', href: '#/publications/new' }, '新建信息') : null,
      first.late ? h('span', { class: 'flag flag-overdue' }, `超过 20 个工作日发布 ${first.late} 件`) : null,
    ),
    first.publications.length
      ? h(
          'table',
          { class: 'grid' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['名称', '类别', '状态', '索引号', '发布日期'].map((t) => h('th', { scope: 'col' }, t)),
            ),
          ),
          body,
        )
      : h('p', {}, '暂无信息。'),
    moreButton('/api/staff/publications', new URLSearchParams(), first, 'publications', publicationRow, body),
  );
}

/** A small rich-text editor: structure only (the server keeps an allow-list of tags). */
function richEditor(name, initial) {
  const area = h('div', {
    class: 'rich-editor',
    contenteditable: 'true',
    role: 'textbox',
    'aria-multiline': 'true',
    'aria-label': '正文',
    id: `a-${name}`,
  });
  area.innerHTML = initial; // already sanitised by the server's allow-list
  const command = (label, cmd, value) =>
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: () => {
          area.focus();
          document.execCommand(cmd, false, value);
        },
      },
      label,
    );
  const toolbar = h(
    'div',
    { class: 'toolbar', role: 'toolbar', 'aria-label': '正文格式' },
    command('加粗', 'bold'),
    command('小标题', 'formatBlock', 'h2'),
    command('段落', 'formatBlock', 'p'),
    command('编号列表', 'insertOrderedList'),
    command('列表', 'insertUnorderedList'),
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: () => {
          const url = prompt('链接地址（https://…）');
          if (url) {
            area.focus();
            document.execCommand('createLink', false, url);
          }
        },
      },
      '链接',
    ),
  );
  return {
    element: h('div', { class: 'field' }, h('label', { for: `a-${name}` }, '正文'), toolbar, area),
    value: () => area.innerHTML,
  };
}

const uploadAttachment = (file) => uploadTo('/api/staff/publications/uploads', file);

async function publicationView(id) {
  const [{ categories, topics }, detail] = await Promise.all([
    api('GET', '/api/staff/publications?limit=1'),
    id === 'new' ? null : api('GET', `/api/staff/publications/${id}`),
  ]);
  const item = detail?.item;
  const content = item?.content ?? {
    title: '',
    category: categories[0].slug,
    topic: topics[0],
    writtenOn: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10),
    summary: '',
    bodyHtml: '',
    attachments: [],
  };
  const editable = hasRole('handler') && (!item || ['draft', 'revising'].includes(item.status));
  const feedback = h('div', { 'aria-live': 'polite' });
  const body = richEditor('bodyHtml', content.bodyHtml);
  let kept = [...content.attachments];
  const keptList = h('ul', { class: 'files' });
  const showKept = () =>
    keptList.replaceChildren(
      ...kept.map((a) =>
        h(
          'li',
          {},
          a.fileName,
          ' ',
          editable
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'link',
                  onclick: () => {
                    kept = kept.filter((k) => k.id !== a.id);
                    showKept();
                  },
                },
                '移除',
              )
            : null,
        ),
      ),
    );
  showKept();
  const validityField = h(
    'div',
    { class: 'field' },
    h('label', { for: 'a-validity' }, '有效性'),
    h(
      'select',
      { id: 'a-validity', name: 'validity' },
      h('option', { value: 'valid', selected: content.validity?.state !== 'repealed' }, '有效'),
      h('option', { value: 'repealed', selected: content.validity?.state === 'repealed' }, '已废止'),
    ),
    h('label', { for: 'a-repealedOn' }, '废止日期'),
    h('input', { id: 'a-repealedOn', name: 'repealedOn', type: 'date', value: content.validity?.repealedOn ?? '' }),
  );
  const categorySelect = h(
    'select',
    { id: 'a-category', name: 'category', required: true },
    categories.map((c) =>
      h('option', { value: c.slug, selected: c.slug === content.category }, `${c.name}（${c.article}）`),
    ),
  );
  const showValidity = () => {
    validityField.hidden = !categories.find((c) => c.slug === categorySelect.value)?.validity;
  };
  categorySelect.addEventListener('change', showValidity);
  showValidity();
  const form = h(
    'form',
    { class: 'publication' },
    fields.text('title', '名称', { required: true, value: content.title, maxlength: 200 }),
    h('div', { class: 'field' }, h('label', { for: 'a-category' }, '信息类别（法定主动公开内容）'), categorySelect),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'a-topic' }, '主题分类'),
      h(
        'select',
        { id: 'a-topic', name: 'topic' },
        topics.map((t) => h('option', { value: t, selected: t === content.topic }, t)),
      ),
    ),
    fields.text('documentNumber', '文号（如 露政发〔2026〕3号）', {
      value: content.documentNumber ?? '',
      maxlength: 50,
    }),
    fields.text('writtenOn', '成文日期', { type: 'date', required: true, value: content.writtenOn }),
    validityField,
    fields.text('summary', '内容概述', { multiline: true, value: content.summary, maxlength: 1000 }),
    body.element,
    h(
      'div',
      { class: 'field' },
      h('p', {}, '附件'),
      keptList,
      editable
        ? h('input', {
            type: 'file',
            name: 'files',
            multiple: true,
            'aria-label': '添加附件',
            accept: '.pdf,.doc,.docx,.xls,.xlsx,.jpg,.jpeg,.png',
          })
        : null,
    ),
    item?.status === 'revising'
      ? fields.text('revisionNote', '修订说明', { multiline: true, value: item.revisionNote ?? '', required: true })
      : null,
  );
  for (const control of form.querySelectorAll('input, select, textarea'))
    control.disabled = !editable && control.type !== 'file';
  if (!editable) body.element.querySelector('[contenteditable]').setAttribute('contenteditable', 'false');

  async function contentFromForm() {
    const data = new FormData(form);
    const uploads = await Promise.all([...(form.querySelector('input[type=file]')?.files ?? [])].map(uploadAttachment));
    const category = categories.find((c) => c.slug === data.get('category'));
    return {
      title: data.get('title'),
      category: data.get('category'),
      topic: data.get('topic'),
      documentNumber: data.get('documentNumber') || undefined,
      writtenOn: data.get('writtenOn'),
      summary: data.get('summary') ?? '',
      bodyHtml: body.value(),
      attachments: [...kept.map((a) => a.id), ...uploads],
      ...(category?.validity && {
        validity: {
          state: data.get('validity'),
          ...(data.get('repealedOn') && { repealedOn: data.get('repealedOn') }),
        },
      }),
    };
  }
  const run = (work) => async () => {
    try {
      const result = await work();
      sessionStorage.setItem('gongkai.flash', result.event?.text ?? '已保存。');
      if (result.site) sessionStorage.setItem('gongkai.site', 'queued');
      location.hash = `#/publications/${result.id}`;
      if (id === result.id) await publicationView(id);
    } catch (error) {
      feedback.replaceChildren(
        message(
          error.message + (error.fields?.length ? `（${error.fields.map((f) => f.message).join('；')}）` : ''),
          'error',
        ),
      );
    }
  };
  const step = (action) => api('POST', `/api/staff/publications/${id}/actions`, { version: item.version, action });
  const buttons = [];
  if (editable) {
    buttons.push(
      h(
        'button',
        {
          type: 'button',
          onclick: run(async () =>
            item
              ? step({
                  type: 'edit',
                  content: await contentFromForm(),
                  ...(item.status === 'revising' && { revisionNote: new FormData(form).get('revisionNote') }),
                })
              : api('POST', '/api/staff/publications', await contentFromForm()),
          ),
        },
        '保存',
      ),
    );
    if (item) buttons.push(h('button', { type: 'button', onclick: run(() => step({ type: 'submit' })) }, '提交审核'));
  }
  const reviewForm = h('div', { class: 'review' });
  if (item && hasRole('reviewer') && ['submitted', 'revisionSubmitted'].includes(item.status)) {
    reviewForm.append(
      fields.text('secrecyCheck', '保密审查意见', {
        multiline: true,
        value: '经审查，不涉及国家秘密、工作秘密、商业秘密和个人隐私，同意公开。',
      }),
      h(
        'button',
        {
          type: 'button',
          onclick: run(() =>
            step({ type: 'approve', secrecyCheck: reviewForm.querySelector('[name=secrecyCheck]').value }),
          ),
        },
        '审核通过并发布',
      ),
      fields.text('comments', '退回意见', { multiline: true }),
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: run(() => step({ type: 'return', comments: reviewForm.querySelector('[name=comments]').value })),
        },
        '退回修改',
      ),
    );
  }
  if (item && hasRole('handler') && item.status === 'published')
    buttons.push(
      h('button', { type: 'button', class: 'secondary', onclick: run(() => step({ type: 'revise' })) }, '修订'),
    );
  if (item && hasRole('reviewer') && ['published', 'revising', 'revisionSubmitted'].includes(item.status)) {
    reviewForm.append(
      fields.text('reason', '撤销理由（仅内部留存）', { multiline: true }),
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: run(() => step({ type: 'withdraw', reason: reviewForm.querySelector('[name=reason]').value })),
        },
        '撤销发布',
      ),
    );
  }
  const flash = sessionStorage.getItem('gongkai.flash');
  const siteQueued = sessionStorage.getItem('gongkai.site');
  sessionStorage.removeItem('gongkai.flash');
  sessionStorage.removeItem('gongkai.site');
  const live = item?.published && item.status !== 'withdrawn';
  render(
    h('p', {}, h('a', { href: '#/publications' }, '← 返回主动公开')),
    h('h1', {}, item ? content.title : '新建信息'),
    flash ? message(flash) : null,
    siteQueued ? siteProgress() : null,
    item
      ? h(
          'dl',
          { class: 'facts' },
          h('div', { class: 'row' }, h('dt', {}, '状态'), h('dd', {}, detail.statusLabel)),
          item.indexNumber ? h('div', { class: 'row' }, h('dt', {}, '索引号'), h('dd', {}, item.indexNumber)) : null,
          item.published
            ? h(
                'div',
                { class: 'row' },
                h('dt', {}, '发布'),
                h(
                  'dd',
                  {},
                  `${item.published.publishedOn}（第 ${item.published.revision} 版）`,
                  item.published.late ? h('span', { class: 'flag flag-overdue' }, '逾期发布') : null,
                  item.published.latenessPendingYear ? h('span', { class: 'flag' }, '是否逾期待判定') : null,
                  h('br'),
                  h('small', {}, item.published.lateText),
                ),
              )
            : null,
          item.review?.comments
            ? h('div', { class: 'row' }, h('dt', {}, '退回意见'), h('dd', {}, item.review.comments))
            : null,
          live
            ? h(
                'div',
                { class: 'row' },
                h('dt', {}, '公开页面'),
                h('dd', {}, h('a', { href: `/${item.agencyId}/items/${item.id}.html`, target: '_blank' }, '查看')),
              )
            : null,
        )
      : null,
    feedback,
    form,
    h('p', { class: 'actions' }, buttons),
    reviewForm,
    detail
      ? h(
          'section',
          {},
          h('h2', {}, '记录'),
          h(
            'ol',
            { class: 'timeline' },
            detail.events.map((e) => h('li', {}, h('time', { datetime: e.at }, beijing(e.at)), ` ${e.actor} `, e.text)),
          ),
        )
      : null,
  );
}

async function columnView() {
  const pages = await Promise.all(['guide', 'rules'].map((page) => api('GET', `/api/staff/site/pages/${page}`)));
  const sections = pages.map((page) => {
    const editor = richEditor(page.page, page.html);
    const feedback = h('div', { 'aria-live': 'polite' });
    let version = page.version;
    return h(
      'section',
      {},
      h('h2', {}, page.title),
      feedback,
      editor.element,
      hasRole('admin')
        ? h(
            'button',
            {
              type: 'button',
              onclick: async () => {
                try {
                  const saved = await api('PUT', `/api/staff/site/pages/${page.page}`, {
                    html: editor.value(),
                    version,
                  });
                  version = saved.version;
                  feedback.replaceChildren(message('已保存。'), siteProgress());
                } catch (error) {
                  feedback.replaceChildren(message(error.message, 'error'));
                }
              },
            },
            '保存',
          )
        : null,
      h('p', {}, h('a', { href: `/${me.agency.id}/${page.page}.html`, target: '_blank' }, '查看公开页面')),
    );
  });
  render(
    h('h1', {}, '公开专栏'),
    h('p', { class: 'lead' }, '政府信息公开指南和政府信息公开制度由管理员编辑，保存后数秒内更新公开网站。'),
    ...sections,
  );
}

// --- Routing -------------------------------------------------------------------------------------
async function route() {
  if (!me?.username && !(await loadProfile().catch(() => false))) return showSignIn();
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, search = ''] = hash.split('?');
  try {
    if (path.startsWith('/applications/'))
      return await detailView(decodeURIComponent(path.slice('/applications/'.length)));
    if (path === '/outbox') return await outboxView();
    if (path === '/publications') return await publicationsView();
    if (path.startsWith('/publications/'))
      return await publicationView(decodeURIComponent(path.slice('/publications/'.length)));
    if (path === '/column') return await columnView();
    if (path === '/settings') return await settingsView();
    if (path === '/reports') return await reportsView(kit(), Object.fromEntries(new URLSearchParams(search)));
    if (path.startsWith('/reports/')) {
      const [agencyId, year] = path.slice('/reports/'.length).split('/');
      return await reportView(kit(), decodeURIComponent(agencyId), Number(year));
    }
    return await queueView(Object.fromEntries(new URLSearchParams(search)));
  } catch (error) {
    if (error.status !== 401)
      render(message(error.message, 'error'), h('p', {}, h('a', { href: '#/' }, '返回申请队列')));
  }
}

window.addEventListener('hashchange', route);
route();

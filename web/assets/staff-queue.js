// @ts-check
// The staff console's queue: the agency's applications a page at a time, soonest deadline first,
// with the filters the API offers (its statuses, and the agencies this member of staff may read).
import { api, h, me, moreButton, render } from './staff-kit.js';

/**
 * A queue row: receipt number, dates, applicant (masked), request, status, assignee, deadline with its flags.
 * @param {import('./api-types').Answer<'GET /api/staff/applications'>['items'][number]} a
 */
const queueRow = (a) =>
  h(
    'tr',
    { class: a.overdue ? 'overdue' : a.dueSoon ? 'due-soon' : a.open ? undefined : 'ended' },
    h(
      'td',
      {},
      h('a', { class: 'number', href: `#/applications/${encodeURIComponent(a.receiptNumber)}` }, a.receiptNumber),
    ),
    h('td', {}, a.receiptDate),
    h(
      'td',
      {},
      a.applicantName,
      a.review ? h('span', { class: 'flag flag-review', title: a.review }, '人工复核') : null,
      h('br'),
      h('small', {}, `${a.identity} ${a.phone}`),
    ),
    h('td', {}, a.title),
    h(
      'td',
      {},
      a.open ? h('strong', {}, a.statusLabel) : [a.statusLabel, h('span', { class: 'flag flag-ended' }, '已办结')],
      a.unserved ? h('span', { class: 'flag flag-overdue' }, `${a.unserved} 件文书未记录送达`) : null,
    ),
    h('td', {}, a.assigneeName ?? a.assignee ?? '未指定'),
    h(
      'td',
      {},
      a.due ?? '—',
      a.overdue ? h('span', { class: 'flag flag-overdue' }, '已逾期') : null,
      a.dueSoon ? h('span', { class: 'flag flag-soon' }, '3 个工作日内到期') : null,
    ),
  );

/**
 * A labelled select of the filter form.
 * @param {string} label
 * @param {string} name
 * @param {string | undefined} current
 * @param {[string, string][]} options value and text; the first is “all”
 */
const filter = (label, name, current, options) =>
  h(
    'label',
    {},
    `${label} `,
    h(
      'select',
      { name },
      options.map(([value, text]) => h('option', { value, selected: value !== '' && current === value }, text)),
    ),
  );

/** @param {Record<string, string>} params */
export async function queueView(params) {
  // Open cases by default; 全部 includes the ended ones (the API's default: no status).
  const query = new URLSearchParams({ status: 'open', ...params });
  for (const [key, value] of [...query]) if (!value || (key === 'status' && value === 'all')) query.delete(key);
  const first = await api('GET /api/staff/applications', `/api/staff/applications?${query}`);
  const { agency, filters: offered } = first;
  const { username } = me();
  const others = offered.agencies.filter((a) => a.id !== me().agency.id);
  const filters = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      onsubmit: (/** @type {SubmitEvent} */ event) => {
        event.preventDefault();
        const form = /** @type {HTMLFormElement} */ (event.target);
        location.hash = `#/?${new URLSearchParams(/** @type {[string, string][]} */ ([...new FormData(form)].map(([k, v]) => [k, String(v)])))}`;
      },
    },
    others.length
      ? filter('机关', 'agency', params.agency, [
          ['', me().agency.name],
          ...others.map((a) => /** @type {[string, string]} */ ([a.id, a.name])),
        ])
      : null,
    filter('状态', 'status', params.status ?? 'open', [
      ['all', '全部'],
      ...offered.statuses.map((s) => /** @type {[string, string]} */ ([s.value, s.label])),
    ]),
    filter('答复期限', 'due', params.due, [
      ['', '全部'],
      ['overdue', '已逾期'],
      ['soon', '3 个工作日内到期'],
    ]),
    filter('申请人', 'applicantKind', params.applicantKind, [
      ['', '全部'],
      ['person', '自然人'],
      ['organisation', '法人或其他组织'],
    ]),
    filter('人工复核', 'review', params.review, [
      ['', '全部'],
      ['identity', '待核对申请人身份'],
    ]),
    filter('经办人', 'assignee', params.assignee, [
      ['', '全部'],
      [username, '我'],
      ['-', '未指定'],
    ]),
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
  const more = moreButton(
    'GET /api/staff/applications',
    '/api/staff/applications',
    query,
    first,
    'items',
    queueRow,
    body,
    note,
  );
  body.addEventListener('grown', () => {
    shown.textContent = String(body.children.length);
  });
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

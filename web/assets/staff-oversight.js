// @ts-check
// The staff console's 工作统计 (an agency's year by month, the county's with each agency) and 网站自查
// (the latest report, single-veto items first, printable; the history; a run on demand; the
// thresholds). Charts come from charts.js, each beside its table. Plain DOM, text only.
import { barChart, svgElement } from './charts.js';
import { api, errorText, h, me as signedIn, message, pause, render } from './staff-kit.js';

const thisYear = () => new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
const beijingTime = (/** @type {string} */ at) =>
  new Date(Date.parse(at) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/**
 * @param {string} caption
 * @param {string[]} head
 * @param {(string | number)[][]} rows
 */
const table = (caption, head, rows) =>
  h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'grid' },
      h('caption', {}, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          head.map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map(([first, ...rest]) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, first),
            rest.map((v) => h('td', {}, v)),
          ),
        ),
      ),
    ),
  );

/** `#/statistics?year=&agencyId=`: 工作统计. */
/**
 * @param {Record<string, string>} params
 */
export async function statisticsView(params) {
  const me = signedIn();
  const year = Number(params.year) || thisYear();
  const query = new URLSearchParams({
    year: String(year),
    ...(params.agencyId && { agencyId: params.agencyId }),
    ...(params.cursor && { cursor: params.cursor }),
  });
  const view = await api('GET /api/staff/statistics', `/api/staff/statistics?${query}`);
  // The agencies come a page at a time; the figures above are the total of them all.
  const pages = [
    view.next
      ? h('a', { href: `#/statistics?${new URLSearchParams({ year: String(year), cursor: view.next })}` }, '下一页')
      : null,
    params.cursor ? h('a', { href: `#/statistics?year=${year}` }, '回到第一页') : null,
  ].filter(Boolean);
  const s = view.statistics;
  const picker = h(
    'form',
    { class: 'filters' },
    h(
      'label',
      {},
      '年度 ',
      h('input', { name: 'year', type: 'number', min: 2008, max: thisYear(), value: year, class: 'year' }),
    ),
    h('button', { type: 'submit' }, '查看'),
  );
  picker.addEventListener('submit', (/** @type {SubmitEvent} */ event) => {
    event.preventDefault();
    const chosen = new FormData(/** @type {HTMLFormElement} */ (event.target)).get('year');
    location.hash = `#/statistics?${new URLSearchParams({ year: String(chosen), ...(params.agencyId && { agencyId: params.agencyId }) })}`;
  });
  const rate = s.onTimeRate === null ? '—' : `${s.onTimeRate}%`;
  const outcomes = s.outcomes.filter((o) => o.count);
  render(
    h(
      'h1',
      {},
      `工作统计：${view.agencyName}${view.scope === 'county' ? (me.agency.kind === 'county' ? '（含所属部门、乡镇）' : '（含直接下属机关）') : ''}`,
    ),
    params.agencyId && ['province', 'city', 'county'].includes(me.agency.kind)
      ? h('p', {}, h('a', { href: `#/statistics?year=${year}` }, '← 汇总'))
      : null,
    picker,
    h(
      'p',
      { class: 'figures' },
      h('span', {}, '新收申请 ', h('strong', {}, s.total.received), ' 件'),
      h('span', {}, '作出答复 ', h('strong', {}, s.total.answered), ' 件'),
      h('span', {}, '按时答复率 ', h('strong', {}, rate)),
    ),
    h('p', { class: 'hint' }, s.definition),
    h('h2', {}, '各月办理情况'),
    svgElement(
      barChart({
        title: `${year} 年各月新收申请（件）`,
        rows: s.months.map((m) => ({ label: `${m.month} 月`, value: m.received })),
      }),
    ),
    table(
      `${year} 年各月办理情况（件）`,
      [
        '月份',
        '新收申请',
        '作出答复',
        '按时',
        '超期',
        '未计时',
        '告知补正',
        '延长期限',
        '收费通知',
        '行政复议',
        '行政诉讼',
      ],
      [...s.months, s.total].map((m) => [
        m.month ? `${m.month} 月` : '全年',
        m.received,
        m.answered,
        m.onTime,
        m.late,
        m.untimed,
        m.corrections,
        m.extensions,
        m.fees,
        m.reconsiderations,
        m.lawsuits,
      ]),
    ),
    h('h2', {}, '答复用时'),
    svgElement(
      barChart({
        title: `${year} 年答复所用工作日（件）`,
        rows: s.days.map((d) => ({ label: d.label, value: d.count })),
      }),
    ),
    table(
      '答复所用工作日（不含征求意见、等待缴费期间）',
      ['用时', '件数'],
      s.days.map((d) => [d.label, d.count]),
    ),
    h('h2', {}, '办理结果'),
    outcomes.length
      ? svgElement(
          barChart({
            title: `${year} 年办理结果（件）`,
            rows: outcomes.map((o) => ({
              label: o.label.replace(/（.*）/, '').replace(/^\d\./, ''),
              value: o.count,
            })),
          }),
        )
      : h('p', {}, '本年度尚无办结的申请。'),
    table(
      '办理结果（年度报告表三分类，件）',
      ['结果', '类别', '件数'],
      s.outcomes.map((o) => [o.label, o.group, o.count]),
    ),
    h('h2', {}, '行政复议、行政诉讼'),
    table(
      '按立案、决定的月份统计（件）',
      ['类型', '立案', '结果维持', '结果纠正', '其他结果'],
      s.cases.map((c) => [c.label, c.filed, c.upheld, c.corrected, c.other]),
    ),
    view.agencies.length
      ? h('section', {}, [
          h('h2', {}, '各机关'),
          h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'grid' },
              h('caption', {}, `${year} 年各机关办理情况`),
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ['机关', '新收申请', '作出答复', '按时', '超期', '按时答复率'].map((t) =>
                    h('th', { scope: 'col' }, t),
                  ),
                ),
              ),
              h(
                'tbody',
                {},
                view.agencies.map((a) =>
                  h(
                    'tr',
                    {},
                    h(
                      'th',
                      { scope: 'row' },
                      h('a', { href: `#/statistics?year=${year}&agencyId=${a.agencyId}` }, a.agencyName),
                    ),
                    [a.received, a.answered, a.onTime, a.late, a.onTimeRate === null ? '—' : `${a.onTimeRate}%`].map(
                      (v) => h('td', {}, v),
                    ),
                  ),
                ),
              ),
            ),
          ),
          pages.length
            ? h(
                'p',
                { class: 'pages' },
                pages.flatMap((link, i) => (i ? [' ', link] : [link])),
              )
            : null,
        ])
      : null,
  );
}

const severityClass = { veto: 'flag flag-overdue', deduct: 'flag flag-soon', notice: 'flag' };

/** `#/inspection?ranAt=`: the 自查报告. */
/**
 * @param {Record<string, string>} params
 */
export async function inspectionView(params) {
  const me = signedIn();
  const query = new URLSearchParams({
    ...(params.ranAt && { ranAt: params.ranAt }),
    ...(params.cursor && { cursor: params.cursor }),
  });
  const report = await api(
    'GET /api/staff/inspection',
    query.size ? `/api/staff/inspection?${query}` : '/api/staff/inspection',
  );
  // A government's report lists its agencies a page at a time; the counts above are the total of them all.
  /** @type {Record<string, string>} */
  const here = params.ranAt ? { ranAt: params.ranAt } : {};
  const pages = [
    report.next
      ? h('a', { href: `#/inspection?${new URLSearchParams({ ...here, cursor: report.next })}` }, '下一页')
      : null,
    params.cursor
      ? h('a', { href: `#/inspection${params.ranAt ? `?${new URLSearchParams(here)}` : ''}` }, '回到第一页')
      : null,
  ].filter(Boolean);
  const admin = me.agency.kind === 'county' && me.roles.some((r) => r.role === 'admin');
  const feedback = h('div', { 'aria-live': 'polite' });
  /** @param {boolean} full */
  const run = async (full) => {
    try {
      const job = await api('POST /api/staff/inspection', '/api/staff/inspection', { full });
      feedback.replaceChildren(message('正在自查……'));
      for (let i = 0; i < 600; i++) {
        await pause(1000);
        const state = await api('GET /api/staff/jobs/{id}', `/api/staff/jobs/${job.id}`);
        if (state.state === 'done') {
          if (location.hash === '#/inspection') return void (await inspectionView({}));
          location.hash = '#/inspection';
          return;
        }
        if (state.state === 'failed') return feedback.replaceChildren(message(state.error ?? '自查失败。', 'error'));
        feedback.replaceChildren(message(`正在自查……已读取 ${state.progress.done} / ${state.progress.total}`));
      }
    } catch (error) {
      feedback.replaceChildren(message(errorText(error), 'error'));
    }
  };
  const title =
    report.scope === 'county'
      ? `网站自查报告（${me.agency.name}及所属部门、乡镇）`
      : `网站自查报告（${me.agency.name}）`;
  const findings = report.findings;
  const groups = [
    ['veto', '单项否决项'],
    ['deduct', '扣分项'],
    ['notice', '提示'],
  ];
  render(
    h('h1', {}, title),
    report.ranAt
      ? h(
          'p',
          {},
          `自查时间：${beijingTime(report.ranAt)}（${report.full ? '全部页面' : '上次自查以来改写的页面'}）。`,
          `${report.scope === 'county' ? '合计' : ''}单项否决 ${report.counts.veto} 项，扣分 ${report.counts.deduct} 项，提示 ${report.counts.notice} 项。`,
        )
      : h('p', {}, '尚未进行自查。每周一系统自动自查，县级管理员也可以立即自查。'),
    // After a publication (or any change to the site) since this run, the report is not the site as it is.
    report.newerPending && report.ranAt && report.siteChangedAt
      ? message(
          `网站在本次自查之后已有更新（最近一次：${beijingTime(report.siteChangedAt)}），有待新的自查：每周一系统自动自查，县级管理员也可以立即自查。`,
          'status',
        )
      : null,
    h(
      'p',
      { class: 'actions no-print' },
      admin ? h('button', { type: 'button', onclick: () => run(false) }, '立即自查') : null,
      admin ? h('button', { type: 'button', class: 'secondary', onclick: () => run(true) }, '全部页面重新检查') : null,
      report.ranAt ? h('button', { type: 'button', class: 'secondary', onclick: () => print() }, '打印自查报告') : null,
      h('a', { href: '#/inspection/settings' }, '自查标准'),
    ),
    feedback,
    h(
      'div',
      {},
      groups.map(([severity, label]) => {
        const list = findings.filter((f) => f.severity === severity);
        if (!list.length) return null;
        const rules = [...new Set(list.map((f) => f.rule))];
        return h(
          'section',
          {},
          h('h2', {}, `${label}（${list.length}）`),
          rules.map((rule) => {
            const ofRule = list.filter((f) => f.rule === rule);
            return h('section', { class: 'finding-rule' }, [
              h(
                'h3',
                {},
                h(
                  'span',
                  { class: severityClass[/** @type {'veto'} */ (ofRule[0].severity)] },
                  ofRule[0].severityLabel,
                ),
                ` ${ofRule[0].ruleLabel}（${ofRule.length}）`,
              ),
              h('p', { class: 'hint' }, `整改：${ofRule[0].action}`),
              h(
                'ol',
                { class: 'findings' },
                ofRule.map((f) =>
                  h(
                    'li',
                    {},
                    report.scope === 'county' ? `${f.agencyName}：` : '',
                    f.detail,
                    f.page
                      ? [' ', h('a', { href: f.page, target: '_blank', rel: 'noopener' }, `页面 ${f.page}`)]
                      : null,
                  ),
                ),
              ),
            ]);
          }),
        );
      }),
    ),
    report.omitted.length
      ? h(
          'p',
          { class: 'hint' },
          `另有未列出的同类问题：${report.omitted.map((o) => `${o.agencyName}「${report.rules[o.rule]?.label ?? o.rule}」${o.count} 项`).join('；')}。`,
        )
      : null,
    report.ranAt && !findings.length ? message('本次自查未发现问题。') : null,
    // Veto items first (one fails the whole site for the quarter); the page of agencies they belong to after them.
    report.scope === 'county' && report.ranAt
      ? h('section', {}, [
          h('h2', {}, params.cursor ? '各机关（续）' : '各机关'),
          h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'grid' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ['机关', '单项否决', '扣分', '提示'].map((t) => h('th', { scope: 'col' }, t)),
                ),
              ),
              h(
                'tbody',
                {},
                report.agencies.map((a) =>
                  h(
                    'tr',
                    {},
                    h('th', { scope: 'row' }, a.agencyName),
                    h('td', {}, a.counts.veto),
                    h('td', {}, a.counts.deduct),
                    h('td', {}, a.counts.notice),
                  ),
                ),
              ),
            ),
          ),
          pages.length ? h('p', { class: 'actions no-print' }, pages) : null,
          report.next || params.cursor
            ? h('p', { class: 'hint' }, '以上所列问题为本页各机关的问题；其余机关见其他页。')
            : null,
        ])
      : null,
    report.history.length
      ? h('section', { class: 'no-print' }, [
          h('h2', {}, '历次自查'),
          h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'grid' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ['自查时间', '范围', '单项否决', '扣分', '提示'].map((t) => h('th', { scope: 'col' }, t)),
                ),
              ),
              h(
                'tbody',
                {},
                report.history.map((run) =>
                  h(
                    'tr',
                    {},
                    h(
                      'td',
                      {},
                      h('a', { href: `#/inspection?ranAt=${encodeURIComponent(run.ranAt)}` }, beijingTime(run.ranAt)),
                    ),
                    h('td', {}, run.full ? '全部页面' : '改写的页面'),
                    h('td', {}, run.counts.veto),
                    h('td', {}, run.counts.deduct),
                    h('td', {}, run.counts.notice),
                  ),
                ),
              ),
            ),
          ),
        ])
      : null,
  );
}

/** `#/inspection/settings`: the thresholds (the county's administrators edit them). */
export async function inspectionSettingsView() {
  const settings = await api('GET /api/staff/inspection/settings', '/api/staff/inspection/settings');
  const feedback = h('div', { 'aria-live': 'polite' });
  /**
   * @param {string} name
   * @param {string} label
   * @param {number} value
   * @param {string} unit
   */
  const number = (name, label, value, unit) =>
    h(
      'div',
      { class: 'field' },
      h('label', { for: `t-${name}` }, label),
      h('input', { id: `t-${name}`, name, type: 'number', min: 1, value, class: 'year', disabled: !settings.editable }),
      ` ${unit}`,
    );
  const slugs = Object.keys(settings.columnTypes);
  const form = h(
    'form',
    { class: 'stack' },
    number('homeDays', '首页更新期限', settings.homeDays, '天'),
    number('staleDays.dynamic', '动态、要闻类栏目更新期限', settings.staleDays.dynamic, '天'),
    number('staleDays.notice', '通知公告、政策文件类栏目更新期限', settings.staleDays.notice, '天'),
    number('staleDays.regular', '其他应更新栏目更新期限', settings.staleDays.regular, '天'),
    number('vetoStale.dynamic', '动态、要闻类栏目不更新达到（单项否决）', settings.vetoStale.dynamic, '个'),
    number('vetoStale.notice', '通知公告、政策文件类栏目不更新达到（单项否决）', settings.vetoStale.notice, '个'),
    number('vetoStale.any', '应更新栏目不更新达到（单项否决）', settings.vetoStale.any, '个'),
    number('vetoBlank', '空白栏目达到（单项否决）', settings.vetoBlank, '个'),
    h(
      'p',
      { class: 'hint' },
      `栏目类型：${slugs.map((slug) => `${slug === 'all' ? '各机关“全部信息”' : slug}为${settings.columnTypeLabels[settings.columnTypes[slug]]}`).join('；')}；其余栏目为${settings.columnTypeLabels.regular}。`,
    ),
    settings.editable
      ? h('button', { type: 'submit' }, '保存')
      : h('p', { class: 'hint' }, '自查标准由县级管理员设置。'),
    feedback,
  );
  form.addEventListener('submit', async (/** @type {SubmitEvent} */ event) => {
    event.preventDefault();
    const data = new FormData(form);
    const value = (/** @type {string} */ name) => Number(data.get(name));
    try {
      await api('PUT /api/staff/inspection/settings', '/api/staff/inspection/settings', {
        homeDays: value('homeDays'),
        staleDays: {
          dynamic: value('staleDays.dynamic'),
          notice: value('staleDays.notice'),
          regular: value('staleDays.regular'),
        },
        vetoStale: {
          dynamic: value('vetoStale.dynamic'),
          notice: value('vetoStale.notice'),
          any: value('vetoStale.any'),
        },
        vetoBlank: value('vetoBlank'),
        columnTypes: settings.columnTypes,
        version: settings.version,
      });
      feedback.replaceChildren(message('已保存，下次自查按新标准进行。'));
    } catch (error) {
      feedback.replaceChildren(message(errorText(error), 'error'));
    }
  });
  render(h('p', {}, h('a', { href: '#/inspection' }, '← 网站自查')), h('h1', {}, '自查标准'), form);
}

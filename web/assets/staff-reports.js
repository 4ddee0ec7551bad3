// @ts-check
// The staff console's 年度报告: an agency's report for a year (the figures compiled from the records,
// what staff enter, the checks, submission), the county's overview and review, importing an earlier
// year's report; and the 复议/诉讼 cases of table 四 on an application's page. Plain DOM, text only.
import {
  ApiError,
  api,
  errorText,
  flash,
  formBody,
  h,
  me as signedIn,
  message,
  redraw,
  render,
  siteProgress,
} from './staff-kit.js';

/** Draws the report again after a step, saying what it did. @typedef {(text: string, options?: import('./staff-kit.js').FlashOptions) => Promise<void>} Refresh */
/** @typedef {import('./api-types').Answer<'GET /api/reports/{agencyId}/{year}'>} ReportAnswer */
/** @typedef {import('./api-types').Answer<'GET /api/staff/applications/{receiptNumber}/cases'>['cases'][number]} Case */

const sectionTitles = { 一: '一、总体情况', 五: '五、存在的主要问题及改进情况', 六: '六、其他需要报告的事项' };
/** The kinds of agency that are governments: they publish their own reports, and review those under them. */
const governments = ['province', 'city', 'county'];
const lastYear = () => new Date(Date.now() + 8 * 3600_000).getUTCFullYear() - 1;

/**
 * One item of the checks: where the form has the cell it names (a section, a figure of table 二), a
 * button that takes the focus there; otherwise (figures the platform compiles) its words.
 * @param {{ cell: string, message: string }} violation
 * @param {boolean} editable
 */
function checkItem(violation, editable) {
  if (!editable || !/^(section|table2):/.test(violation.cell)) return h('li', {}, violation.message);
  const go = () => {
    const place = document.querySelector(`[data-cell="${CSS.escape(violation.cell)}"]`);
    /** @type {HTMLElement | null | undefined} */
    const control = place?.matches('textarea')
      ? /** @type {HTMLElement} */ (place)
      : place?.querySelector('input[name=value], input[type=checkbox]');
    control?.scrollIntoView({ block: 'center' });
    control?.focus({ preventScroll: true });
  };
  return h('li', {}, h('button', { type: 'button', class: 'link', onclick: go }, violation.message));
}

/** `#/reports?year=` : the signed-in agency's report, and for the county every agency it oversees. */
/**
 * @param {Record<string, string>} params
 */
export async function reportsView(params) {
  const me = signedIn();
  const year = Number(params.year) || lastYear();
  const picker = h(
    'form',
    { class: 'filters' },
    h(
      'label',
      {},
      '年度 ',
      h('input', { name: 'year', type: 'number', min: 2008, max: lastYear() + 1, value: year, class: 'year' }),
    ),
    h('button', { type: 'submit' }, '查看'),
  );
  picker.addEventListener('submit', (/** @type {SubmitEvent} */ event) => {
    event.preventDefault();
    location.hash = `#/reports?year=${new FormData(picker).get('year')}`;
  });
  const own = h(
    'p',
    {},
    h('a', { class: 'button', href: `#/reports/${me.agency.id}/${year}` }, `${me.agency.name}${year}年度报告`),
  );
  if (!governments.includes(me.agency.kind)) return render(h('h1', {}, '年度报告'), picker, own);

  const query = new URLSearchParams(params.cursor ? { cursor: params.cursor } : {});
  const overview = await api('GET /api/reports/{year}', `/api/reports/${year}${params.cursor ? `?${query}` : ''}`);
  const totals = overview.aggregate.table3;
  // A page of the agencies under this government; the sum below is of them all, on every page.
  const more = overview.next
    ? h(
        'p',
        {},
        h('a', { href: `#/reports?${new URLSearchParams({ year: String(year), cursor: overview.next })}` }, '下一页'),
        params.cursor ? h('span', {}, ' ', h('a', { href: `#/reports?year=${year}` }, '回到第一页')) : null,
      )
    : params.cursor
      ? h('p', {}, h('a', { href: `#/reports?year=${year}` }, '回到第一页'))
      : null;
  render(
    h('h1', {}, '年度报告'),
    picker,
    own,
    h('h2', {}, `${year}年度${overview.agencyName}及所属机关报告情况`),
    h(
      'table',
      { class: 'grid' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['机关', '状态', '期限', '报送时间', '发布日期', '新收申请', '办结'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        {},
        overview.agencies.map((a) =>
          h(
            'tr',
            {},
            h('td', {}, h('a', { href: `#/reports/${a.agencyId}/${year}` }, a.agencyName)),
            h(
              'td',
              {},
              a.statusLabel,
              a.overdue ? h('span', { class: 'flag flag-overdue' }, '已逾期') : null,
              a.status === 'submitted' ? h('span', { class: 'flag flag-soon' }, '待审核') : null,
            ),
            h('td', {}, a.deadline),
            h('td', {}, a.submittedAt ? a.submittedAt.slice(0, 10) : '—'),
            h('td', {}, a.publishedOn ?? '—'),
            h('td', {}, a.received),
            h('td', {}, a.handled),
          ),
        ),
      ),
    ),
    more,
    h('h2', {}, `汇总（已报送、已发布的报告数据之和，共 ${overview.reported} 份）`),
    h(
      'table',
      { class: 'grid' },
      h(
        'tbody',
        {},
        [
          ['本年新收申请', totals.received?.total],
          ['上年结转', totals.carriedIn?.total],
          ['本年办结', totals.handledTotal?.total],
          ['结转下年度', totals.carriedOut?.total],
          ['行政复议', overview.aggregate.table4.reconsideration?.total],
          [
            '行政诉讼',
            (overview.aggregate.table4.suitDirect?.total ?? 0) +
              (overview.aggregate.table4.suitAfterReconsideration?.total ?? 0),
          ],
          ['收费通知（件）', overview.aggregate.fees.notices],
          ['实际收取（元）', overview.aggregate.fees.collected],
        ].map(([label, value]) => h('tr', {}, h('th', { scope: 'row' }, label), h('td', {}, value ?? 0))),
      ),
    ),
  );
}

/** `#/reports/<agency>/<year>`: one report. */
/**
 * @param {string} agencyId
 * @param {number} year
 */
export async function reportView(agencyId, year) {
  const me = signedIn();
  const view = await api('GET /api/reports/{agencyId}/{year}', `/api/reports/${encodeURIComponent(agencyId)}/${year}`);
  const feedback = h('div', { 'aria-live': 'polite' });
  /** @param {unknown} error */
  const showError = (error) =>
    feedback.replaceChildren(
      errorBlock(error),
      error instanceof ApiError && error.status === 409
        ? h('p', {}, h('button', { type: 'button', onclick: () => reportView(agencyId, year) }, '刷新'))
        : '',
    );
  /** @type {Refresh} */
  const refresh = (text, options) => redraw(() => reportView(agencyId, year), text, options);
  /** @param {import('./api-types').Body<'POST /api/reports/{agencyId}/{year}/actions'>['action']} action */
  const step = async (action) => {
    try {
      const result = await api(
        'POST /api/reports/{agencyId}/{year}/actions',
        `/api/reports/${encodeURIComponent(agencyId)}/${year}/actions`,
        {
          version: view.version,
          action,
        },
      );
      await refresh(`${result.statusLabel}。`, { site: Boolean(result.site) });
    } catch (error) {
      showError(error);
    }
  };

  const preview = h('div', { class: 'letter-box' });
  const showPreview = async () => {
    const { html } = await api(
      'GET /api/reports/{agencyId}/{year}/preview',
      `/api/reports/${encodeURIComponent(agencyId)}/${year}/preview`,
    );
    const frame = h('iframe', {
      class: 'letter-frame report-frame',
      title: '年度报告预览',
      sandbox: 'allow-same-origin allow-modals',
    });
    frame.srcdoc = html;
    preview.replaceChildren(
      h('p', {}, h('button', { type: 'button', onclick: () => frame.contentWindow?.print() }, '打印（A4）')),
      frame,
    );
  };

  const checks =
    view.status === 'archived'
      ? null
      : h(
          'section',
          { 'aria-labelledby': 'checks-title' },
          h('h2', { id: 'checks-title' }, '勾稽关系检查'),
          view.checks.errors.length
            ? h(
                'div',
                { class: 'error-summary', role: 'alert' },
                h('p', {}, `有 ${view.checks.errors.length} 处未通过，报送前须修改：`),
                h(
                  'ul',
                  {},
                  view.checks.errors.map((e) => checkItem(e, view.can.edit)),
                ),
              )
            : message('全部勾稽关系检查通过。'),
          view.checks.warnings.length
            ? h(
                'div',
                { class: 'warning' },
                h('p', {}, '请核实（不影响报送）：'),
                h(
                  'ul',
                  {},
                  view.checks.warnings.map((w) => h('li', {}, w.message)),
                ),
              )
            : null,
        );

  const said = flash.take();
  const saved = said.near === 'save' ? said.text : null;
  const editor = view.can.edit ? entriesForm(view, refresh, saved) : null;
  const actions = h(
    'p',
    { class: 'actions' },
    view.can.submit
      ? h(
          'button',
          { type: 'button', onclick: () => step({ type: 'submit' }) },
          agencyId === me.agency.id && !governments.includes(view.agencyKind) ? '报送县人民政府' : '报送审核',
        )
      : null,
    view.can.edit && !view.can.submit ? h('span', { class: 'hint' }, '年度结束后方可报送。') : null,
  );
  const review = view.can.review ? reviewForm(step) : null;

  render(
    h('p', {}, h('a', { href: `#/reports?year=${year}` }, '← 年度报告')),
    h('h1', {}, `${view.agencyName}${year}年政府信息公开工作年度报告`),
    said.text && !saved ? message(said.text) : null,
    said.site ? siteProgress() : null,
    h(
      'p',
      {},
      h('span', { class: 'flag' }, view.statusLabel),
      view.overdue ? h('span', { class: 'flag flag-overdue' }, '已逾期') : null,
      ` 期限：${view.deadline}（${governments.includes(view.agencyKind) ? '向社会公布' : '报送县人民政府并公布'}）`,
      view.status === 'published' || view.status === 'archived'
        ? h('span', {}, ' ', h('a', { href: `/${agencyId}/reports/${year}/`, target: '_blank' }, '查看公开页面'))
        : null,
    ),
    view.review && !view.review.approved
      ? h('div', { class: 'warning' }, h('p', {}, `退回意见（${view.review.on}）：${view.review.comments}`))
      : null,
    feedback,
    checks,
    editor,
    actions,
    review,
    h('h2', {}, '版式预览'),
    h('p', {}, h('button', { type: 'button', class: 'secondary', onclick: showPreview }, '显示预览')),
    preview,
    view.can.archive ? archiveForm(agencyId, year, refresh, showError) : null,
    view.can.withdrawArchive ? withdrawArchive(agencyId, year, refresh, showError) : null,
    h('h2', {}, '记录'),
    view.events.length
      ? h(
          'ol',
          { class: 'timeline' },
          view.events.map((e) =>
            h('li', {}, h('time', { datetime: e.at }, e.at.slice(0, 10)), ` ${e.actorName ?? e.actor} `, e.text),
          ),
        )
      : h('p', {}, '暂无。'),
  );
  // After a save the person is where the button is, 3,000 px below the page's head: the note is there.
  if (saved && editor) {
    /** @type {HTMLButtonElement | null} */ (editor.querySelector('button[type=submit]'))?.focus({
      preventScroll: true,
    });
    editor.querySelector('.save-note')?.scrollIntoView({ block: 'center' });
  }
}

/**
 * @param {ReportAnswer} view
 * @param {Refresh} refresh
 * @param {string | null} saved the note of the save just made, shown beside the button
 */
function entriesForm(view, refresh, saved) {
  const { entries, report, drafts } = view;
  const na = new Set(entries.notApplicable);
  const sections = Object.entries(sectionTitles).map(([key, title]) => {
    const area = h(
      'textarea',
      {
        id: `s-${key}`,
        name: `section-${key}`,
        rows: key === '一' ? 10 : 5,
        maxlength: 20000,
        'data-cell': `section:${key}`,
      },
      entries.sections[key] || (key === '一' ? drafts.一 : ''),
    );
    return h(
      'div',
      { class: 'field' },
      h('label', { for: `s-${key}` }, title),
      key === '六' ? h('p', { class: 'hint' }, `收费情况将自动列于本部分之首：${drafts.六}`) : null,
      area,
    );
  });
  const cells = view.table2Layout.map((group) =>
    h(
      'fieldset',
      {},
      h('legend', {}, group.item),
      group.rows.flatMap((row) =>
        group.columns.map((column) => {
          const key = `${row}:${column}`;
          const ref = `table2:${key}`;
          const entered = entries.figures[key];
          const id = `f-${row}-${column}`.replace(/[^\w\u4e00-\u9fff-]/g, '');
          return h(
            'div',
            { class: 'field figure', 'data-key': key, 'data-cell': ref },
            // A figure the platform compiled has no box to type in: its label names no control.
            h('label', group.compiled && !entered ? {} : { for: id }, `${row}：${column}`),
            group.compiled && !entered
              ? h('p', { class: 'hint' }, `按本平台记录：${report.table2[row]?.[column] ?? '—'}`)
              : h(
                  'span',
                  {},
                  h('input', {
                    id,
                    name: 'value',
                    type: 'number',
                    min: 0,
                    step: group.decimal ? '0.0001' : '1',
                    value: entered?.value ?? '',
                  }),
                  h('input', {
                    name: 'source',
                    type: 'text',
                    maxlength: 200,
                    placeholder: '数据来源',
                    'aria-label': `${row}${column}的数据来源`,
                    value: entered?.source ?? '',
                  }),
                ),
            h(
              'label',
              { class: 'choice' },
              h('input', { type: 'checkbox', name: 'na', value: ref, checked: na.has(ref) }),
              '不适用',
            ),
          );
        }),
      ),
    ),
  );
  const form = h(
    'form',
    { class: 'report-form' },
    h('h2', {}, '填写内容'),
    ...sections,
    h('h3', {}, '表二 主动公开政府信息情况（其他系统的数据须注明来源）'),
    ...cells,
    h('p', { class: 'actions' }, h('button', { type: 'submit' }, '保存')),
  );
  const note = h('div', { class: 'save-note', 'aria-live': 'polite' });
  if (saved) note.replaceChildren(savedNote(saved, view.checks.errors));
  form.append(note);
  form.addEventListener('submit', async (/** @type {SubmitEvent} */ event) => {
    event.preventDefault();
    note.replaceChildren(h('p', { class: 'hint' }, '正在保存……'));
    const data = new FormData(form);
    /** @type {Record<string, { value: number | null, source: string }>} */
    const figures = {};
    for (const field of /** @type {NodeListOf<HTMLElement>} */ (form.querySelectorAll('.figure'))) {
      /** @type {HTMLInputElement | null} */
      const value = field.querySelector('input[name=value]');
      if (!value) continue;
      const source = /** @type {HTMLInputElement | null} */ (field.querySelector('input[name=source]'))?.value ?? '';
      if (value.value === '' && !source) continue;
      figures[field.dataset.key ?? ''] = { value: value.value === '' ? null : Number(value.value), source };
    }
    // Figures kept for cells the platform compiles (staff corrections) stay as they were.
    for (const [key, figure] of Object.entries(entries.figures))
      if (!(key in figures) && !form.querySelector(`.figure[data-key="${CSS.escape(key)}"] input[name=value]`))
        figures[key] = figure;
    const body = {
      sections: {
        一: String(data.get('section-一') ?? ''),
        五: String(data.get('section-五') ?? ''),
        六: String(data.get('section-六') ?? ''),
      },
      figures,
      notApplicable: [
        ...data.getAll('na').map(String),
        ...entries.notApplicable.filter((/** @type {string} */ ref) => !ref.startsWith('table2:')),
      ],
      version: view.version,
    };
    try {
      await api(
        'PUT /api/reports/{agencyId}/{year}',
        `/api/reports/${encodeURIComponent(view.agencyId)}/${view.year}`,
        body,
      );
      await refresh('已保存。', { near: 'save' });
    } catch (error) {
      note.replaceChildren(errorBlock(error));
      note.scrollIntoView({ block: 'nearest' });
    }
  });
  return form;
}

/**
 * 已保存, and what the checks at the page's head still find, so the next edit starts here.
 * @param {string} text @param {{ cell: string, message: string }[]} errors
 */
const savedNote = (text, errors) =>
  h(
    'div',
    {},
    message(text),
    errors.length
      ? h(
          'div',
          { class: 'warning' },
          h('p', {}, `勾稽关系检查仍有 ${errors.length} 处未通过：`),
          h(
            'ul',
            {},
            errors.map((e) => checkItem(e, true)),
          ),
        )
      : h('p', {}, '勾稽关系检查全部通过。'),
  );

/** An error's message and the fields it names. @param {unknown} error */
const errorBlock = (error) =>
  h(
    'div',
    {},
    message(error instanceof Error ? error.message : String(error), 'error'),
    error instanceof ApiError && error.fields.length
      ? h(
          'ul',
          { class: 'error-summary' },
          error.fields.map((f) => h('li', {}, f.message)),
        )
      : null,
  );

/**
 * @param {(action: import('./api-types').Body<'POST /api/reports/{agencyId}/{year}/actions'>['action']) => Promise<void>} step
 */
function reviewForm(step) {
  const comments = h('textarea', { id: 'review-comments', rows: 3, maxlength: 2000 });
  return h(
    'section',
    { 'aria-labelledby': 'review-title' },
    h('h2', { id: 'review-title' }, '审核'),
    h('p', {}, h('button', { type: 'button', onclick: () => step({ type: 'approve' }) }, '审核通过并发布')),
    h('div', { class: 'field' }, h('label', { for: 'review-comments' }, '退回意见'), comments),
    h(
      'p',
      {},
      h(
        'button',
        { type: 'button', class: 'secondary', onclick: () => step({ type: 'return', comments: comments.value }) },
        '退回修改',
      ),
    ),
  );
}

/**
 * 撤回导入: the county's administrator takes an imported report off the column.
 * @param {string} agencyId
 * @param {number} year
 * @param {Refresh} refresh
 * @param {(error: unknown) => void} showError
 */
function withdrawArchive(agencyId, year, refresh, showError) {
  const button = h('button', { type: 'button', class: 'secondary' }, '撤回导入的报告');
  button.addEventListener('click', async () => {
    if (!confirm('撤回后，该报告将从政府信息公开专栏撤下，该年度可重新导入。确定撤回吗？')) return;
    try {
      await api(
        'DELETE /api/reports/{agencyId}/{year}/archive',
        `/api/reports/${encodeURIComponent(agencyId)}/${year}/archive`,
      );
      await refresh('已撤回导入的往年报告，专栏页面将随后更新。');
    } catch (error) {
      showError(error);
    }
  });
  return h(
    'section',
    { 'aria-labelledby': 'withdraw-archive-title' },
    h('h2', { id: 'withdraw-archive-title' }, '撤回导入'),
    h('p', {}, button),
  );
}

/**
 * @param {string} agencyId
 * @param {number} year
 * @param {Refresh} refresh
 * @param {(error: unknown) => void} showError
 */
function archiveForm(agencyId, year, refresh, showError) {
  const text = h('textarea', { id: 'archive-text', name: 'text', rows: 8, required: true, maxlength: 100000 });
  const file = h('input', { id: 'archive-file', type: 'file', accept: '.txt,text/plain' });
  file.addEventListener('change', async () => {
    const chosen = file.files?.[0];
    if (chosen) text.value = await chosen.text();
  });
  const form = h(
    'form',
    { class: 'settings' },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'archive-title' }, '标题'),
      h('input', { id: 'archive-title', name: 'title', required: true, maxlength: 200 }),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'archive-date' }, '原发布日期'),
      h('input', { id: 'archive-date', name: 'publishedOn', type: 'date', required: true }),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'archive-source' }, '来源（如原网站地址）'),
      h('input', { id: 'archive-source', name: 'source', required: true, maxlength: 200 }),
    ),
    h('div', { class: 'field' }, h('label', { for: 'archive-file' }, '从文本文件读取（可选）'), file),
    h('div', { class: 'field' }, h('label', { for: 'archive-text' }, '正文'), text),
    h('button', { type: 'submit' }, '导入并发布'),
  );
  form.addEventListener('submit', async (/** @type {SubmitEvent} */ event) => {
    event.preventDefault();
    try {
      const route = 'POST /api/reports/{agencyId}/{year}/archive';
      await api(route, `/api/reports/${encodeURIComponent(agencyId)}/${year}/archive`, formBody(route, form, {}));
      await refresh('已导入，并在政府信息公开年报栏目发布。', { site: true });
    } catch (error) {
      showError(error);
    }
  });
  return h(
    'details',
    { class: 'action-panel' },
    h('summary', {}, '导入往年报告（存档）'),
    h('p', { class: 'hint' }, '本平台启用前的年度报告，按原文作为存档文件发布。'),
    form,
  );
}

/** The 复议/诉讼 cases on an application's page (counted in table 四 of the year they were filed). */
/**
 * @param {string} receiptNumber
 * @param {boolean} readOnly
 */
export async function casesSection(receiptNumber, readOnly) {
  const path = /** @type {const} */ (`/api/staff/applications/${encodeURIComponent(receiptNumber)}/cases`);
  const section = h(
    'section',
    { 'aria-labelledby': 'cases-title' },
    h('h2', { id: 'cases-title' }, '行政复议、行政诉讼'),
  );
  // The case file (答辩证据) these cases are answered with: the application's whole record, hashed.
  const purpose = h('input', { name: 'purpose', required: true, maxlength: 500, id: 'case-file-purpose' });
  const caseFile = h(
    'form',
    { class: 'action' },
    h('label', { for: 'case-file-purpose' }, '导出用途（如：某某人民政府行政复议案件答辩）'),
    purpose,
    h('button', { type: 'submit' }, '导出答辩证据（证据目录和证据压缩包）'),
  );
  caseFile.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const blob = await api(
        'POST /api/staff/applications/{receiptNumber}/case-file',
        `/api/staff/applications/${encodeURIComponent(receiptNumber)}/case-file`,
        {
          purpose: /** @type {HTMLInputElement} */ (purpose).value,
        },
      );
      const link = h('a', { href: URL.createObjectURL(blob), download: `${receiptNumber}答辩证据.zip` });
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    } catch (error) {
      feedback.replaceChildren(message(error instanceof Error ? error.message : String(error), 'error'));
    }
  });
  const feedback = h('div', { 'aria-live': 'polite' });
  /** The kinds of case and their results, as the API names them. @type {{ groups: Record<string, string>, results: Record<string, string> }} */
  let offered = { groups: {}, results: {} };
  const load = async () => {
    const { cases, groups, results } = await api('GET /api/staff/applications/{receiptNumber}/cases', path);
    offered = { groups, results };
    const list = cases.length
      ? h(
          'ul',
          {},
          cases.map((c) =>
            h(
              'li',
              {},
              `${c.groupLabel}：${c.body}，${c.filedOn}立案，${c.resultLabel}${c.decidedOn ? `（${c.decidedOn}）` : ''}`,
              readOnly ? null : caseForm(c),
            ),
          ),
        )
      : h('p', {}, '暂无。');
    section.replaceChildren(
      /** @type {ChildNode} */ (section.firstChild),
      feedback,
      list,
      caseFile,
      ...(readOnly ? [] : [h('details', { class: 'action-panel' }, h('summary', {}, '记录案件'), caseForm())]),
    );
  };
  /**
   * @param {string} name
   * @param {string} label
   * @param {Record<string, string>} choices
   * @param {string} [value]
   */
  const choice = (name, label, choices, value) =>
    h(
      'div',
      { class: 'field' },
      h(
        'label',
        {},
        label,
        h(
          'select',
          { name },
          Object.entries(choices).map(([v, t]) => h('option', { value: v, selected: v === value }, t)),
        ),
      ),
    );
  /**
   * @param {string} name
   * @param {string} label
   * @param {Record<string, unknown>} attributes
   */
  const input = (name, label, attributes) =>
    h('div', { class: 'field' }, h('label', {}, label, h('input', { name, ...attributes })));
  /** @param {Case} [existing] */
  function caseForm(existing) {
    const form = h(
      'form',
      { class: 'action' },
      existing ? null : choice('group', '案件类型', offered.groups),
      existing ? null : input('body', '复议机关或法院', { required: true, maxlength: 100 }),
      existing ? null : input('filedOn', '立案（受理）日期', { type: 'date', required: true }),
      choice('result', '结果', offered.results, existing?.result ?? 'pending'),
      input('decidedOn', '决定（判决）日期（已审结时填写）', { type: 'date', value: existing?.decidedOn ?? '' }),
      h('button', { type: 'submit' }, existing ? '更新结果' : '记录'),
    );
    form.addEventListener('submit', async (/** @type {SubmitEvent} */ event) => {
      event.preventDefault();
      const data = Object.fromEntries([...new FormData(form)].filter(([, v]) => v !== ''));
      try {
        if (existing)
          await api(
            'PUT /api/staff/applications/{receiptNumber}/cases/{caseId}',
            `${path}/${encodeURIComponent(existing.id)}`,
            {
              group:
                /** @type {import('./api-types').Body<'PUT /api/staff/applications/{receiptNumber}/cases/{caseId}'>['group']} */ (
                  existing.group
                ),
              body: existing.body,
              filedOn: existing.filedOn,
              // The form's fields, named as the route names them (its choices the API's own): it refuses what does not fit, naming the field.
              .../** @type {Pick<import('./api-types').Body<'PUT /api/staff/applications/{receiptNumber}/cases/{caseId}'>, 'result' | 'decidedOn'>} */ (
                data
              ),
              version: existing.version,
            },
          );
        else
          await api(
            'POST /api/staff/applications/{receiptNumber}/cases',
            path,
            /** @type {import('./api-types').Body<'POST /api/staff/applications/{receiptNumber}/cases'>} */ (
              /** @type {unknown} */ (data)
            ),
          );
        await load();
        feedback.replaceChildren(message('已记录，计入年度报告表四。'));
      } catch (error) {
        feedback.replaceChildren(message(errorText(error), 'error'));
      }
    });
    return form;
  }
  await load();
  return section;
}

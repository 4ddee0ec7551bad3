// @ts-check
// The staff console's 公开专栏: the agency's 政府信息公开指南 and 政府信息公开制度, edited by its administrators.
import { richEditor } from './staff-editor.js';
import {
  ApiError,
  api,
  errorText,
  findingsTable,
  h,
  hasRole,
  keptReasons,
  me,
  message,
  render,
  siteProgress,
} from './staff-kit.js';

export async function columnView() {
  const pages = await Promise.all(
    ['guide', 'rules'].map((page) => api('GET /api/staff/site/pages/{page}', `/api/staff/site/pages/${page}`)),
  );
  const sections = pages.map((page) => columnSection(page));
  render(
    h('h1', {}, '公开专栏'),
    h('p', { class: 'lead' }, '政府信息公开指南和政府信息公开制度由管理员编辑，保存后数秒内更新公开网站。'),
    ...sections,
  );
}

/**
 * One page of the column: its editor, saved as it is typed after its 个人信息检查 and 表述检查. A page
 * the check refuses shows each finding; the administrator (who alone may save it, and so keep one)
 * corrects the text, or writes a reason for each to keep and saves again; the page then records who
 * kept what, shown under it.
 * @param {import('./api-types').Answer<'GET /api/staff/site/pages/{page}'>} page the page as the API answers it
 */
function columnSection(page) {
  const admin = hasRole('admin');
  const editor = richEditor(page.page, page.html, { editable: admin, label: `${page.title}正文` });
  const feedback = h('div', { 'aria-live': 'polite' });
  const checks = h('div', {});
  let version = page.version;
  /** @typedef {typeof page.findings} Findings */
  /** @param {Findings} findings the check of the page as saved */
  const showSaved = (findings) =>
    checks.replaceChildren(
      ...(findings.length
        ? [
            h(
              'div',
              {},
              h('h3', {}, '个人信息检查和表述检查（保存时）'),
              findingsTable(findings, {
                canKeep: false,
                grounds: [],
                open: () => '待管理员处理',
                warning: '提示，不影响保存',
                idPrefix: `${page.page}-`,
              }).table,
            ),
          ]
        : []),
    );
  /**
   * The findings of a refused save, a reason to keep each beside it; `html` is the text they were found in.
   * @param {import('./staff-kit.js').Finding[]} findings
   * @param {string} html
   */
  const showRefused = (findings, html) => {
    const { table, reasons } = findingsTable(findings, {
      canKeep: admin,
      grounds: page.privacyGrounds ?? [],
      open: () => '待管理员处理',
      warning: '提示，不影响保存',
      idPrefix: `${page.page}-`,
    });
    checks.replaceChildren(
      h(
        'div',
        {},
        h('h3', {}, '个人信息检查和表述检查（未保存）'),
        h(
          'p',
          { class: 'hint' },
          admin
            ? '表述错误请按“应为”改正，个人信息请删除或遮盖，然后保存；确需保留的，逐项写明理由（须写明具体情况），再点击“确认保留并保存”，理由和确认人记入本页的检查记录。'
            : '检查发现由管理员改正，或逐项写明理由确认保留后保存。',
        ),
        table,
        admin && reasons.size
          ? h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                // Numbered in the text as checked: edited since, the page is checked again instead.
                onclick: () => save(editor.value() === html ? keptReasons(reasons) : []),
              },
              '确认保留并保存',
            )
          : null,
      ),
    );
  };
  /** @param {import('./staff-kit.js').Acknowledgement[]} kept */
  const save = async (kept) => {
    const html = editor.value();
    try {
      const saved = await api('PUT /api/staff/site/pages/{page}', `/api/staff/site/pages/${page.page}`, {
        html,
        version,
        ...(kept.length && { privacyAcknowledgements: kept }),
      });
      version = saved.version;
      feedback.replaceChildren(message('已保存。'), siteProgress());
      showSaved(saved.findings ?? []);
    } catch (error) {
      feedback.replaceChildren(message(errorText(error), 'error'));
      if (error instanceof ApiError && error.code === 'checks-failed' && error.findings.length)
        showRefused(error.findings, html);
    }
  };
  showSaved(page.findings ?? []);
  return h(
    'section',
    {},
    h('h2', {}, page.title),
    feedback,
    editor.element,
    checks,
    admin ? h('button', { type: 'button', onclick: () => save([]) }, '保存') : null,
    h('p', {}, h('a', { href: `/${me().agency.id}/${page.page}.html`, target: '_blank' }, '查看公开页面')),
  );
}

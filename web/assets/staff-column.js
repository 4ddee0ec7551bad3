// @ts-check
// The staff console's 公开专栏: the agency's 政府信息公开指南 and 政府信息公开制度, edited by its administrators.
import { richEditor } from './staff-editor.js';
import { api, errorText, h, hasRole, me, message, render, siteProgress } from './staff-kit.js';

export async function columnView() {
  const pages = await Promise.all(['guide', 'rules'].map((page) => api('GET', `/api/staff/site/pages/${page}`)));
  const sections = pages.map((page) => {
    const editor = richEditor(page.page, page.html, { editable: hasRole('admin'), label: `${page.title}正文` });
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
                  feedback.replaceChildren(message(errorText(error), 'error'));
                }
              },
            },
            '保存',
          )
        : null,
      h('p', {}, h('a', { href: `/${me().agency.id}/${page.page}.html`, target: '_blank' }, '查看公开页面')),
    );
  });
  render(
    h('h1', {}, '公开专栏'),
    h('p', { class: 'lead' }, '政府信息公开指南和政府信息公开制度由管理员编辑，保存后数秒内更新公开网站。'),
    ...sections,
  );
}

// @ts-check
// The rich-text editor of publications and column pages: structure only (the server sanitises to an allow-list).
import { h } from './staff-kit.js';

/**
 * A small rich-text editor: structure only (the server keeps an allow-list of tags).
 * @param {string} name
 * @param {string} initial already sanitised by the server
 */
export function richEditor(name, initial) {
  const area = h('div', {
    class: 'rich-editor',
    contenteditable: 'true',
    role: 'textbox',
    'aria-multiline': 'true',
    'aria-label': '正文',
    id: `a-${name}`,
  });
  area.innerHTML = initial; // already sanitised by the server's allow-list
  /** @param {string} label @param {string} cmd @param {string} [value] */
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

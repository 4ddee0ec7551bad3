// @ts-check
// The rich-text editor of publications and column pages: the toolbar and the link dialog around the
// engine (web/editor/rich-editor.js, Tiptap, loaded on first use). The server sanitises what is saved.
import { h } from './staff-kit.js';

/** @typedef {import('../editor/rich-editor.js').RichEditor} RichEditor */

/** Built from web/editor/ when the platform starts or deploys; a variable so the typecheck needs no build. */
const engine = './vendor/rich-editor.js';
/** @type {Promise<typeof import('../editor/rich-editor.js')> | undefined} */
let loading;

/** Links the site may carry (as the server's allow-list: http, https, mailto and the site's own paths). */
const linkPattern = /^(https?:\/\/[^\s]+|mailto:[^\s]+|\/(?!\/)[^\s]*)$/i;

/**
 * @param {string} name
 * @param {string} initial already sanitised by the server
 * @param {{ editable?: boolean, label?: string }} [options] read-only shows the text without a toolbar
 */
export function richEditor(name, initial, { editable = true, label = '正文' } = {}) {
  const labelId = `l-${name}`;
  // Read only, the text is shown as the server cleaned it, in a text box marked read-only, without
  // the engine (whose contenteditable="false" element HTML allows no aria-readonly="true" on).
  const host = h(
    'div',
    editable
      ? { class: 'rich-host' }
      : {
          class: 'rich-host readonly',
          role: 'textbox',
          'aria-readonly': 'true',
          'aria-multiline': 'true',
          'aria-labelledby': labelId,
        },
  );
  // Until the engine has loaded (a moment, once), the text is shown as it stands.
  const placeholder = h('div', { class: 'rich-editor', ...(editable && { 'aria-busy': 'true' }) });
  placeholder.innerHTML = initial; // already sanitised by the server's allow-list
  host.append(placeholder);
  /** @type {RichEditor | undefined} */
  let editor;
  /** @type {(() => void)[]} */
  const updates = [];
  const onChange = () => {
    for (const update of updates) update();
  };

  /**
   * @param {string} text
   * @param {(e: RichEditor) => boolean} run
   * @param {{ active?: (e: RichEditor) => boolean, enabled?: (e: RichEditor) => boolean }} [state]
   */
  const button = (text, run, state = {}) => {
    const element = /** @type {HTMLButtonElement} */ (
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          disabled: true,
          // A pointer's press leaves the focus (and the selection) in the text; the keyboard's reaches the button.
          onmousedown: (/** @type {MouseEvent} */ event) => event.preventDefault(),
          onclick: () => editor && run(editor),
        },
        text,
      )
    );
    updates.push(() => {
      if (!editor) return;
      element.disabled = state.enabled ? !state.enabled(editor) : false;
      if (state.active) element.setAttribute('aria-pressed', String(state.active(editor)));
    });
    return element;
  };
  const dialog = editable ? linkDialog(name, () => editor) : null;
  const toolbar = editable
    ? h(
        'div',
        { class: 'toolbar', role: 'toolbar', 'aria-label': `${label}格式` },
        button('加粗', (e) => e.chain().focus().toggleBold().run(), { active: (e) => e.isActive('bold') }),
        button('小标题', (e) => e.chain().focus().toggleHeading({ level: 2 }).run(), {
          active: (e) => e.isActive('heading', { level: 2 }),
        }),
        button('段落', (e) => e.chain().focus().setParagraph().run(), { active: (e) => e.isActive('paragraph') }),
        button('编号列表', (e) => e.chain().focus().toggleOrderedList().run(), {
          active: (e) => e.isActive('orderedList'),
        }),
        button('列表', (e) => e.chain().focus().toggleBulletList().run(), { active: (e) => e.isActive('bulletList') }),
        button('链接', () => dialog?.open() ?? false, { active: (e) => e.isActive('link') }),
        button('插入表格', (e) => e.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(), {
          enabled: (e) => !e.isActive('table'),
        }),
        button('增加一行', (e) => e.chain().focus().addRowAfter().run(), { enabled: (e) => e.can().addRowAfter() }),
        button('增加一列', (e) => e.chain().focus().addColumnAfter().run(), {
          enabled: (e) => e.can().addColumnAfter(),
        }),
        button('删除行', (e) => e.chain().focus().deleteRow().run(), { enabled: (e) => e.can().deleteRow() }),
        button('删除列', (e) => e.chain().focus().deleteColumn().run(), { enabled: (e) => e.can().deleteColumn() }),
        button('删除表格', (e) => e.chain().focus().deleteTable().run(), { enabled: (e) => e.can().deleteTable() }),
      )
    : null;

  const ready = editable
    ? (loading ??= import(engine)).then(({ createEditor }) => {
        editor = createEditor(host, { html: initial, editable, labelledBy: labelId, onChange });
        placeholder.remove();
        onChange();
      })
    : Promise.resolve();
  return {
    element: h(
      'div',
      { class: 'field' },
      editable ? h('label', { id: labelId }, label) : h('p', { id: labelId, class: 'label' }, `${label}（只读）`),
      toolbar,
      host,
    ),
    /** The HTML to save: nothing when nothing was written. */
    value: () => (editor ? (editor.isEmpty ? '' : editor.getHTML()) : initial),
    ready,
  };
}

/**
 * 链接: the address typed into a dialog (no prompt()), checked before it is set.
 * @param {string} name the editor's, so two editors on a page keep their ids apart
 * @param {() => RichEditor | undefined} current
 */
function linkDialog(name, current) {
  const id = (/** @type {string} */ part) => `link-${part}-${name}`;
  const input = /** @type {HTMLInputElement} */ (
    h('input', { id: id('href'), type: 'text', inputmode: 'url', autocomplete: 'url', maxlength: 2000 })
  );
  const error = h('p', { class: 'field-error', id: id('error'), role: 'alert', hidden: true });
  const remove = /** @type {HTMLButtonElement} */ (h('button', { type: 'button', class: 'secondary' }, '移除链接'));
  const form = /** @type {HTMLFormElement} */ (
    h(
      'form',
      { method: 'dialog' },
      h('h2', { id: id('title') }, '链接'),
      h(
        'div',
        { class: 'field' },
        h('label', { for: id('href') }, '链接地址'),
        h('p', { class: 'hint' }, '以 https:// 、http:// 、mailto: 或本站路径 / 开头。'),
        error,
        input,
      ),
      h(
        'p',
        { class: 'actions' },
        h('button', { type: 'submit' }, '确定'),
        remove,
        h('button', { type: 'button', class: 'secondary', onclick: () => element.close() }, '取消'),
      ),
    )
  );
  const element = /** @type {HTMLDialogElement} */ (
    h('dialog', { class: 'link-dialog', 'aria-labelledby': id('title') }, form)
  );
  // Outside the editor's own form (forms do not nest): in the page's body while open, and gone after.
  element.addEventListener('close', () => element.remove());
  remove.addEventListener('click', () => {
    current()?.chain().focus().extendMarkRange('link').unsetLink().run();
    element.close();
  });
  form.addEventListener('submit', (event) => {
    const href = input.value.trim();
    if (!linkPattern.test(href)) {
      event.preventDefault();
      error.textContent = '链接地址格式不正确，请以 https:// 、http:// 、mailto: 或 / 开头。';
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', id('error'));
      input.focus();
      return;
    }
    const editor = current();
    if (!editor) return;
    if (editor.state.selection.empty && !editor.isActive('link'))
      editor
        .chain()
        .focus()
        .insertContent({ type: 'text', text: href, marks: [{ type: 'link', attrs: { href } }] })
        .run();
    else editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
  });
  return {
    element,
    /** @returns {true} */
    open() {
      const editor = current();
      input.value = editor?.getAttributes('link').href ?? '';
      error.hidden = true;
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-describedby');
      remove.hidden = !editor?.isActive('link');
      document.body.append(element);
      element.showModal();
      input.focus();
      return true;
    },
  };
}

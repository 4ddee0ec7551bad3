// @ts-check
// The rich-text editor's engine, bundled by esbuild into assets/vendor/rich-editor.js (cdk/web-bundle.ts):
// Tiptap (ProseMirror) with the structure the server's allow-list keeps (functions/core/rich-text.ts),
// so what staff see while writing is what is published. Nothing here outside that list: no strike,
// code, rules or images (an image's text cannot be checked for personal data; pictures are attachments).
import { Editor } from '@tiptap/core';
import { Table, TableKit } from '@tiptap/extension-table';
import { StarterKit } from '@tiptap/starter-kit';

/**
 * @param {HTMLElement} element where the editable area goes
 * @param {{ html: string, editable: boolean, labelledBy: string, onChange: () => void }} options
 */
export function createEditor(element, { html, editable, labelledBy, onChange }) {
  return new Editor({
    element,
    content: html,
    editable,
    // The console's CSP allows no inline <style>: the editor's few rules are in site.css.
    injectCSS: false,
    extensions: [
      StarterKit.configure({
        heading: { levels: [2, 3, 4] },
        code: false,
        codeBlock: false,
        horizontalRule: false,
        strike: false,
        link: {
          openOnClick: false,
          autolink: true,
          defaultProtocol: 'https',
          protocols: ['http', 'https', 'mailto'],
          HTMLAttributes: { rel: 'noopener noreferrer', target: null },
        },
      }),
      TableKit.configure({ table: false }),
      // Tab goes from cell to cell, and out of the table from its last cell (as everywhere else on
      // the page); it never adds a row, which nobody sees and which would be published empty.
      // A row is added with 增加一行.
      Table.extend({
        addKeyboardShortcuts() {
          return { ...this.parent?.(), Tab: () => this.editor.commands.goToNextCell() };
        },
      }).configure({ resizable: false }),
    ],
    editorProps: {
      attributes: {
        class: 'rich-editor',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-labelledby': labelledBy,
        ...(!editable && { 'aria-readonly': 'true' }),
      },
    },
    onTransaction: onChange,
  });
}

/** @typedef {ReturnType<typeof createEditor>} RichEditor */

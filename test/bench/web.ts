/**
 * `npm run bench`: the browser bundles (cdk/bundling.ts) built with their deployed settings, against
 * floors built in the same run: ProseMirror's own packages alone (what any editor on it must load) and
 * the console's hand-written scripts together (what every console page loads). The editor is loaded
 * only on the pages that edit rich text, on first use.
 */
import { readdirSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { webBundles, webBundleSettings, webDir } from '../../cdk/bundling.ts';

const out = mkdtempSync(join(tmpdir(), 'gongkai-web-bench-'));
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const sizes = (bytes: Buffer) => ({ raw: bytes.length, gzip: gzipSync(bytes).length });

async function bundle(name: string, options: { entry?: string; source?: string }) {
  const outfile = join(out, `${name}.js`);
  await build({
    ...webBundleSettings,
    ...(options.entry
      ? { entryPoints: [options.entry] }
      : { stdin: { contents: options.source!, resolveDir: webDir, loader: 'js' } }),
    outfile,
  });
  return sizes(readFileSync(outfile));
}

const proseMirror = await bundle('prosemirror-floor', {
  source: `import { EditorState } from '@tiptap/pm/state'; import { EditorView } from '@tiptap/pm/view';
import { Schema } from '@tiptap/pm/model'; import { tableEditing } from '@tiptap/pm/tables';
const schema = new Schema({ nodes: { doc: { content: 'text*' }, text: {} } });
new EditorView(document.body, { state: EditorState.create({ schema, plugins: [tableEditing()] }) });`,
});
const consoleScripts = readdirSync(join(webDir, 'assets'))
  .filter((file) => file.startsWith('staff') && file.endsWith('.js'))
  .map((file) => readFileSync(join(webDir, 'assets', file)));
const console_ = sizes(Buffer.concat(consoleScripts));

console.log('\nBrowser bundles (esbuild settings of cdk/bundling.ts)\n');
console.log('| bundle | raw | gzip | / ProseMirror floor | / console scripts |');
console.log('| --- | --- | --- | --- | --- |');
for (const { entry, out: path } of webBundles) {
  const size = await bundle(path.replace(/\W/g, '-'), { entry: join(webDir, entry) });
  console.log(
    `| ${path} | ${kb(size.raw)} | ${kb(size.gzip)} | ${(size.raw / proseMirror.raw).toFixed(2)}x | ${(size.raw / console_.raw).toFixed(2)}x |`,
  );
}
console.log(
  `| floor: ProseMirror state, view, model, tables | ${kb(proseMirror.raw)} | ${kb(proseMirror.gzip)} | 1.00x | |`,
);
console.log(
  `| floor: the console's own scripts (${consoleScripts.length} files, unminified) | ${kb(console_.raw)} | ${kb(console_.gzip)} | | 1.00x |`,
);
rmSync(out, { recursive: true, force: true });

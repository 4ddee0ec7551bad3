/**
 * `node test/bench/redaction.ts`: the redaction engine (issue 43) — the WebAssembly's size, the engine
 * bundled with the functions' exact esbuild settings (as the CDK bundles it, the .wasm beside it),
 * its cold start in fresh processes (the import, then PDFium's initialisation on the first call), and
 * the time per page to locate, redact and verify a PDF against reading the same file with pdf.js
 * alone, both measured in the same run. BENCH_PAGES sets the PDF's pages (20), BENCH_RUNS the fresh
 * processes and repetitions (5). Exits 1 if a redaction's verification fails.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { esbuildSettings } from '../../cdk/bundling.ts';
import { locate, redact } from '../../functions/redaction/engine.ts';
import { wasmFile, wasmPath } from '../../functions/redaction/pdfium.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pages = Number(process.env.BENCH_PAGES ?? 20);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// ---- sizes ----
const wasm = readFileSync(wasmPath());
const out = mkdtempSync(join(tmpdir(), 'gongkai-redaction-bench-'));
const outfile = join(out, 'index.mjs');
await build({
  ...esbuildSettings,
  banner: { ...esbuildSettings.banner },
  mainFields: [...esbuildSettings.mainFields],
  external: [...esbuildSettings.external],
  entryPoints: [join(root, 'functions/redaction/engine.ts')],
  outfile,
  logLevel: 'error',
});
// Beside the bundle, as the stack ships it (cdk/functions.ts `files`).
mkdirSync(join(out, 'pdfium'));
copyFileSync(wasmPath(), join(out, 'pdfium', wasmFile));
const bundle = readFileSync(outfile);
console.log('Redaction engine (issue 43)');
console.log(`  PDFium WebAssembly    ${kb(wasm.length)} (gzip ${kb(gzipSync(wasm).length)})`);
console.log(`  engine bundle         ${kb(bundle.length)} (gzip ${kb(gzipSync(bundle).length)}), the .wasm beside it`);

// ---- a PDF of `pages` pages, each with a name, a phone number and a control line ----
async function samplePdf(n: number) {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let p = 0; p < n; p++) {
    const page = doc.addPage([595, 842]);
    for (let line = 0; line < 40; line++) {
      const y = 800 - line * 18;
      const text =
        line % 10 === 3
          ? `Third party Zhang San, phone 1381234${String(5600 + p).padStart(4, '0')}, page ${p + 1}.`
          : `Line ${line + 1} of page ${p + 1}: the text of the answer that stays as it is written.`;
      page.drawText(text, { x: 50, y, size: 11, font });
    }
  }
  return doc.save();
}
const pdf = await samplePdf(pages);
const pdfPath = join(out, 'sample.pdf');
writeFileSync(pdfPath, pdf);

// ---- cold start: fresh processes import the bundle, then the first call initialises PDFium ----
const probe = `
const t0 = performance.now();
const engine = await import(${JSON.stringify(pathToFileURL(outfile).href)});
const t1 = performance.now();
const bytes = new Uint8Array((await import('node:fs')).readFileSync(${JSON.stringify(pdfPath)}));
await engine.describe(bytes, 'pdf');
const t2 = performance.now();
await engine.describe(bytes, 'pdf');
const t3 = performance.now();
console.log(JSON.stringify({ importMs: t1 - t0, firstMs: t2 - t1, warmMs: t3 - t2 }));
`;
const cold = Array.from({ length: runs }, () => {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8', cwd: out });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { importMs: number; firstMs: number; warmMs: number };
});
const importMs = median(cold.map((c) => c.importMs));
const initMs = median(cold.map((c) => c.firstMs - c.warmMs));
console.log(
  `  cold start            import ${importMs.toFixed(0)} ms, PDFium's initialisation on first use ${initMs.toFixed(0)} ms (median of ${runs} fresh processes)`,
);

// ---- per page: locate + redact + verify against pdf.js reading the file ----
const { getDocumentProxy } = await import('unpdf');
async function readWithPdfjsAlone() {
  const document = await getDocumentProxy(new Uint8Array(pdf), { verbosity: 0 });
  for (let i = 1; i <= document.numPages; i++) await (await document.getPage(i)).getTextContent();
  await document.loadingTask.destroy();
}
const marks = [
  { kind: 'text' as const, text: 'Zhang San', ground: '15' as const, reason: '第三方个人信息' },
  { kind: 'findings' as const, ground: '15' as const, reason: '第三方个人信息' },
];
let failed = false;
async function redactOnce() {
  const located = await locate(pdf, 'pdf', marks);
  const result = await redact(pdf, 'pdf', located);
  if (!result.verification.passed) {
    failed = true;
    console.log(JSON.stringify(result.verification.checks.filter((c) => !c.passed)));
  }
}
await readWithPdfjsAlone();
await redactOnce();
const reading: number[] = [];
const redacting: number[] = [];
for (let r = 0; r < runs; r++) {
  let t = performance.now();
  await readWithPdfjsAlone();
  reading.push(performance.now() - t);
  t = performance.now();
  await redactOnce();
  redacting.push(performance.now() - t);
}
const readPage = median(reading) / pages;
const redactPage = median(redacting) / pages;
console.log(`  per page (${pages} pages, ${runs} runs, medians)`);
console.log(`    pdf.js reading alone     ${readPage.toFixed(1)} ms`);
console.log(`    locate + redact + verify ${redactPage.toFixed(1)} ms (${(redactPage / readPage).toFixed(1)}x)`);
rmSync(out, { recursive: true, force: true });
if (failed) {
  console.log('  ✗ a redaction failed its verification');
  process.exitCode = 1;
}

/**
 * The esbuild settings of every function, in one place: the CDK's NodejsFunction bundling is derived
 * from them, and the bench builds with exactly these.
 */
import { Charset, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { buildSync } from 'esbuild';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Bundled CommonJS dependencies may call require(); ESM output needs it defined.
const requireShim =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

export const esbuildSettings = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  minify: true,
  sourcemap: true,
  // Mappings only: the sources themselves are in the repository, and a map without them is a tenth
  // of the size, which is what Node parses at start with source maps enabled.
  sourcesContent: false,
  // The functions' Chinese text as UTF-8 (3 bytes a character), not \uXXXX escapes (6): Node reads a
  // module as UTF-8. A bundle up to 4% smaller (applications 771 → 738 KB), its cold import the same.
  charset: 'utf8',
  mainFields: ['module', 'main'],
  banner: { js: requireShim },
  // The SDK is bundled, not taken from the runtime: tree-shaken, and pinned by our lockfile.
  external: [] as string[],
} as const;

export const nodejsBundling: BundlingOptions = {
  format: OutputFormat.ESM,
  target: esbuildSettings.target,
  minify: esbuildSettings.minify,
  sourceMap: esbuildSettings.sourcemap,
  sourcesContent: esbuildSettings.sourcesContent,
  charset: Charset.UTF8,
  mainFields: [...esbuildSettings.mainFields],
  banner: esbuildSettings.banner.js,
  externalModules: esbuildSettings.external,
};

/** What a browser loads: web/, served as it stands, with the bundles built into web/assets/vendor/. */
export const webDir = fileURLToPath(new URL('../web/', import.meta.url));

/** The site's CloudFront Function: CloudFront runs it, and the local gateway (cdk/local/edge.ts). */
export const siteRequestFile = fileURLToPath(new URL('./edge/site-request.js', import.meta.url));

/** The browser bundles: a library the console loads on first use, built from web/editor/ (not committed). */
export const webBundles = [
  { entry: 'editor/rich-editor.js', out: 'assets/vendor/rich-editor.js' },
  // The import's spreadsheet reader (Papa Parse, ExcelJS, fflate), loaded only when staff open the import.
  { entry: 'import/sheet.js', out: 'assets/vendor/import-sheet.js' },
] as const;

/** The esbuild settings of the browser bundles (the bench builds with exactly these). */
export const webBundleSettings = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  legalComments: 'linked',
  logLevel: 'warning',
} as const;

/** Builds the browser bundles (about 0.2 s); the local gateway and the CDK app run it before serving or deploying web/. */
export function buildWebBundles(): void {
  for (const { entry, out } of webBundles) {
    const { outputFiles } = buildSync({
      ...webBundleSettings,
      entryPoints: [join(webDir, entry)],
      outfile: join(webDir, out),
      write: false,
    });
    // Written aside and renamed: test platforms start side by side, and none may serve half a file.
    for (const file of outputFiles) {
      mkdirSync(dirname(file.path), { recursive: true });
      const aside = `${file.path}.${process.pid}.tmp`;
      writeFileSync(aside, file.contents);
      renameSync(aside, file.path);
    }
  }
}

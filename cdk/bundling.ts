/**
 * The esbuild settings of every function, in one place: the CDK's NodejsFunction bundling is derived
 * from them, and the bench builds with exactly these.
 */
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

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
  mainFields: [...esbuildSettings.mainFields],
  banner: esbuildSettings.banner.js,
  externalModules: esbuildSettings.external,
};

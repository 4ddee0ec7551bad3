/**
 * 表述检查's dictionary is a file beside each bundle, read on the first check (not bundled, not read at
 * import): the file and the code must agree on its version, a deployed function must find it, and every
 * function whose bundle holds the checker must carry it.
 */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { esbuildSettings } from '../../cdk/bundling.ts';
import { type DeployedFunction, entryOf, functionSpecs } from '../../cdk/functions.ts';
import { expressionRulesFile, expressionRulesVersion, readExpressionRules } from '#core/expressions.ts';

const root = resolve(import.meta.dirname, '../..');
const shippedFile = join(root, 'functions/core', expressionRulesFile);
const scratch = mkdtempSync(join(tmpdir(), 'gongkai-expressions-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const bundleSettings = {
  ...esbuildSettings,
  banner: { ...esbuildSettings.banner },
  mainFields: [...esbuildSettings.mainFields],
  external: [...esbuildSettings.external],
  absWorkingDir: root,
  logLevel: 'error' as const,
};

describe('表述检查 dictionary beside the bundle', () => {
  it('ships the version the code expects', () => {
    const shipped = JSON.parse(readFileSync(shippedFile, 'utf8')) as { version: number };
    expect(shipped.version).toBe(expressionRulesVersion);
    expect(readExpressionRules(shippedFile).version).toBe(expressionRulesVersion);
  });

  it('refuses a dictionary of another version, naming both', () => {
    const other = join(scratch, 'other.json');
    const shipped = JSON.parse(readFileSync(shippedFile, 'utf8')) as { version: number };
    writeFileSync(other, JSON.stringify({ ...shipped, version: expressionRulesVersion + 1 }));
    expect(() => readExpressionRules(other)).toThrow(
      `is version ${expressionRulesVersion + 1}; the code expects ${expressionRulesVersion}`,
    );
  });

  it('imports a bundled checker without the file, and reads it from beside the bundle on the first check', async () => {
    const dir = join(scratch, 'bundle');
    const source = `export { expressionChecker } from ${JSON.stringify(join(root, 'functions/core/expressions.ts'))};`;
    const { metafile } = await build({
      ...bundleSettings,
      stdin: { contents: source, resolveDir: root, loader: 'ts' },
      outfile: join(dir, 'index.mjs'),
      metafile: true,
    });
    expect(Object.keys(metafile.inputs).filter((input) => input.endsWith('.json'))).toEqual([]);
    const { expressionChecker } = (await import(pathToFileURL(join(dir, 'index.mjs')).href)) as {
      expressionChecker: typeof import('#core/expressions.ts').expressionChecker;
    };
    // Not there yet: the import succeeded, the first check cannot read it.
    expect(() => expressionChecker()).toThrow(/expression-rules\.json/);
    mkdirSync(join(dir, 'expressions'));
    copyFileSync(shippedFile, join(dir, 'expressions', expressionRulesFile));
    expect(expressionChecker().check('国务院总里李强出席。')[0]).toMatchObject({
      wrong: '国务院总里',
      right: '国务院总理',
    });
  });

  it('is carried by exactly the functions whose bundle holds the checker', async () => {
    const names = Object.keys(functionSpecs) as DeployedFunction[];
    // All in one build (one parse of what they share, nothing minified or mapped: what goes in is the
    // same): each output's inputs are its function's bundle.
    const { metafile } = await build({
      ...bundleSettings,
      minify: false,
      sourcemap: false,
      entryPoints: Object.fromEntries(names.map((name) => [name, entryOf(name)])),
      outdir: join(scratch, 'functions'),
      write: false,
      metafile: true,
    });
    const holding = Object.values(metafile.outputs)
      .filter((output) => output.entryPoint && 'functions/core/expressions.ts' in output.inputs)
      .map((output) => names.find((name) => entryOf(name) === output.entryPoint)!)
      .sort();
    const carrying = names
      .filter((name) => functionSpecs[name].files?.expressions?.includes(`functions/core/${expressionRulesFile}`))
      .sort();
    expect(holding.length).toBeGreaterThan(0);
    expect(carrying).toEqual(holding);
  }, 120_000);
});

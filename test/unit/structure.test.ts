/**
 * The layout's rule: a function's folder holds what only that function runs. Code two functions share
 * lives in core/, store/ or lib/, named for what it is; those never reach into a function's folder.
 * (functions/routes.ts, the one route table, gathers each function's own entries.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { functionSpecs } from '../../cdk/functions.ts';

const root = resolve(import.meta.dirname, '../../functions');
const functionFolders = new Set(Object.keys(functionSpecs));
const aliases: Record<string, string> = {
  '#public/': 'public/',
  '#applications/': 'applications/',
  '#publications/': 'publications/',
  '#reports/': 'reports/',
  '#core/': 'core/',
  '#store/': 'store/',
  '#lib/': 'lib/',
};

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) yield* sources(join(dir, entry.name));
    else if (entry.name.endsWith('.ts')) yield join(dir, entry.name);
  }
}

/** The folder under functions/ each import of the file lands in. */
function importedFolders(file: string): string[] {
  const specifiers = [
    ...readFileSync(file, 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'([^']+)'|import\('([^']+)'\)/g),
  ].map((m) => m[1] ?? m[2]!);
  return specifiers.flatMap((specifier) => {
    const alias = Object.keys(aliases).find((a) => specifier.startsWith(a));
    const target = alias
      ? join(root, aliases[alias]!, specifier.slice(alias.length))
      : specifier.startsWith('.')
        ? resolve(file, '..', specifier)
        : undefined;
    if (!target) return [];
    const inside = relative(root, target);
    return inside.startsWith('..') ? [] : [inside.split('/')[0]!];
  });
}

describe('the layout', () => {
  const files = [...sources(root)].map((file) => ({
    file: relative(root, file),
    folder: relative(root, file).split('/')[0]!,
    imports: importedFolders(file),
  }));

  it('has a folder of its own for every deployed function', () => {
    for (const fn of functionFolders)
      expect(
        files.some((f) => f.folder === fn),
        fn,
      ).toBe(true);
  });

  it("lets no function folder import another's, and no shared code import a function's", () => {
    const crossings = files
      .filter((f) => f.file !== 'routes.ts')
      .flatMap((f) =>
        f.imports
          .filter((folder) => functionFolders.has(folder) && folder !== f.folder)
          .map((folder) => `${f.file} → ${folder}/`),
      );
    expect(crossings).toEqual([]);
  });
});

/**
 * The layout's rule: a function's folder holds what only that function runs. Code two functions share
 * lives in core/, store/ or lib/, named for what it is; those never reach into a function's folder.
 * (functions/routes.ts, the one route table, gathers each function's own entries.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { functionSpecs } from '../../cdk/functions.ts';

const repo = resolve(import.meta.dirname, '../..');
const root = join(repo, 'functions');
const functionFolders = new Set(Object.keys(functionSpecs));
/** package.json's "imports": each alias's prefix and the path it stands for, so a new alias is known here at once. */
const aliases: Record<string, string> = Object.fromEntries(
  Object.entries(JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).imports as Record<string, string>).map(
    ([alias, target]) => [alias.replace(/\*$/, ''), join(repo, target.replace(/\*$/, ''))],
  ),
);
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
    const alias = Object.keys(aliases).find((a) => (a.endsWith('/') ? specifier.startsWith(a) : specifier === a));
    const target = alias
      ? join(aliases[alias]!, specifier.slice(alias.length))
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

  it('keeps lib/ below store/: no module of lib/ imports one of store/', () => {
    const crossings = files
      .filter((f) => f.folder === 'lib')
      .flatMap((f) => f.imports.filter((folder) => folder === 'store').map(() => `${f.file} → store/`));
    expect(crossings).toEqual([]);
  });

  it("has modules take the table's keys as a namespace from store/keys.ts, so a bundle carries only the keys it builds", () => {
    // design.ts's keys, one object, put every key (6.8 KB) in each bundle that imported it.
    const wholeObject = files
      .filter(({ file }) =>
        /import\s*\{[^}]*\bkeys\b[^}]*\}\s*from\s*'[^']*design\.ts'/.test(readFileSync(join(root, file), 'utf8')),
      )
      .map((f) => f.file);
    expect(wholeObject).toEqual([]);
  });

  it('knows every alias package.json declares under functions/, #imports/ and #admin/ among them', () => {
    expect(aliases['#imports/']).toBe(join(root, 'imports/'));
    expect(aliases['#admin/']).toBe(join(root, 'admin/'));
    expect(aliases['#routes']).toBe(join(root, 'routes.ts'));
  });
});

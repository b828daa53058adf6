import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A throwaway repository: files by relative path. Returns its root and a cleanup. */
export function makeRepo(files: Record<string, string>): { root: string; remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'pullback-docs-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** A package.json as JSON text. */
export const manifest = (fields: Record<string, unknown>): string => JSON.stringify(fields);

/** Compiler options like the repository's, without @types/node (the fixtures need none). */
export const TSCONFIG = JSON.stringify({
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2023'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    types: [],
    noEmit: true,
    customConditions: ['@pullback/source'],
  },
});

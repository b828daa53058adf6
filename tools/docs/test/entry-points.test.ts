import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { entryPoints } from '../src/entry-points.js';
import { makeRepo, manifest } from './fixture.js';

let remove = (): void => {};
afterEach(() => remove());

describe('entry points come from the exports maps of the published workspaces', () => {
  it('every code subpath, by its source condition or its dist types mapped back to src', () => {
    const repo = makeRepo({
      'package.json': manifest({
        private: true,
        workspaces: ['packages/a', 'packages/b', 'examples'],
      }),
      'packages/a/package.json': manifest({
        name: '@x/a',
        exports: {
          '.': { '@pullback/source': './src/index.ts', types: './dist/index.d.ts' },
          './math': { types: './dist/math/index.d.ts', default: './dist/math/index.js' },
          './package.json': './package.json',
        },
      }),
      'packages/a/src/index.ts': '',
      'packages/a/src/math/index.ts': '',
      'packages/b/package.json': manifest({ name: '@x/b', exports: './dist/main.js' }),
      'packages/b/src/main.ts': '',
      'examples/package.json': manifest({
        name: 'examples',
        private: true,
        exports: './nowhere.js',
      }),
    });
    remove = repo.remove;
    expect(entryPoints(repo.root)).toEqual([
      {
        packageName: '@x/a',
        packageDir: 'packages/a',
        subpath: '.',
        importName: '@x/a',
        sourceFile: join(repo.root, 'packages/a/src/index.ts'),
      },
      {
        packageName: '@x/a',
        packageDir: 'packages/a',
        subpath: './math',
        importName: '@x/a/math',
        sourceFile: join(repo.root, 'packages/a/src/math/index.ts'),
      },
      {
        packageName: '@x/b',
        packageDir: 'packages/b',
        subpath: '.',
        importName: '@x/b',
        sourceFile: join(repo.root, 'packages/b/src/main.ts'),
      },
    ]);
  });

  it('a subpath whose source is missing, or a pattern, is an error naming the package', () => {
    const missing = makeRepo({
      'package.json': manifest({ workspaces: ['p'] }),
      'p/package.json': manifest({ name: 'p', exports: { './gone': './dist/gone.js' } }),
    });
    remove = missing.remove;
    expect(() => entryPoints(missing.root)).toThrow(
      'p/package.json: exports["./gone"] leads to ./src/gone.ts, which does not exist',
    );
    missing.remove();
    const pattern = makeRepo({
      'package.json': manifest({ workspaces: ['p'] }),
      'p/package.json': manifest({ name: 'p', exports: { './*': './dist/*.js' } }),
    });
    remove = pattern.remove;
    expect(() => entryPoints(pattern.root)).toThrow(
      /p\/package.json: the exports pattern "\.\/\*"/,
    );
  });
});

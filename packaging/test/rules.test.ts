import { describe, expect, it } from 'vitest';
import { extractSnippets, snippetSource } from '../lib/markdown.js';
import {
  fileListProblems,
  manifestProblems,
  readmeLinkProblems,
  undeclaredImports,
} from '../lib/package-rules.js';
import { readManifest, repoRoot, repositoryUrl, type Manifest } from '../lib/packages.js';
import { join } from 'node:path';

// The packaging checks on made-up packages and documents, so each is seen to fail when it
// should (the real packages pass them all).

const manifest: Manifest = {
  name: '@pullback/example',
  version: '0.1.0',
  files: ['dist', '!dist/.tsbuildinfo', 'src', 'README.md'],
  main: './dist/index.js',
  types: './dist/index.d.ts',
  exports: {
    '.': { types: './dist/index.d.ts', default: './dist/index.js' },
    './package.json': './package.json',
  },
  dependencies: { '@pullback/rules-core': '0.1.0' },
  peerDependencies: { vitest: '^4.1.0' },
};
const compiled = (base: string): string[] =>
  ['.js', '.js.map', '.d.ts', '.d.ts.map'].map((suffix) => `dist/${base}${suffix}`);
const good = ['package.json', 'README.md', 'LICENSE', 'src/index.ts', ...compiled('index')];

describe('fileListProblems', () => {
  it('accepts sources, their compiled files, the README and the LICENSE', () => {
    expect(fileListProblems(manifest, good)).toEqual([]);
  });

  it('reports build state, tests, stale output, missing output and a missing LICENSE', () => {
    const files = [
      ...good.filter((f) => f !== 'LICENSE' && f !== 'dist/index.d.ts.map'),
      'dist/.tsbuildinfo',
      'src/index.test.ts',
      ...compiled('renamed'),
      'notes.txt',
    ];
    expect(fileListProblems(manifest, files)).toEqual([
      'LICENSE is missing',
      'dist/.tsbuildinfo must not be published (build state, tests or benchmarks)',
      'src/index.test.ts must not be published (build state, tests or benchmarks)',
      'notes.txt is outside the manifest\'s "files"',
      'dist/index.d.ts.map (compiled from src/index.ts) is missing',
      ...compiled('renamed').map(
        (f) => `${f} has no source in src/ (stale build output: rebuild from a clean dist/)`,
      ),
    ]);
  });

  it('reports an entry point that is not shipped', () => {
    const files = good.filter((f) => f !== 'dist/index.d.ts');
    expect(fileListProblems(manifest, files)).toContain(
      'dist/index.d.ts, named in package.json, is not shipped',
    );
  });
});

describe('manifestProblems', () => {
  it('accepts the real packages', () => {
    const engine = readManifest(join(repoRoot, 'packages/engine'));
    expect(manifestProblems(engine, 'packages/engine', repositoryUrl)).toEqual([]);
  });

  it('names every missing field', () => {
    const bare: Manifest = {
      name: '@pullback/example',
      version: '0.1.0',
      exports: { '.': './dist/index.js', './math': { default: './dist/math/index.js' } },
      scripts: { bench: 'node bench/run.js' },
    };
    expect(manifestProblems(bare, 'packages/example', repositoryUrl)).toEqual([
      'license should be MIT',
      'author is missing',
      'keywords are missing',
      `repository should be { type: 'git', url: 'git+${repositoryUrl}.git', directory: 'packages/example' }`,
      `homepage should be ${repositoryUrl}/tree/main/packages/example#readme`,
      `bugs.url should be ${repositoryUrl}/issues`,
      'publishConfig.access should be "public"',
      'main and types should point at ./dist/index.js and ./dist/index.d.ts (for moduleResolution node10)',
      'exports should map "./package.json"',
      'typesVersions should map "math" (node10 resolution ignores exports)',
      'scripts belong in the root package.json, not here',
    ]);
  });
});

describe('readmeLinkProblems', () => {
  const exists = (path: string): boolean => path === 'packages/rules-core';
  it('accepts absolute links to paths that exist, anchors and links in code', () => {
    const readme = [
      `[rules-core](${repositoryUrl}/tree/main/packages/rules-core)`,
      '[below](#usage) and `[not](a/link)` and [mail](mailto:a@b.c)',
      '```md\n[in a block](docs/x.md)\n```',
    ].join('\n');
    expect(readmeLinkProblems(readme, repositoryUrl, exists)).toEqual([]);
  });

  it('reports relative links and links to paths that are gone', () => {
    const readme = `[a](../rules-core) and [b](${repositoryUrl}/blob/main/docs/gone.md#part)\n\n[c]: docs/c.md`;
    expect(readmeLinkProblems(readme, repositoryUrl, exists)).toEqual([
      "../rules-core is relative: on the registry's page it leads nowhere",
      `${repositoryUrl}/blob/main/docs/gone.md#part names docs/gone.md, which is not in the repository`,
      "docs/c.md is relative: on the registry's page it leads nowhere",
    ]);
  });
});

describe('undeclaredImports', () => {
  it('reports packages the manifest does not declare, and nothing else', () => {
    const source = [
      "import { a } from '@pullback/rules-core';",
      "import type { B } from '@typescript-eslint/scope-manager';",
      "import { readFileSync } from 'node:fs';",
      "import path from 'path';",
      "import './local.js';",
      "export * from '@pullback/example/sub';",
      "declare const c: import('vitest').Assertion;",
      "const d = await import('left-pad');",
      '/** `import { x } from "in-a-comment"` */',
      "// import 'also-a-comment';",
    ].join('\n');
    expect(undeclaredImports(manifest, source)).toEqual([
      '@typescript-eslint/scope-manager',
      'left-pad',
    ]);
  });
});

describe('extractSnippets', () => {
  it('reads ts blocks with their flags, and nothing in other blocks', () => {
    const md = [
      '# Doc', // 1
      '```ts', // 2
      'const a = 1;', // 3
      '```', // 4
      '````markdown', // 5
      '```ts', // 6
      'inside a block about blocks', // 7
      '```', // 8
      '````', // 9
      '```ts no-run', // 10
      'b();', // 11
      '```', // 12
      '```typescript type-error', // 13
      'const c: number = "c";', // 14
      '```', // 15
      '```js', // 16
      'ignored();', // 17
      '```', // 18
    ].join('\n');
    expect(
      extractSnippets('doc.md', md).map((s) => [s.fenceLine, s.mode, s.code, s.prelude]),
    ).toEqual([
      [2, 'run', 'const a = 1;\n', ''],
      [10, 'no-run', 'b();\n', ''],
      [13, 'type-error', 'const c: number = "c";\n', ''],
    ]);
  });

  it('joins a hidden prelude to its block and maps lines back to the Markdown file', () => {
    const md = [
      'Text.', // 1
      '<!-- ts-prelude', // 2
      'const x = 1;', // 3
      'const y = 2;', // 4
      '-->', // 5
      '', // 6
      '```ts', // 7
      'x + y;', // 8
      '```', // 9
    ].join('\n');
    const [snippet] = extractSnippets('doc.md', md);
    const { text, toMarkdownLine } = snippetSource(snippet);
    expect(text).toBe('const x = 1;\nconst y = 2;\nx + y;\n');
    expect([1, 2, 3].map(toMarkdownLine)).toEqual([3, 4, 8]);
  });

  it('refuses unknown flags, unclosed blocks and stray preludes, so nothing escapes unchecked', () => {
    expect(() => extractSnippets('doc.md', '```ts norun\nx;\n```')).toThrow(
      'doc.md:1: unknown or conflicting flags "norun"',
    );
    expect(() => extractSnippets('doc.md', '```ts\nx;\n')).toThrow(
      'doc.md:1: code block is not closed',
    );
    expect(() =>
      extractSnippets('doc.md', '<!-- ts-prelude\nx;\n-->\nText.\n```ts\nx;\n```'),
    ).toThrow('doc.md:1: a ts-prelude comment must stand right above a ts block');
  });
});

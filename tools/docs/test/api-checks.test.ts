import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiReport } from '../src/api-report.js';
import { undocumented, unexportedReferences } from '../src/documentation-check.js';
import { entryPoints } from '../src/entry-points.js';
import { reportFiles, staleMessage, staleReports, writeReports } from '../src/report-files.js';
import { convert, type Converted } from '../src/typedoc-project.js';
import { makeRepo, manifest, TSCONFIG } from './fixture.js';

// One package with two entry points; what is wrong in it is what the checks must find.
const SOURCE = `
/** Documented, with a rest parameter. */
export function documented(x: number, ...rest: number[]): number {
  return x + rest.length;
}

export function bare(x: number): number {
  return x;
}

/** A shape; {@link Missing} does not exist. */
export interface Shape {
  readonly kind: 'shape';
  readonly width: number;
  /** Documented. */
  readonly height?: number;
}

/** An error of this package. */
export class LibError extends Error {
  /** Builds it. */
  constructor(message: string) {
    super(message);
  }
  code(): number {
    return 1;
  }
}

interface Hidden {
  readonly n: number;
}
/** Uses a type nobody can import. */
export type UsesHidden = (h: Hidden) => void;

/** A function type with a rest parameter. */
export type Fn = (x: never, ...rest: never[]) => unknown;
`;

let repo: { root: string; remove: () => void };
let converted: Converted;

beforeAll(async () => {
  repo = makeRepo({
    'package.json': manifest({ name: 'fixture', private: true, workspaces: ['lib'] }),
    'tsconfig.json': TSCONFIG,
    'lib/package.json': manifest({
      name: '@x/lib',
      description: 'A package for the tests.',
      exports: {
        '.': { '@pullback/source': './src/index.ts' },
        './sub': { '@pullback/source': './src/sub.ts' },
      },
    }),
    'lib/src/index.ts': SOURCE,
    'lib/src/sub.ts':
      "/** The answer. */\nexport const answer = 42 as const;\nexport { documented, LibError as Failure } from './index.js';\n",
  });
  converted = await convert(entryPoints(repo.root), {
    root: repo.root,
    tsconfig: join(repo.root, 'tsconfig.json'),
    out: join(repo.root, 'dist/api'),
    echo: false,
  });
  converted.app.validate(converted.project);
}, 60_000);
afterAll(() => repo.remove());

describe('the checks of npm run docs', () => {
  it('modules are named by what users import', () => {
    expect([...converted.modules.keys()]).toEqual(['@x/lib', '@x/lib/sub']);
  });

  it('finds every export and member without TSDoc, and nothing else', () => {
    const found = undocumented(converted.modules);
    expect(found.map((u) => `${u.name} (${u.kind})`).sort()).toEqual([
      '@x/lib: LibError.code (method)',
      '@x/lib: Shape.width (property)',
      '@x/lib: bare (function)',
    ]);
    expect(found.find((u) => u.name.endsWith('bare'))?.where).toBe('lib/src/index.ts:7');
  });

  it('a {@link} to nothing is a TypeDoc warning naming it', () => {
    expect(converted.logger.messages.map((m) => m.text).join('\n')).toMatch(/Missing/);
  });

  it('a type the API names but no entry point exports is found', () => {
    expect(unexportedReferences(converted.modules, new Set(['@x/lib']))).toEqual([
      { from: '@x/lib: UsesHidden', type: 'Hidden', where: 'lib/src/index.ts:34' },
    ]);
  });
});

describe('the public-API report', () => {
  it('lists each entry point’s exports as declarations, sorted, without comments; re-exports by origin', () => {
    const text = apiReport('@x/lib', [...converted.modules]);
    expect(text).toContain(
      [
        '```text',
        'type Fn = (x: never, ...rest: never[]) => unknown',
        '',
        'class LibError extends Error {',
        '  constructor(message: string)',
        '  code(): number',
        '}',
        '',
        'interface Shape {',
        '  readonly height?: number',
        '  readonly kind: "shape"',
        '  readonly width: number',
        '}',
        '',
        'type UsesHidden = (h: Hidden) => void',
        '',
        'function bare(x: number): number',
        '',
        'function documented(x: number, ...rest: number[]): number',
        '```',
      ].join('\n'),
    );
    expect(text).toContain(
      [
        '## `@x/lib/sub`',
        '',
        '```text',
        'export { LibError as Failure } from "@x/lib"',
        '',
        'const answer: 42',
        '',
        'export { documented } from "@x/lib"',
        '```',
      ].join('\n'),
    );
    expect(text).not.toMatch(/Documented|The answer/);
  });

  it('a stale report fails with the changed lines and the command that updates it', async () => {
    const files = await reportFiles(repo.root, entryPoints(repo.root), converted.modules);
    expect(files.map((f) => f.file)).toEqual(['lib/api-report.md']);
    expect(staleReports(repo.root, files)).toEqual([
      { file: 'lib/api-report.md', diff: ['(the file does not exist)'] },
    ]);
    expect(writeReports(repo.root, files)).toEqual(['lib/api-report.md']);
    expect(staleReports(repo.root, files)).toEqual([]);
    expect(writeReports(repo.root, files)).toEqual([]);

    // The committed report predates `bare`.
    const path = join(repo.root, 'lib/api-report.md');
    const committed = readFileSync(path, 'utf8').replace(
      'function bare(x: number): number\n\n',
      '',
    );
    writeFileSync(path, committed);
    const stale = staleReports(repo.root, files);
    expect(stale).toEqual([
      { file: 'lib/api-report.md', diff: ['+ function bare(x: number): number', '+ '] },
    ]);
    const message = staleMessage(stale);
    expect(message).toContain('Run `npm run docs:api-report` and commit the result');
    expect(message).toContain('lib/api-report.md:\n  + function bare(x: number): number');
  });
});

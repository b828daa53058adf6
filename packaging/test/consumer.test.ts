import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { exec } from '../lib/exec.js';
import { allSnippets, snippetFileName, snippetSource, type Snippet } from '../lib/markdown.js';
import { repoRoot } from '../lib/packages.js';
import {
  expectedErrors as findExpectedErrors,
  matchesReason,
  openProject,
  typecheckAlone,
  typecheckAndEmit,
  type ExpectedError,
  type Project,
  type TypeError,
} from '../lib/typecheck.js';

// A project of its own, installed from the packed tarballs (global-setup.ts), type-checked with
// `strict` against the published declarations: the vitest matchers' augmentation, the typed
// cases in packaging/consumer/cases, and every ```ts block of the documentation, which then
// runs on the published JavaScript (CONTRIBUTING.md, "Code in the docs").

const snippets = allSnippets(repoRoot);
const consumerDir = inject('packaging').consumerDir;
const fileOf = (snippet: Snippet): string => `snippets/${snippetFileName(snippet)}`;
/** Where the compiled snippet lands (the consumer's tsconfig emits into `out/`). */
const compiledOf = (snippet: Snippet): string =>
  join('out', fileOf(snippet).replace(/\.ts$/, '.js'));

let project: Project;
let errors: TypeError[] = [];
let expectedErrors: ExpectedError[] = [];
let outcomes = new Map<string, string | null>();
let snippetOutput = '';

beforeAll(async () => {
  mkdirSync(join(consumerDir, 'snippets'), { recursive: true });
  for (const snippet of snippets) {
    writeFileSync(join(consumerDir, fileOf(snippet)), snippetSource(snippet).text);
  }
  project = openProject(consumerDir);
  errors = typecheckAndEmit(project);
  expectedErrors = findExpectedErrors(project);
  const runnable = snippets.filter((s) => s.mode === 'run');
  const results = join(consumerDir, 'snippet-results.jsonl');
  const run = await exec(
    process.execPath,
    ['run-modules.mjs', results, ...runnable.map(compiledOf)],
    { cwd: consumerDir, timeoutMs: 300_000 },
  );
  snippetOutput = `${run.stdout}\n${run.stderr}`;
  outcomes = new Map(
    (existsSync(results) ? readFileSync(results, 'utf8') : '')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { module: string; error: string | null })
      .map(({ module, error }) => [module, error]),
  );
});

/** What running a snippet gave: `{ error: null }` when it ran through. */
function outcome(snippet: Snippet): { error: string | null } {
  const module = compiledOf(snippet);
  if (!outcomes.has(module)) {
    throw new Error(`${module} never finished running; the snippets' output:\n${snippetOutput}`);
  }
  return { error: outcomes.get(module) ?? null };
}

const show = (e: TypeError): string => `${e.file}:${e.line}:${e.column} ${e.code} ${e.message}`;

describe('a consumer of the tarballs', () => {
  it('type-checks its cases and the published declarations under strict', () => {
    expect(errors.filter((e) => !e.file.startsWith('snippets/')).map(show)).toEqual([]);
  });

  it('type-checks the vitest matchers with `import "@pullback/test-utils/vitest"` seen before vitest', () => {
    // Alone, because a program that has met vitest before the augmentation hides the bug.
    expect(typecheckAlone(project, 'cases/vitest-matchers.ts').map(show)).toEqual([]);
  });

  it('has typed cases, among them the vitest matchers and the typed operators', () => {
    const cases = readdirSync(join(consumerDir, 'cases'), { recursive: true, encoding: 'utf8' });
    expect(cases).toContain('vitest-matchers.ts');
    expect(cases.some((c) => c.startsWith('typed-operators/') && c.endsWith('.ts'))).toBe(true);
  });

  it('gets, for every @ts-expect-error, the error its comment names', () => {
    expect(expectedErrors.length).toBeGreaterThan(0);
    const wrong = expectedErrors
      .filter((d) => !d.errors.some((e) => matchesReason(e, d.reason)))
      .map(
        (d) =>
          `${d.file}:${d.line} expects ${d.reason === '' ? '(no reason given: name the error)' : JSON.stringify(d.reason)}, ` +
          `got ${d.errors.length === 0 ? 'no error' : d.errors.map(show).join('; ')}`,
      );
    expect(wrong).toEqual([]);
  });
});

describe('code in the docs', () => {
  it('is found in every Markdown file', () => {
    const files = new Set(snippets.map((s) => s.file));
    for (const file of [
      'README.md',
      'packages/engine/README.md',
      'packages/test-utils/README.md',
    ]) {
      expect(files).toContain(file);
    }
  });

  describe.each(snippets.map((s) => [`${s.file}:${s.fenceLine}`, s] as const))(
    '%s',
    (_, snippet) => {
      const own = (): string[] => {
        const { toMarkdownLine } = snippetSource(snippet);
        return errors
          .filter((e) => e.file === fileOf(snippet))
          .map(
            (e) => `${snippet.file}:${toMarkdownLine(e.line)}:${e.column} ${e.code} ${e.message}`,
          );
      };

      if (snippet.mode === 'type-error') {
        it('fails to type-check, as it is marked', () => {
          expect(
            own().length,
            'the block now type-checks: drop its type-error flag',
          ).toBeGreaterThan(0);
        });
        return;
      }

      it('type-checks', () => {
        expect(own()).toEqual([]);
      });

      if (snippet.mode === 'run') {
        it('runs', () => {
          expect(outcome(snippet)).toEqual({ error: null });
        });
      }
    },
  );
});

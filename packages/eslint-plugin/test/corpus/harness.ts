/**
 * Measures the plugin on a corpus part (`test/corpus/<part>/`, format in the team's
 * corpus-format brief): lints every snippet with a config through ESLint's Node API and compares
 * the `@pullback/*` reports with the `// expect:` comments.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import plugin from '../../src/index.js';

/** Where the parts live. */
export const corpusRoot = fileURLToPath(new URL('.', import.meta.url));

/** The configs a part is measured with. `strict` is measured too, for its strict-only rule. */
export const measuredConfigs = ['recommended', 'recommended-type-checked', 'strict'] as const;
export type MeasuredConfig = (typeof measuredConfigs)[number];

/** One expected finding: the rules any of which would be a correct report. */
export interface Expectation {
  readonly file: string;
  readonly line: number;
  readonly rules: readonly string[];
}

/** A snippet: one file, or a directory of files that belong together. */
export interface Snippet {
  readonly name: string;
  readonly label: 'buggy' | 'clean';
  readonly files: readonly string[];
}

/** A corpus part, read and checked against the format. */
export interface Part {
  readonly name: string;
  readonly dir: string;
  readonly tsconfig: string;
  readonly snippets: readonly Snippet[];
  readonly expectations: readonly Expectation[];
}

/** One `@pullback/*` report, as the corpus compares it. */
export interface Report {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
  readonly message: string;
}

/** What a config finds on a part. */
export interface Measurement {
  readonly config: MeasuredConfig;
  readonly part: string;
  /** Expected findings whose rules the config turns on. */
  readonly expected: number;
  /** Of those, reported with the same rule on the same line. */
  readonly found: number;
  readonly recall: number;
  /** Reports on a line without an expectation. */
  readonly falsePositives: readonly Report[];
  /** Reports matching an expectation / all reports. */
  readonly precision: number;
  readonly reports: number;
  readonly missed: readonly Expectation[];
  readonly milliseconds: number;
}

/**
 * Rules the corpus names before the plugin has them (issue 11's no-impure-kernel, issue 13's
 * prefer-ifelse-when-prepared), with the configs they are planned for: the baseline counts their
 * findings as missed.
 */
const PLANNED_RULES: Readonly<Record<string, readonly MeasuredConfig[]>> = {
  'no-impure-kernel': ['recommended', 'recommended-type-checked', 'strict'],
  'prefer-ifelse-when-prepared': ['strict'],
};

/** The rules a config turns on, planned rules included. */
function rulesOf(config: MeasuredConfig): Set<string> {
  const enabled = new Set(
    Object.keys(plugin.configs[config].rules ?? {}).map((r) => r.slice('@pullback/'.length)),
  );
  for (const [rule, configs] of Object.entries(PLANNED_RULES))
    if (!(rule in plugin.rules) && configs.includes(config)) enabled.add(rule);
  return enabled;
}

const HEADER = /^\/\/ corpus: (buggy|clean)\n\/\/ about: \S.*\n/;
const EXPECT = /\/\/ expect: (.+)$/;

/** Reads a part and checks every file against the corpus format. */
export function readPart(name: string): Part {
  const dir = path.join(corpusRoot, name);
  const snippets: Snippet[] = [];
  const expectations: Expectation[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      const files = readdirSync(full)
        .filter((f) => f.endsWith('.ts'))
        .sort()
        .map((f) => path.join(entry, f));
      snippets.push(snippetOf(dir, entry, files, expectations));
    } else if (entry.endsWith('.ts')) {
      snippets.push(snippetOf(dir, entry.replace(/\.ts$/, ''), [entry], expectations));
    }
  }
  const tsconfig = path.join(dir, 'tsconfig.json');
  if (!existsSync(tsconfig)) throw new Error(`corpus part ${name} has no tsconfig.json`);
  return { name, dir, tsconfig, snippets, expectations };
}

function snippetOf(
  dir: string,
  name: string,
  files: readonly string[],
  expectations: Expectation[],
): Snippet {
  let label: 'buggy' | 'clean' | undefined;
  let count = 0;
  for (const file of files) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    const header = HEADER.exec(text);
    if (!header) throw new Error(`${file}: the corpus header is missing or malformed`);
    const fileLabel = header[1] as 'buggy' | 'clean';
    if (label !== undefined && label !== fileLabel)
      throw new Error(`${file}: the files of snippet ${name} disagree on buggy or clean`);
    label = fileLabel;
    text.split('\n').forEach((lineText, i) => {
      const match = EXPECT.exec(lineText);
      if (!match) return;
      for (const finding of match[1].split(',')) {
        const rules = finding.split('|').map((rule) => rule.trim());
        if (rules.some((rule) => !(rule in plugin.rules) && !(rule in PLANNED_RULES)))
          throw new Error(`${file}:${i + 1}: unknown rule in '${finding.trim()}'`);
        expectations.push({ file, line: i + 1, rules });
        count++;
      }
    });
  }
  if (label === undefined) throw new Error(`snippet ${name} has no files`);
  if (label === 'buggy' && count === 0) throw new Error(`buggy snippet ${name} expects nothing`);
  if (label === 'clean' && count > 0) throw new Error(`clean snippet ${name} expects findings`);
  return { name, label, files };
}

/**
 * The flat config a part is linted with: the TypeScript parser, types for the typed configs
 * from the project service, as the README configures them. Not `project`: under CI=true
 * typescript-estree assumes a single run, and parses a file linted a second time in the
 * process (here by each typed config) against a fallback program that resolves no import.
 */
export function configFor(part: Part, config: MeasuredConfig): Linter.Config[] {
  const typed = config !== 'recommended';
  return [
    {
      files: ['**/*.ts'],
      languageOptions: {
        parser: tsParser,
        parserOptions: typed ? { projectService: true, tsconfigRootDir: part.dir } : {},
      },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
    },
    { ...(plugin.configs[config] as Linter.Config), files: ['**/*.ts'] },
  ];
}

/** Lints a part with a config; `fix` also returns the fixed texts. */
export async function lintPart(
  part: Part,
  config: MeasuredConfig,
  fix = false,
): Promise<{ results: ESLint.LintResult[]; milliseconds: number }> {
  const eslint = new ESLint({
    cwd: part.dir,
    overrideConfigFile: true,
    overrideConfig: configFor(part, config),
    fix,
  });
  const start = performance.now();
  const results = await eslint.lintFiles(part.snippets.flatMap((s) => s.files));
  return { results, milliseconds: performance.now() - start };
}

/** The plugin's reports in lint results, relative to the part. */
export function reportsOf(part: Part, results: readonly ESLint.LintResult[]): Report[] {
  const fatal = results.flatMap((r) => r.messages.filter((m) => m.fatal));
  if (fatal.length > 0) throw new Error(`parsing failed: ${fatal.map((m) => m.message).join('; ')}`);
  return results.flatMap((result) =>
    result.messages
      .filter((m) => m.ruleId?.startsWith('@pullback/'))
      .map((m) => ({
        file: path.relative(part.dir, result.filePath),
        line: m.line,
        rule: (m.ruleId ?? '').slice('@pullback/'.length),
        message: m.message,
      })),
  );
}

/** Compares reports with the expectations. */
export function measure(
  part: Part,
  config: MeasuredConfig,
  reports: readonly Report[],
  milliseconds: number,
): Measurement {
  const enabled = rulesOf(config);
  const applicable = part.expectations.filter((e) => e.rules.some((rule) => enabled.has(rule)));
  const key = (file: string, line: number) => `${file}:${line}`;
  const expectedLines = new Map<string, Set<string>>();
  for (const e of part.expectations) {
    const rules = expectedLines.get(key(e.file, e.line)) ?? new Set<string>();
    for (const rule of e.rules) rules.add(rule);
    expectedLines.set(key(e.file, e.line), rules);
  }
  const missed = applicable.filter(
    (e) => !reports.some((r) => r.file === e.file && r.line === e.line && e.rules.includes(r.rule)),
  );
  const falsePositives = reports.filter((r) => !expectedLines.has(key(r.file, r.line)));
  const correct = reports.filter((r) => expectedLines.get(key(r.file, r.line))?.has(r.rule));
  const found = applicable.length - missed.length;
  return {
    config,
    part: part.name,
    expected: applicable.length,
    found,
    recall: applicable.length === 0 ? 1 : found / applicable.length,
    falsePositives,
    precision: reports.length === 0 ? 1 : correct.length / reports.length,
    reports: reports.length,
    missed,
    milliseconds,
  };
}

/** The parts present: `own`, and `held-out` once it has been merged in. */
export function presentParts(): string[] {
  return ['own', 'held-out', 'held-out-2'].filter((name) => existsSync(path.join(corpusRoot, name)));
}

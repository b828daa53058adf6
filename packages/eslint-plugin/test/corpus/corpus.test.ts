/**
 * The plugin measured on its corpora (issue 14): recall ≥ 90 % and no false positive with both
 * recommended configs, on each part (`own`, `held-out` and `held-out-2`, reported separately), and every fix
 * and suggestion it offers there compiles under `tsc --strict`. Set PULLBACK_CORPUS_REPORT to a
 * file name to also write the measurements (with `strict`) as JSON, for the README's table.
 */
import { writeFileSync } from 'node:fs';
import type { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import {
  lintPart,
  measure,
  presentParts,
  readPart,
  reportsOf,
  type MeasuredConfig,
  type Measurement,
} from './harness.js';
import { PartTypeChecker } from './typecheck.js';

const recommendedConfigs = ['recommended', 'recommended-type-checked'] as const;

/**
 * Suggestions that are one step of a change the user finishes by hand, not meant to compile on
 * their own: a new parameter or return type changes the type of everything it reaches, which
 * the other reports then ask to rewrite with the vocabulary.
 */
const STEP_SUGGESTIONS: ReadonlySet<string> = new Set([
  '@pullback/prefer-generic-types/useGeneric',
  '@pullback/prefer-generic-types/retypeParameter',
]);
const reportFile = process.env.PULLBACK_CORPUS_REPORT;
const measurements: Measurement[] = [];

afterAll(() => {
  if (reportFile) writeFileSync(reportFile, JSON.stringify(measurements, null, 2) + '\n');
});

/** One pass of automatic fixes, as ESLint applies them: in order, skipping overlaps. */
function applyFixes(text: string, fixes: readonly { range: [number, number]; text: string }[]) {
  let out = '';
  let last = -1;
  let at = 0;
  for (const fix of [...fixes].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1])) {
    if (fix.range[0] <= last) continue;
    out += text.slice(at, fix.range[0]) + fix.text;
    at = fix.range[1];
    last = fix.range[1];
  }
  return out + text.slice(at);
}

describe.each(presentParts())('the %s corpus', (name) => {
  const part = readPart(name);
  const checker = new PartTypeChecker(part);
  const runs = new Map<MeasuredConfig, ReturnType<typeof lintPart>>();
  const lint = (config: MeasuredConfig) => {
    let run = runs.get(config);
    if (!run) {
      run = lintPart(part, config);
      runs.set(config, run);
    }
    return run;
  };
  const textOf = (results: readonly ESLint.LintResult[], file: string): string => {
    const result = results.find((r) => r.filePath.endsWith(`/${file}`));
    if (result?.source === undefined) throw new Error(`no source for ${file}`);
    return result.source;
  };
  const relative = (result: ESLint.LintResult): string =>
    result.filePath.slice(part.dir.length + 1);


  it('compiles under tsc --strict', { timeout: 120_000 }, () => {
    expect(checker.check()).toEqual([]);
  });

  it.each(recommendedConfigs)(
    '%s finds at least 90 % of the expected findings and reports nothing else',
    { timeout: 300_000 },
    async (config) => {
      const { results, milliseconds } = await lint(config);
      const m = measure(part, config, reportsOf(part, results), milliseconds);
      measurements.push(m);
      if (reportFile && config === 'recommended-type-checked') {
        // strict adds prefer-ifelse-when-prepared's findings; measured for the README only.
        const strict = await lint('strict');
        measurements.push(measure(part, 'strict', reportsOf(part, strict.results), strict.milliseconds));
      }
      expect(m.falsePositives).toEqual([]);
      expect(m.recall).toBeGreaterThanOrEqual(0.9);
    },
  );


  it('every automatic fix it offers compiles', { timeout: 300_000 }, async () => {
    const variants: Map<string, string>[] = [];
    for (const config of recommendedConfigs) {
      const { results } = await lint(config);
      const replaced = new Map<string, string>();
      for (const result of results) {
        const fixes = result.messages.flatMap((m) =>
          m.ruleId?.startsWith('@pullback/') && m.fix ? [m.fix] : [],
        );
        if (fixes.length > 0)
          replaced.set(relative(result), applyFixes(textOf(results, relative(result)), fixes));
      }
      variants.push(replaced);
    }
    const failures = checker
      .checkVariants(variants)
      .flatMap((errors, k) => errors.map((e) => `${recommendedConfigs[k]}: ${e.file}:${e.line} ${e.message}`));
    expect(failures).toEqual([]);
  });

  it('every suggestion meant to compile does', { timeout: 300_000 }, async () => {
    const { results } = await lint('recommended-type-checked');
    const suggestions = results.flatMap((r) =>
      r.messages.flatMap((m) =>
        m.ruleId?.startsWith('@pullback/')
          ? (m.suggestions ?? [])
              .filter((s) => !STEP_SUGGESTIONS.has(`${m.ruleId}/${s.messageId}`))
              .map((s) => ({ file: relative(r), what: `${m.ruleId} line ${m.line}: ${s.desc}`, s }))
          : [],
      ),
    );
    const errors = checker.checkVariants(
      suggestions.map(({ file, s }) => new Map([[file, applyFixes(textOf(results, file), [s.fix])]])),
    );
    const failures = errors.flatMap((list, k) =>
      list.map((e) => `${suggestions[k].what} → ${e.file}:${e.line} ${e.message}`),
    );
    expect(failures).toEqual([]);
  });
});

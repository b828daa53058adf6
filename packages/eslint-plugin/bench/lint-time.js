// @ts-check
/* global process, console, URL */
/**
 * How much time @pullback/eslint-plugin adds to linting this repository.
 *
 *   npm run bench -w @pullback/eslint-plugin            (after `npm run build`)
 *   node packages/eslint-plugin/bench/lint-time.js --runs 5
 *
 * Lints the sources of every package and of examples/ with the repository's base config
 * (@eslint/js and typescript-eslint recommended) with and without the plugin, typed
 * (projectService, plugin's `recommended-type-checked`) and untyped (plugin's `recommended`).
 * Each run is a fresh Node process, so no run profits from another's warm caches; runs of the
 * two configs alternate and the medians are compared. ESLint's own per-rule timing (`stats`)
 * gives the plugin rules' share of a run as a second, noise-free measure.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const files = ['packages/*/src/**/*.ts', 'examples/src/**/*.ts'];
const args = process.argv.slice(2);

/** @typedef {{ typed: boolean, withPlugin: boolean }} Variant */
/** @typedef {{ ms: number, files: number, pluginMs: number }} Sample */

if (args[0] === '--worker') {
  const sample = await lintOnce({ typed: args[1] === 'typed', withPlugin: args[2] === 'plugin' });
  process.stdout.write(JSON.stringify(sample));
} else {
  const runsFlag = args.indexOf('--runs');
  const runs = runsFlag === -1 ? 3 : Number(args[runsFlag + 1]);
  for (const typed of [true, false]) report(typed, measure(typed, runs));
}

/**
 * Lints the repository once in this process.
 * @param {Variant} variant
 * @returns {Promise<Sample>}
 */
async function lintOnce({ typed, withPlugin }) {
  const { ESLint } = await import('eslint');
  const { default: js } = await import('@eslint/js');
  const { default: tseslint } = await import('typescript-eslint');
  const { default: pullback } = await import('../dist/index.js');
  const config = [
    { ignores: ['**/dist/**', '**/node_modules/**'] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    typed
      ? { languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: repo } } }
      : {},
    ...(withPlugin
      ? [typed ? pullback.configs['recommended-type-checked'] : pullback.configs.recommended]
      : []),
  ];
  const eslint = new ESLint({
    cwd: repo,
    overrideConfigFile: true,
    // @ts-expect-error typescript-eslint's and ESLint's config types differ only nominally.
    overrideConfig: config,
    stats: true,
  });
  const start = performance.now();
  const results = await eslint.lintFiles(files);
  const ms = performance.now() - start;
  let pluginMs = 0;
  for (const result of results) {
    for (const pass of result.stats?.times.passes ?? []) {
      for (const [rule, time] of Object.entries(pass.rules ?? {})) {
        if (rule.startsWith('@pullback/')) pluginMs += time.total;
      }
    }
  }
  return { ms, files: results.length, pluginMs };
}

/**
 * Alternates fresh processes linting without and with the plugin.
 * @param {boolean} typed
 * @param {number} runs
 */
function measure(typed, runs) {
  /** @type {{ base: Sample[], plugin: Sample[] }} */
  const samples = { base: [], plugin: [] };
  for (let i = 0; i < runs; i++) {
    for (const which of /** @type {const} */ (['base', 'plugin'])) {
      const child = spawnSync(
        process.execPath,
        [fileURLToPath(import.meta.url), '--worker', typed ? 'typed' : 'untyped', which],
        { cwd: repo, encoding: 'utf8' },
      );
      if (child.status !== 0) throw new Error(`lint run failed:\n${child.stderr}`);
      samples[which].push(JSON.parse(child.stdout));
    }
  }
  return samples;
}

/**
 * @param {boolean} typed
 * @param {{ base: Sample[], plugin: Sample[] }} samples
 */
function report(typed, samples) {
  const median = (/** @type {number[]} */ xs) =>
    xs.toSorted((a, b) => a - b)[Math.floor(xs.length / 2)];
  const base = median(samples.base.map((s) => s.ms));
  const withPlugin = median(samples.plugin.map((s) => s.ms));
  const rules = median(samples.plugin.map((s) => s.pluginMs));
  const label = typed ? 'typed (recommended-type-checked)' : 'untyped (recommended)';
  console.log(`${label}: ${samples.base[0].files} files, ${samples.base.length} runs each`);
  console.log(`  base config          ${base.toFixed(0).padStart(7)} ms (median)`);
  console.log(`  base + plugin        ${withPlugin.toFixed(0).padStart(7)} ms (median)`);
  console.log(
    `  wall-clock increase  ${(((withPlugin - base) / base) * 100).toFixed(1).padStart(7)} %`,
  );
  console.log(
    `  plugin rules' time   ${rules.toFixed(0).padStart(7)} ms = ${((rules / base) * 100).toFixed(1)} % of the base run`,
  );
}

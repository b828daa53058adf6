// @ts-check
/* global process, console, URL */
/**
 * How much time @pullback/eslint-plugin adds to linting this repository.
 *
 *   npm run bench:eslint-plugin            (after `npm run build`)
 *   node packages/eslint-plugin/bench/lint-time.js --runs 5
 *
 * Lints the sources of every package and of examples/ with the repository's base config
 * (@eslint/js and typescript-eslint recommended) with and without the plugin, typed
 * (projectService, plugin's `recommended-type-checked`) and untyped (plugin's `recommended`).
 * Each run is a fresh Node process, so no run profits from another's warm caches; runs of the
 * two configs alternate, and the medians of wall-clock and CPU time are compared. ESLint's own
 * per-rule timing (`stats`) gives the plugin rules' share as a third measure, which does not
 * depend on comparing two noisy runs.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const files = ['packages/*/src/**/*.ts', 'examples/src/**/*.ts'];
const args = process.argv.slice(2);

/** @typedef {{ typed: boolean, withPlugin: boolean }} Variant */
/** @typedef {{ ms: number, cpuMs: number, files: number, pluginMs: number }} Sample */

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
  const cpuStart = process.cpuUsage();
  const results = await eslint.lintFiles(files);
  const cpu = process.cpuUsage(cpuStart);
  const ms = performance.now() - start;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  let pluginMs = 0;
  for (const result of results) {
    for (const pass of result.stats?.times.passes ?? []) {
      for (const [rule, time] of Object.entries(pass.rules ?? {})) {
        if (rule.startsWith('@pullback/')) pluginMs += time.total;
      }
    }
  }
  return { ms, cpuMs, files: results.length, pluginMs };
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
  const middle = Math.floor(samples.base.length / 2);
  const median = (/** @type {number[]} */ xs) => xs.toSorted((a, b) => a - b)[middle];
  const increase = (/** @type {number} */ a, /** @type {number} */ b) =>
    `${(((b - a) / a) * 100).toFixed(1).padStart(6)} %`;
  const row = (/** @type {string} */ name, /** @type {(s: Sample) => number} */ pick) => {
    const base = median(samples.base.map(pick));
    const withPlugin = median(samples.plugin.map(pick));
    console.log(
      `  ${name.padEnd(16)}${ms(base)}   ${ms(withPlugin)}   ${increase(base, withPlugin)}`,
    );
    return base;
  };
  const label = typed ? 'typed (recommended-type-checked)' : 'untyped (recommended)';
  console.log(`${label}: ${samples.base[0].files} files, medians of ${samples.base.length} runs`);
  console.log(`                         base    base+plugin   increase`);
  row('wall clock', (s) => s.ms);
  // CPU time is what the lint costs; other processes on a shared machine inflate wall clock.
  const cpu = row('CPU time', (s) => s.cpuMs);
  const rules = median(samples.plugin.map((s) => s.pluginMs));
  console.log(
    `  plugin rules' own time (ESLint stats): ${ms(rules)} = ${((rules / cpu) * 100).toFixed(1)} % of the base CPU time`,
  );
}

/** @param {number} value */
function ms(value) {
  return `${value.toFixed(0).padStart(6)} ms`;
}

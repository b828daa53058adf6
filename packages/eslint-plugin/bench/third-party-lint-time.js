// @ts-check
/* global process, console */
/**
 * How much time @pullback/eslint-plugin adds to linting a large numeric library that never uses
 * pullback: mathjs (lib/esm, 1,262 files) and simple-statistics (src, 102 files), dev
 * dependencies of this package.
 *
 *   npm run bench:third-party -w @pullback/eslint-plugin            (after `npm run build`)
 *   node packages/eslint-plugin/bench/third-party-lint-time.js --runs 5
 *
 * Lints them with @eslint/js `recommended` alone and with the plugin's `recommended` and
 * `recommended-type-checked` configs added (no type information: the libraries are JavaScript).
 * Each run is a fresh Node process, the variants alternate, and the medians of CPU time are
 * compared; ESLint's per-rule `stats` give the plugin rules' own time too. The plugin must
 * report nothing on code that never uses pullback.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const packageDir = (/** @type {string} */ name) =>
  path.dirname(require.resolve(`${name}/package.json`));
const targets = [
  { cwd: path.join(packageDir('mathjs'), 'lib', 'esm'), files: ['**/*.js'] },
  { cwd: path.join(packageDir('simple-statistics'), 'src'), files: ['**/*.js'] },
];
const variants = /** @type {const} */ (['base', 'recommended', 'recommended-type-checked']);
const args = process.argv.slice(2);

/** @typedef {{ ms: number, cpuMs: number, files: number, pluginMs: number, reports: number }} Sample */

if (args[0] === '--worker') {
  const variant = /** @type {(typeof variants)[number]} */ (args[1]);
  process.stdout.write(JSON.stringify(await lintOnce(variant)));
} else {
  const runsFlag = args.indexOf('--runs');
  const runs = runsFlag === -1 ? 3 : Number(args[runsFlag + 1]);
  report(measure(runs));
}

/**
 * Lints both libraries once in this process.
 * @param {(typeof variants)[number]} variant
 * @returns {Promise<Sample>}
 */
async function lintOnce(variant) {
  const { ESLint } = await import('eslint');
  const { default: js } = await import('@eslint/js');
  const { default: pullback } = await import('../dist/index.js');
  const sample = { ms: 0, cpuMs: 0, files: 0, pluginMs: 0, reports: 0 };
  for (const target of targets) {
    const eslint = new ESLint({
      cwd: target.cwd,
      overrideConfigFile: true,
      // The files sit in node_modules, which ESLint ignores by default.
      ignore: false,
      overrideConfig: [
        js.configs.recommended,
        { languageOptions: { sourceType: 'module', ecmaVersion: 'latest' } },
        // @ts-expect-error typescript-eslint's and ESLint's config types differ only nominally.
        ...(variant === 'base' ? [] : [pullback.configs[variant]]),
      ],
      stats: true,
    });
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const results = await eslint.lintFiles(target.files);
    const cpu = process.cpuUsage(cpuStart);
    sample.ms += performance.now() - start;
    sample.cpuMs += (cpu.user + cpu.system) / 1000;
    sample.files += results.length;
    for (const result of results) {
      sample.reports += result.messages.filter((m) => m.ruleId?.startsWith('@pullback/')).length;
      for (const pass of result.stats?.times.passes ?? []) {
        for (const [rule, time] of Object.entries(pass.rules ?? {})) {
          if (rule.startsWith('@pullback/')) sample.pluginMs += time.total;
        }
      }
    }
  }
  return sample;
}

/**
 * Alternates fresh processes over the variants.
 * @param {number} runs
 */
function measure(runs) {
  /** @type {Record<string, Sample[]>} */
  const samples = Object.fromEntries(variants.map((v) => [v, []]));
  for (let i = 0; i < runs; i++) {
    for (const variant of variants) {
      const child = spawnSync(
        process.execPath,
        [fileURLToPath(import.meta.url), '--worker', variant],
        {
          encoding: 'utf8',
        },
      );
      if (child.status !== 0) throw new Error(`lint run failed:\n${child.stderr}`);
      samples[variant].push(JSON.parse(child.stdout));
    }
  }
  return samples;
}

/** @param {Record<string, Sample[]>} samples */
function report(samples) {
  const median = (/** @type {number[]} */ xs) =>
    xs.toSorted((a, b) => a - b)[Math.floor(xs.length / 2)];
  const base = samples.base;
  console.log(
    `mathjs + simple-statistics: ${base[0].files} files, medians of ${base.length} runs (fresh process each)`,
  );
  console.log(
    '  variant                      wall clock    CPU time   vs base (CPU)   plugin rules   reports',
  );
  const baseCpu = median(base.map((s) => s.cpuMs));
  for (const variant of variants) {
    const list = samples[variant];
    const cpu = median(list.map((s) => s.cpuMs));
    const increase =
      variant === 'base' ? '' : `${(((cpu - baseCpu) / baseCpu) * 100).toFixed(1)} %`;
    console.log(
      `  ${variant.padEnd(28)}${ms(median(list.map((s) => s.ms)))}  ${ms(cpu)}  ${increase.padStart(12)}   ${ms(median(list.map((s) => s.pluginMs)))}  ${String(Math.max(...list.map((s) => s.reports))).padStart(6)}`,
    );
  }
}

/** @param {number} value */
function ms(value) {
  return `${value.toFixed(0).padStart(8)} ms`;
}

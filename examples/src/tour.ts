/**
 * `npm start`: a tour of pullback that differentiates, lints and tests something real, replaying
 * the talk (TALK below) in TypeScript.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { forward, jacobian, reverse, type FallbackEvent } from '@pullback/engine';
import { badcopy, badcopy2, goodcopy } from './talk/copies.js';
import { homemade } from './talk/homemade.js';
import { oneInterface, preparedGradients } from './talk/interface.js';
import { decisionTree } from './talk/decision-tree.js';
import { coloringPictures, sparsityReplay } from './talk/sparsity.js';
import { newton } from './rosenbrock-newton.js';
import { lintSource } from './lint-demo.js';
import { checkCustomRules, wrongRuleReport } from './test-demo.js';

/** The talk the examples replay, named where the tour first mentions it. */
const TALK =
  '"Automatic Differentiation: Julia\'s most confusing superpower?" by Guillaume Dalle and ' +
  'Adrian Hill (slides: https://gdalle.github.io/JuliaOptimizationDays2024-AutoDiff/)';

const heading = (s: string): void =>
  console.log(`\n━━ ${s} ${'━'.repeat(Math.max(0, 72 - s.length))}`);
/** A matrix, one row per line, every digit of each number shown (an exact 1 prints as 1). */
const matrix = (m: { rows: number; cols: number; data: ArrayLike<number> }): string => {
  const cells = Array.from(m.data, String);
  const width = Math.max(...cells.map((c) => c.length)) + 2;
  return Array.from({ length: m.rows }, (_, i) =>
    cells
      .slice(i * m.cols, (i + 1) * m.cols)
      .map((c) => c.padStart(width))
      .join(''),
  ).join('\n');
};

/** The largest entrywise distance between a matrix and the identity. */
const distanceToIdentity = (m: { rows: number; cols: number; data: ArrayLike<number> }): number =>
  Math.max(...Array.from(m.data, (v, k) => Math.abs(v - (k % (m.cols + 1) === 0 ? 1 : 0))));

async function main(): Promise<void> {
  console.log(`A tour of pullback, replaying the talk ${TALK} in TypeScript.`);

  heading('1. Homemade AD: pushforward of square∘double∘square∘double at [3, 5] along [1, 0]');
  const h = homemade();
  const rows: [string, number[]][] = [
    ['forward mode', h.forward],
    ['reverse mode', h.reverse],
    ['finite differences: finiteDifferences() backend (central)', h.finiteDifferences],
    ['finite differences by hand: (f(x + εv) − f(x))/ε, ε = 1e-5', h.quotient],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, values] of rows) {
    const error = Math.max(...values.map((v, i) => Math.abs(v - h.forward[i])));
    console.log(
      `${label.padEnd(width)}  [${values.join(', ')}]  ${error === 0 ? 'exact' : `error ${error.toExponential(1)}`}`,
    );
  }

  heading('2. One interface, many backends: valueAndGradient(sumOfSquares, backend, [1, 2, 3, 4])');
  for (const r of oneInterface()) {
    const label = r.backend === 'finiteDifferences' ? `${r.backend} (approximate)` : r.backend;
    console.log(`${label.padEnd(32)} value ${r.value}  gradient [${r.gradient.join(', ')}]`);
  }
  console.log('prepared once, used at three points:', JSON.stringify(preparedGradients()));

  heading('3. The typical ForwardDiff and Zygote issues: badcopy, goodcopy, badcopy2');
  const events: FallbackEvent[] = [];
  const onFallback = (e: FallbackEvent): void => void events.push(e);
  const fd = jacobian(badcopy, forward({ onFallback }), new Float64Array([1, 1]));
  console.log(
    'jacobian(badcopy, forward(), ones(2)), by finite differences (every digit shown):\n' +
      matrix(fd),
  );
  console.log(
    `  reported: ${events.map((e) => `${e.functionName} re-run with ${e.replacement} in ${e.mode} mode (lint rule ${e.lintRule})`).join('; ')}`,
  );
  console.log(
    `  largest error against the exact identity: ${distanceToIdentity(fd).toExponential(1)}`,
  );
  console.log(
    'jacobian(goodcopy, forward(), ones(2)):\n' +
      matrix(jacobian(goodcopy, forward({ fallback: 'error' }), new Float64Array([1, 1]))),
  );
  console.log(
    'jacobian(badcopy2, reverse(), ones(2)), through its rrule:\n' +
      matrix(jacobian(badcopy2, reverse({ fallback: 'error' }), new Float64Array([1, 1]))),
  );

  heading('4. A decision tree: what auto() chooses');
  for (const line of decisionTree()) console.log(`• ${line}`);

  heading('5. Sparsity: a tracer, a coloring, compressed Jacobians');
  const sp = sparsityReplay();
  console.log(
    `x[1] + sign(x[2]) * x[3] depends on x${sp.slidePattern.join(' and x')} (sign has a zero derivative)`,
  );
  console.log(`a 30×30 tridiagonal Jacobian needs ${sp.colors} colors; ${sp.explain}`);
  console.log(`compressed and dense Jacobians agree exactly: ${sp.agrees}`);
  // The talk's picture of the banded 30×30 coloring (bands 3, 3: 7 colors), from coloringSvg.
  const picture = fileURLToPath(new URL('./banded-coloring.svg', import.meta.url));
  writeFileSync(picture, coloringPictures().banded);
  console.log(`the talk's banded coloring, pattern beside its compressed matrix: ${picture}`);

  heading('6. A small real problem: Newton’s method on Rosenbrock (value, gradient, Hessian)');
  for (const s of newton([-1.2, 1]))
    console.log(
      `  iteration ${String(s.iteration).padStart(2)}  f = ${s.value.toExponential(3).padStart(10)}  x = [${s.x.map((v) => v.toFixed(6)).join(', ')}]`,
    );

  heading('7. Lint before it runs: @pullback/eslint-plugin on the talk’s copies');
  for (const f of await lintSource()) console.log(`  line ${f.line}  ${f.rule}: ${f.message}`);

  heading('8. Test the rules: @pullback/test-utils');
  for (const line of checkCustomRules()) console.log(`  ✓ ${line}`);
  console.log(
    'A wrong rule (3x where 2x is right) is caught:\n' +
      wrongRuleReport()
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n'),
  );

  heading('Where to go next');
  for (const line of [
    'README.md: declaring a rule, and the four packages',
    'ARCHITECTURE.md: the layering, and the life of one gradient call',
    'examples/README.md: what each example shows; examples/src/ holds the code of this tour',
    'packages/engine/README.md: operators, backends, preparation, what happens to code that cannot carry derivatives',
    'packages/rules-core/README.md: the rule protocol, tangents and the math vocabulary',
    'packages/test-utils/README.md: testing your own rules; packages/eslint-plugin/README.md: linting them',
    `the talk: ${TALK.slice(TALK.indexOf('https://'), -1)}`,
    'npm test: everything above, checked',
  ])
    console.log(`  → ${line}`);
}

await main();

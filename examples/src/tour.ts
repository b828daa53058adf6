/**
 * `npm start`: a tour of pullback that differentiates, lints and tests something real, replaying
 * the talk "Automatic Differentiation: Julia's most confusing superpower?" in TypeScript.
 */
import { forward, jacobian, reverse, type FallbackEvent } from '@pullback/engine';
import { badcopy, badcopy2, goodcopy } from './talk/copies.js';
import { homemade } from './talk/homemade.js';
import { oneInterface, preparedGradients } from './talk/interface.js';
import { decisionTree } from './talk/decision-tree.js';
import { sparsityReplay } from './talk/sparsity.js';
import { newton } from './rosenbrock-newton.js';
import { lintSource } from './lint-demo.js';
import { checkCustomRules, wrongRuleReport } from './test-demo.js';

const heading = (s: string): void =>
  console.log(`\n━━ ${s} ${'━'.repeat(Math.max(0, 72 - s.length))}`);
const matrix = (m: { rows: number; cols: number; data: ArrayLike<number> }): string =>
  Array.from({ length: m.rows }, (_, i) =>
    Array.from({ length: m.cols }, (_, j) => m.data[i * m.cols + j].toFixed(3).padStart(8)).join(
      '',
    ),
  ).join('\n');

async function main(): Promise<void> {
  heading('1. Homemade AD: pushforward of square∘double∘square∘double at [3, 5] along [1, 0]');
  const h = homemade();
  console.log('forward mode      ', h.forward);
  console.log('reverse mode      ', h.reverse);
  console.log(
    'finite differences',
    h.finiteDifferences.map((v) => Number(v.toFixed(6))),
  );
  console.log('(f(x + εv) − f(x))/ε with ε = 1e-5:', h.quotient);

  heading('2. One interface, many backends: valueAndGradient(sumOfSquares, backend, [1, 2, 3, 4])');
  for (const r of oneInterface())
    console.log(`${r.backend.padEnd(18)} value ${r.value}  gradient [${r.gradient.join(', ')}]`);
  console.log('prepared once, used at three points:', JSON.stringify(preparedGradients()));

  heading('3. The typical ForwardDiff and Zygote issues: badcopy, goodcopy, badcopy2');
  const events: FallbackEvent[] = [];
  const onFallback = (e: FallbackEvent): void => void events.push(e);
  console.log(
    'jacobian(badcopy, forward(), ones(2)):\n' +
      matrix(jacobian(badcopy, forward({ onFallback }), new Float64Array([1, 1]))),
  );
  console.log(
    `  reported: ${events.map((e) => `${e.functionName} re-run with ${e.replacement} in ${e.mode} mode (lint rule ${e.lintRule})`).join('; ')}`,
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
}

await main();

/**
 * `npm run examples`: runs every example and checks its numbers against values worked out by
 * hand, so the examples cannot silently drift from what the README and the tour claim.
 */
import { forward, jacobian, reverse } from '@pullback/engine';
import { badcopy, badcopy2, goodcopy } from './talk/copies.js';
import { homemade } from './talk/homemade.js';
import { oneInterface, preparedGradients } from './talk/interface.js';
import { decisionTree } from './talk/decision-tree.js';
import { sparsityReplay } from './talk/sparsity.js';
import { talk } from './talk/slides.js';
import { newton } from './rosenbrock-newton.js';
import { lintSource } from './lint-demo.js';
import { checkCustomRules, wrongRuleReport } from './test-demo.js';

type Check = [string, () => boolean | Promise<boolean>];

const close = (a: ArrayLike<number>, b: readonly number[], tol: number): boolean =>
  a.length === b.length && b.every((v, i) => Math.abs(a[i] - v) <= tol * Math.max(1, Math.abs(v)));

const checks: Check[] = [
  [
    'homemade pushforward is [6912, 0] in forward and reverse mode',
    () => {
      const h = homemade();
      return (
        close(h.forward, [6912, 0], 0) &&
        close(h.reverse, [6912, 0], 0) &&
        close(h.finiteDifferences, [6912, 0], 1e-8)
      );
    },
  ],
  [
    'valueAndGradient gives (30, [2, 4, 6, 8]) with every backend',
    () => oneInterface().every((r) => r.value === 30 && close(r.gradient, [2, 4, 6, 8], 1e-8)),
  ],
  [
    'a prepared gradient is reused at new points',
    () => close(preparedGradients().flat(), [2, 4, 6, 8, 4, 6, 8, 10, 6, 8, 10, 12], 0),
  ],
  [
    'badcopy: identity within 1e-8 through a reported fallback',
    () => {
      let reported = 0;
      const J = jacobian(
        badcopy,
        forward({ onFallback: () => reported++ }),
        new Float64Array([1, 1]),
      );
      return close(J.data, [1, 0, 0, 1], 1e-8) && reported === 1;
    },
  ],
  [
    'goodcopy: exact identity in forward and reverse mode',
    () =>
      [forward({ fallback: 'error' }), reverse({ fallback: 'error' })].every((b) =>
        close(jacobian(goodcopy, b, [1, 1]).data, [1, 0, 0, 1], 0),
      ),
  ],
  [
    'badcopy2: exact identity through its rrule',
    () => close(jacobian(badcopy2, reverse({ fallback: 'error' }), [1, 1]).data, [1, 0, 0, 1], 0),
  ],
  [
    'auto() explains forward for derivatives and reverse for gradients',
    () => {
      const lines = decisionTree();
      return (
        /forward/.test(lines[0]) &&
        /reverse/.test(lines[1]) &&
        /forward-over-reverse/.test(lines[4])
      );
    },
  ],
  [
    'sparsity: the slide’s pattern is {1, 3}; a tridiagonal Jacobian takes 3 colors and compresses exactly',
    () => {
      const r = sparsityReplay();
      return (
        r.slidePattern.join() === '1,3' &&
        r.colors === 3 &&
        r.agrees &&
        /3 pushforwards instead of 30/.test(r.explain)
      );
    },
  ],
  [
    'Newton on Rosenbrock converges to [1, 1]',
    () => {
      const steps = newton([-1.2, 1]);
      const last = steps[steps.length - 1];
      return close(last.x, [1, 1], 1e-10) && steps.length < 12;
    },
  ],
  [
    'the linter flags badcopy (pointing to similar) and not goodcopy',
    async () => {
      const findings = await lintSource();
      return (
        findings.length > 0 &&
        findings.every((f) => f.line < 10) &&
        findings.some((f) => /similar/.test(f.message))
      );
    },
  ],
  [
    'the talk (npm run talk): every number it prints matches its slide',
    () => {
      const t = talk();
      for (const failure of t.failures) console.log(`  ✗ ${failure}`);
      return t.failures.length === 0 && t.checks >= 77;
    },
  ],
  [
    'custom rules pass the rule testers; a wrong rule is caught',
    () => checkCustomRules().length === 3 && /rrule|cotangent/i.test(wrongRuleReport()),
  ],
];

let passed = 0;
let failed = 0;
for (const [name, check] of checks) {
  let ok = false;
  let why = '';
  try {
    ok = await check();
  } catch (error) {
    why = ` (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
  }
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? '✓' : '✗'} ${name}${why}`);
}
console.log(`examples: ${passed} passed, ${failed} failed`);
if (failed > 0) process.exitCode = 1;

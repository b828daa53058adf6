import { checkAgreement } from './agreement-check.js';
import { runFruleChecks } from './frule-checks.js';
import { fail, finish, prepare } from './harness.js';
import type { RuleTestOptions } from './rule-test-options.js';
import { runSecondOrderChecks } from './second-order-checks.js';

/**
 * Checks the forward rule of `fn` at `args`, as ChainRulesTestUtils' `test_frule` does, and
 * more: the primal equals `fn(...args)`; the tangent mirrors the output's structure and equals
 * the finite-difference JVP for random tangents; zero tangents give a zero tangent; neither
 * arguments nor tangents are mutated; the frule agrees with the rrule (if there is one) in the
 * dot-product test; with `order: 2`, the rule is differentiable in turn.
 *
 * Throws a `RuleTestError` listing every failed check; returns nothing when all pass.
 *
 * @example
 * ```ts
 * testFrule(mul, [2, [1, 2, 3]]);
 * testFrule(at, [[1, 2, 3], 1]); // the index has no tangent space: the record says so
 * ```
 */
export function testFrule<A extends readonly unknown[]>(
  fn: (...args: A) => unknown,
  args: A,
  options: RuleTestOptions = {},
): void {
  const h = prepare('testFrule', fn as never, args, options);
  h.shown.tangents = h.tangents;
  if (h.frule === undefined) {
    fail(h, {
      check: 'rule present',
      argument: '',
      component: '',
      expected: 'an frule',
      actual: h.rrule === undefined ? 'no rules' : 'only an rrule',
      note: `${h.name} has no frule; declare one with differentiable(fn, { frule })${h.rrule ? ', or test the rrule with testRrule' : ''}`,
    });
  } else {
    runFruleChecks(h);
    if (h.rrule !== undefined) {
      h.shown.dy = h.dy;
      checkAgreement(h, 'frule');
    }
    if (h.order === 2) runSecondOrderChecks(h, 'frule');
  }
  finish(h);
}

import { checkAgreement } from './agreement-check.js';
import { fail, finish, prepare } from './harness.js';
import { runRruleChecks } from './rrule-checks.js';
import type { RuleTestOptions } from './rule-test-options.js';
import { runSecondOrderChecks } from './second-order-checks.js';

/**
 * Checks the reverse rule of `fn` at `args`, as ChainRulesTestUtils' `test_rrule` does, and
 * more: the primal equals `fn(...args)`; the pullback returns one cotangent per argument,
 * mirroring it, `noTangent` exactly for arguments without a tangent space; every cotangent
 * satisfies the adjoint identity `<dy, J·dx> = <Jᵀdy, dx>` against finite differences,
 * component by component; the pullback is linear in `dy`, gives the same result twice and for
 * a thunked `dy`, gives zeros for a zero `dy`, and mutates neither `dy` nor the arguments; the
 * rrule agrees with the frule (if there is one); with `order: 2`, the rule is differentiable.
 *
 * Throws a `RuleTestError` listing every failed check; returns nothing when all pass.
 *
 * @example
 * ```ts
 * testRrule(sum, [new Float64Array([1, 2, 3])]);
 * testRrule(mul, [2, 3], { cotangent: 1 });
 * ```
 */
export function testRrule<A extends readonly unknown[]>(
  fn: (...args: A) => unknown,
  args: A,
  options: RuleTestOptions = {},
): void {
  const h = prepare('testRrule', fn as never, args, options);
  h.shown.dy = h.dy;
  if (h.rrule === undefined) {
    fail(h, {
      check: 'rule present',
      argument: '',
      component: '',
      expected: 'an rrule',
      actual: h.frule === undefined ? 'no rules' : 'only an frule',
      note: `${h.name} has no rrule; declare one with differentiable(fn, { rrule })${h.frule ? ', or test the frule with testFrule' : ''}`,
    });
  } else {
    runRruleChecks(h);
    if (h.frule !== undefined) {
      h.shown.tangents = h.tangents;
      checkAgreement(h, 'rrule');
    }
    if (h.order === 2) runSecondOrderChecks(h, 'rrule');
  }
  finish(h);
}

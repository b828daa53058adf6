import type { Real } from '@pullback/rules-core';
import { recordOf } from '@pullback/rules-core/interpreter';
import { close, fdSlack } from '../numeric/compare.js';
import { checkAgreement } from './agreement-check.js';
import { runFruleChecks } from './frule-checks.js';
import { attempt, fail, finish, prepare, type Harness } from './harness.js';
import { runRruleChecks } from './rrule-checks.js';
import type { RuleTestOptions } from './rule-test-options.js';
import { runSecondOrderChecks } from './second-order-checks.js';

/**
 * Checks a scalar function's rules at `x` (ChainRulesTestUtils' `test_scalar`): the frule with
 * tangent 1 and the rrule with cotangent 1 — so both give the derivative itself — and, for a
 * function declared with `scalarRule`, the declared partial against finite differences.
 * Every check of `testFrule` and `testRrule` applies; failures of all of them are reported
 * together in one `RuleTestError`.
 *
 * @example
 * ```ts
 * testScalar(sin, 0.42);
 * testScalar(log, 0.05, { fdm: fdm({ maxRange: 1e-3 }) });
 * ```
 */
export function testScalar(
  fn: (x: number) => unknown,
  x: number,
  options: Omit<RuleTestOptions, 'tangents' | 'cotangent'> = {},
): void {
  if (typeof x !== 'number') {
    throw new TypeError(
      `testScalar(fn, x): x must be a number, got ${typeof x}; use testFrule/testRrule for other inputs.`,
    );
  }
  if (typeof fn(x) !== 'number') {
    throw new TypeError(
      `testScalar(${fn.name || 'fn'}, x): fn(x) must be a number; use testFrule/testRrule for other outputs.`,
    );
  }
  const h = prepare('testScalar', fn as never, [x], { ...options, tangents: [1], cotangent: 1 });
  if (h.frule === undefined && h.rrule === undefined) {
    fail(h, {
      check: 'rule present',
      argument: '',
      component: '',
      expected: 'an frule or an rrule',
      actual: 'no rules',
      note: `${h.name} has no rules; declare them with scalarRule(fn, partials) or differentiable(fn, { frule, rrule })`,
    });
    finish(h);
  }
  if (h.frule !== undefined) runFruleChecks(h);
  if (h.rrule !== undefined) runRruleChecks(h);
  checkAgreement(h, 'rrule');
  checkPartials(h, x);
  if (h.order === 2) {
    if (h.frule !== undefined) runSecondOrderChecks(h, 'frule');
    if (h.rrule !== undefined) runSecondOrderChecks(h, 'rrule');
  }
  finish(h);
}

/** A declared partial must equal the finite-difference derivative. */
function checkPartials(h: Harness, x: number): void {
  const partials = recordOf(h.fn)?.partials;
  if (partials === undefined) return;
  const y = h.y as number;
  const ps = attempt(
    h,
    'partials(x, y)',
    () => (partials as (...a: Real[]) => readonly Real[])(x, y),
    'partials',
  );
  if (ps === undefined) return;
  if (!Array.isArray(ps) || ps.length !== 1 || typeof ps[0] !== 'number') {
    fail(h, {
      check: 'partials',
      argument: 'args[0]',
      component: '',
      expected: 'one partial, a number',
      actual: Array.isArray(ps) ? `${ps.length} entries` : typeof ps,
      note: 'partials(x, y) must return an array with one partial derivative per argument',
    });
    return;
  }
  const est = h.method.estimate((t: number) => h.problem().evaluate([x + t]) as number, 0);
  if (!close(ps[0], est.value, h.rtol, h.atol, fdSlack(est.accuracy))) {
    fail(h, {
      check: 'partials',
      argument: 'args[0]',
      component: '',
      expected: est.value,
      actual: ps[0],
      fdError: est.accuracy,
      note: 'the declared partial ∂y/∂x differs from the finite-difference derivative',
    });
  }
}

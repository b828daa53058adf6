import fc from 'fast-check';
import { recordOf } from '@pullback/rules-core';
import { testFrule } from '../testers/test-frule.js';
import { testRrule } from '../testers/test-rrule.js';
import type { RuleTestOptions } from '../testers/rule-test-options.js';

/** Options of `ruleProperty`: the testers' options, plus which rules to test. */
export interface RulePropertyOptions extends Omit<
  RuleTestOptions,
  'seed' | 'tangents' | 'cotangent'
> {
  /** Which rules to test; default every rule the function has (at least one is required). */
  readonly rules?: 'frule' | 'rrule' | 'both';
}

/** One argument's source: an arbitrary, or a fixed value (a function, an index, a flag). */
export type ArgumentSource<T> = fc.Arbitrary<T> | T;

/**
 * A fast-check property that tests the rules of `fn` at random points: each run draws the
 * arguments from `args` (arbitraries, or fixed values) and a seed for the random tangents, and
 * runs `testFrule` and/or `testRrule`. A failure shrinks to a small counterexample whose
 * `RuleTestError` report is fast-check's error message.
 *
 * @example
 * ```ts
 * fc.assert(ruleProperty(log, [pointLike(0, { domain: 'positive' })]), { numRuns: 100 });
 * fc.assert(ruleProperty(at, [pointLike([0, 0, 0]), 1]));
 * ```
 */
export function ruleProperty<A extends readonly unknown[]>(
  fn: (...args: A) => unknown,
  args: { readonly [K in keyof A]: ArgumentSource<A[K]> },
  options: RulePropertyOptions = {},
): fc.IPropertyWithHooks<[A, number]> {
  const record = recordOf(fn);
  const which = options.rules;
  const frule =
    which === 'frule' || which === 'both' || (which === undefined && record?.frule !== undefined);
  const rrule =
    which === 'rrule' ||
    which === 'both' ||
    (which === undefined && (record?.rrule !== undefined || record?.frule === undefined));
  const sources = (args as readonly unknown[]).map((a) => (isArbitrary(a) ? a : fc.constant(a)));
  const { rules: _rules, ...testOptions } = options;
  return fc.property(
    fc.tuple(...sources) as unknown as fc.Arbitrary<A>,
    fc.integer({ min: 0, max: 0x7fffffff }),
    (point, seed) => {
      if (frule) testFrule(fn, point, { ...testOptions, seed });
      if (rrule) testRrule(fn, point, { ...testOptions, seed });
    },
  );
}

/** Duck-typed, so arbitraries from another installed copy of fast-check are recognised. */
function isArbitrary(a: unknown): a is fc.Arbitrary<unknown> {
  if (a instanceof fc.Arbitrary) return true;
  const o = a as Partial<fc.Arbitrary<unknown>> | null;
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof o.generate === 'function' &&
    typeof o.shrink === 'function' &&
    typeof o.canShrinkWithoutContext === 'function'
  );
}

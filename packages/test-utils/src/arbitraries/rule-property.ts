import fc from 'fast-check';
import { recordOf } from '@pullback/rules-core/interpreter';
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
 * arguments from `args` (one arbitrary or fixed value per argument, or one arbitrary of whole
 * argument tuples) and a seed for the random tangents, and
 * runs `testFrule` and/or `testRrule`. A failure shrinks to a small counterexample whose
 * `RuleTestError` report is fast-check's error message.
 *
 * @example
 * ```ts
 * fc.assert(ruleProperty(log, [pointLike(0, { domain: 'positive' })]), { numRuns: 100 });
 * fc.assert(ruleProperty(at, [pointLike([0, 0, 0]), 1]));
 * fc.assert(ruleProperty(div, fc.tuple(pointLike(0), pointLike(0, { domain: 'nonzero' }))));
 * ```
 */
export function ruleProperty<A extends readonly unknown[]>(
  fn: (...args: A) => unknown,
  args: { readonly [K in keyof A]: ArgumentSource<A[K]> } | fc.Arbitrary<A>,
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
  // One arbitrary of whole argument tuples, or one source per argument.
  const points = isArbitrary(args)
    ? (args as fc.Arbitrary<A>)
    : (fc.tuple(
        ...(args as readonly unknown[]).map((a) => (isArbitrary(a) ? a : fc.constant(a))),
      ) as unknown as fc.Arbitrary<A>);
  const { rules: _rules, ...testOptions } = options;
  return fc.property(points, fc.integer({ min: 0, max: 0x7fffffff }), (point, seed) => {
    const tuple = [...point] as unknown as A;
    if (frule) testFrule(fn, tuple, { ...testOptions, seed });
    if (rrule) testRrule(fn, tuple, { ...testOptions, seed });
  });
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

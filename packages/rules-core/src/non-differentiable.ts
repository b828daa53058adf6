import {
  describe,
  differentiable,
  type DifferentiableFunction,
  type DifferentiableOptions,
} from './differentiable.js';
import { RuleDefinitionError } from './errors.js';
import type { Rules } from './rules.js';
import { stripDeep } from './strip.js';
import { noTangent } from './tangent.js';

/**
 * Declares a function whose output carries no derivative (ChainRules' `@non_differentiable`):
 * a comparison, an index search, a random draw, a lookup. With active arguments it runs `fn`
 * on their primals (active values stripped at every level, through arrays and plain objects);
 * its forward rule gives the output `noTangent`, its pullback gives `noTangent` for every
 * argument. The result keeps `fn`'s signature, name and length.
 *
 * @example
 * ```ts
 * const argmax = nonDifferentiable((x: RealArray): number => {
 *   let best = 0;
 *   for (let i = 1; i < x.length; i++) if (primal(at(x, i)) > primal(at(x, best))) best = i;
 *   return best;
 * });
 * ```
 */
export function nonDifferentiable<F extends (...args: never[]) => unknown>(
  fn: F,
  options?: DifferentiableOptions,
): DifferentiableFunction<F> {
  if (typeof fn !== 'function') {
    throw new RuleDefinitionError(
      `nonDifferentiable(fn) expects a function as its argument, got ${describe(fn)}.`,
    );
  }
  const call = fn as unknown as (...args: unknown[]) => unknown;
  const onPrimals = stripping(call);
  const arity = fn.length;
  const rules: Rules<unknown[], unknown> = {
    frule: (args) => [onPrimals(...args), noTangent as never],
    rrule: (args) => [onPrimals(...args), () => args.map(() => noTangent) as never],
  };
  return differentiable(onPrimals, rules, {
    name: options?.name || fn.name || 'anonymous',
    nondiff: options?.nondiff ?? Array.from({ length: arity }, (_, k) => k),
  }) as unknown as DifferentiableFunction<F>;
}

/**
 * `fn` run on primal-stripped arguments, with `fn`'s length. The one- and two-argument cases
 * avoid a rest array: comparisons are called in inner loops.
 */
function stripping(fn: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  let body: (...args: unknown[]) => unknown;
  if (fn.length === 1) body = (a) => fn(stripDeep(a));
  else if (fn.length === 2) body = (a, b) => fn(stripDeep(a), stripDeep(b));
  else body = (...args) => fn(...args.map(stripDeep));
  Object.defineProperty(body, 'length', { value: fn.length });
  return body;
}

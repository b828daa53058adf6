import { isActive, type Real, type RealArray } from './active.js';
import type { DifferentiableFunction, DifferentiableOptions } from './differentiable.js';
import { RuleDefinitionError, RuleOutputError } from './errors.js';
import { describe } from './differentiable.js';
import type { RuleConfig } from './rules.js';
import type { Partials, ScalarPartials } from './rules.js';
import { isAbstractZero, noTangent, unthunk, zeroTangent } from './tangent.js';
import { accumulate, add, isArrayValue, mul, unbroadcast } from './math/arithmetic.js';
import { elementwise, type ElementwiseN } from './math/elementwise.js';
import type { ArrayLoop } from './math/internal/broadcast.js';
import { at } from './math/indexing.js';

/** The argument tuple of a scalar function with each `number` widened to `Real`. */
export type RealsOf<P extends readonly number[]> = { readonly [K in keyof P]: Real };

/**
 * Declares a scalar function by its partial derivatives (ChainRules' `@scalar_rule`): one
 * `partials(...args, y)` yields both the frule and the rrule. The result broadcasts: on arrays
 * it applies elementwise, scalars broadcast. Write `partials` with the math vocabulary and the
 * rules are differentiable again, so higher derivatives work. For a function of one argument
 * `partials` may return its one partial alone (`(x) => cos(x)` as well as `(x) => [cos(x)]`).
 * The rules are named after `fn` (`options.name`, else `fn.name`, else `fn`'s source text).
 *
 * @example
 * ```ts
 * const softplus = scalarRule(
 *   (x: number) => Math.log1p(Math.exp(x)),
 *   (x) => div(1, add(1, exp(neg(x)))),
 * );
 * ```
 */
export function scalarRule<P extends readonly number[], A extends readonly Real[] = RealsOf<P>>(
  fn: (...args: P) => number,
  // The arity comes from `fn` alone: `partials` has one more parameter (the result `y`), and
  // inferring from it would take `(x) => …` for a function of no arguments.
  partials: NoInfer<ScalarPartials<A>>,
  options?: DifferentiableOptions,
): DifferentiableFunction<ElementwiseN<A>> {
  const kernel = fn as unknown as (...xs: number[]) => number;
  const named = { ...options, name: options?.name || nameOf(kernel) };
  return declareScalar<A>(kernel, asArrayPartials(kernel, partials) as Partials<A>, named);
}

/** Longest source text used as a name; longer text is cut with `…`. */
const NAME_LENGTH = 40;

/**
 * `fn`'s name, or for an anonymous function its source on one line (`(x) => Math.sin(x)`), so
 * that messages name the rule the user wrote and not an internal wrapper.
 */
function nameOf(fn: (...xs: number[]) => number): string {
  if (typeof fn !== 'function') return 'anonymous';
  if (fn.name) return fn.name;
  const text = Function.prototype.toString.call(fn).replace(/\s+/g, ' ').trim();
  if (text === '') return 'anonymous';
  return text.length > NAME_LENGTH ? `${text.slice(0, NAME_LENGTH - 1)}…` : text;
}

/**
 * The partials of a one-argument function as an array whatever they return: engines read one
 * partial per argument from the record. Functions of other arities must return arrays (the
 * count is checked where the partials are used); theirs are passed on unwrapped.
 */
function asArrayPartials(fn: unknown, partials: unknown): unknown {
  if (typeof fn !== 'function' || fn.length !== 1 || typeof partials !== 'function') {
    return partials;
  }
  const one = partials as (x: Real, y: Real) => readonly Real[] | Real;
  return (x: Real, y: Real): readonly Real[] => {
    const p = one(x, y);
    // Only a real is wrapped: anything else reaches the count check as it came, and is reported.
    return typeof p === 'number' || isActive(p) ? [p] : (p as readonly Real[]);
  };
}

/**
 * `scalarRule` with, for the vocabulary's own functions, a loop over `Float64Array`s written
 * out per function (see `ArrayLoop`).
 * @internal
 */
export function declareScalar<A extends readonly Real[]>(
  fn: (...xs: number[]) => number,
  partials: Partials<A>,
  options?: DifferentiableOptions,
  loop?: ArrayLoop,
): DifferentiableFunction<ElementwiseN<A>> {
  if (typeof fn !== 'function') {
    throw new RuleDefinitionError(
      `scalarRule(fn, partials) expects a function as fn, got ${typeof fn}.`,
    );
  }
  if (typeof partials !== 'function') {
    throw new RuleDefinitionError(
      `scalarRule(${fn.name || 'fn'}, partials): partials must be a function (...args, y) => [∂y/∂arg, ...], got ${typeof partials}.`,
    );
  }
  const name = options?.name || fn.name || 'anonymous';
  const nondiff = new Set(options?.nondiff ?? []);

  /** The partials at one scalar point, checked for count; `mode` is the caller's, for messages. */
  const partialsAt = (args: readonly Real[], y: Real, mode: string): readonly Real[] => {
    const ps = (partials as (...xs: Real[]) => readonly Real[])(...args, y);
    if (!Array.isArray(ps) || ps.length !== args.length) {
      throw new RuleOutputError({
        functionName: name,
        mode,
        part: 'partials',
        expected: `an array of ${args.length} partial derivative(s), one per argument`,
        received: describe(ps),
      });
    }
    return ps;
  };

  /** Runs `kernel(elements, i)` for each element of a broadcast call and collects the results. */
  const eachElement = (
    args: readonly unknown[],
    y: unknown,
    kernel: (xs: Real[], yi: Real, i: number) => Real,
  ): Float64Array | Real[] => {
    const n = (y as RealArray).length;
    const out: Real[] = new Array<Real>(n);
    let passive = true;
    for (let i = 0; i < n; i++) {
      const xs = args.map((a) => (isArrayValue(a) ? at(a, i) : (a as Real)));
      const v = kernel(xs, at(y as RealArray, i), i);
      out[i] = v;
      if (typeof v !== 'number') passive = false;
    }
    return passive ? Float64Array.from(out as number[]) : out;
  };

  return elementwise<A>(
    fn as unknown as (...xs: number[]) => number,
    (self) => {
      const call = self as unknown as (...xs: readonly unknown[]) => Real | RealArray;
      return {
        partials,
        frule: (args: readonly unknown[], tangents: readonly unknown[], config?: RuleConfig) => {
          const mode = config?.mode ?? 'an unknown';
          const y = call(...args);
          if (tangents.every((t) => isAbstractZero(t))) return [y, zeroTangent];
          if (!isArrayValue(y)) {
            const ps = partialsAt(args as unknown as Real[], y, mode);
            return [
              y,
              accumulate(
                tangents.map((t, k) => (isAbstractZero(t) ? t : mul(ps[k], t as Real))),
                y,
              ),
            ];
          }
          const dy = eachElement(args, y, (xs, yi, i) => {
            const ps = partialsAt(xs, yi, mode);
            let acc: Real = 0;
            tangents.forEach((t, k) => {
              if (!isAbstractZero(t))
                acc = add(acc, mul(ps[k], isArrayValue(t) ? at(t, i) : (t as Real)));
            });
            return acc;
          });
          return [y, dy];
        },
        rrule: (args: readonly unknown[], config?: RuleConfig) => {
          const mode = config?.mode ?? 'an unknown';
          const y = call(...args);
          const cotangentsFor = (u: unknown): unknown[] => {
            if (!isArrayValue(y)) {
              const ps = partialsAt(args as unknown as Real[], y, mode);
              return args.map((_, k) => mul(u as Real, ps[k]));
            }
            const perArg = args.map(() => [] as Real[]);
            eachElement(args, y, (xs, yi, i) => {
              const ps = partialsAt(xs, yi, mode);
              const ui = isArrayValue(u) ? at(u, i) : (u as Real);
              ps.forEach((p, k) => perArg[k].push(mul(ui, p)));
              return 0;
            });
            return perArg.map((c: Real[]) =>
              c.every((v) => typeof v === 'number') ? Float64Array.from(c as number[]) : c,
            );
          };
          return [
            y,
            (dy: unknown) => {
              const u = unthunk(dy);
              const cts = isAbstractZero(u) ? args.map(() => zeroTangent) : cotangentsFor(u);
              return args.map((a, k) =>
                nondiff.has(k) ? noTangent : unbroadcast(cts[k], a),
              ) as never;
            },
          ];
        },
      } as never;
    },
    { ...options, name },
    loop,
  );
}

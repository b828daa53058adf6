import type { Real, RealArray } from './active.js';
import type { DifferentiableFunction, DifferentiableOptions } from './differentiable.js';
import { RuleDefinitionError } from './errors.js';
import type { Partials } from './rules.js';
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
 * rules are differentiable again, so higher derivatives work.
 *
 * @example
 * ```ts
 * const softplus = scalarRule(
 *   (x: number) => Math.log1p(Math.exp(x)),
 *   (x) => [div(1, add(1, exp(neg(x))))],
 * );
 * ```
 */
export function scalarRule<P extends readonly number[], A extends readonly Real[] = RealsOf<P>>(
  fn: (...args: P) => number,
  // The arity comes from `fn` alone: `partials` has one more parameter (the result `y`), and
  // inferring from it would take `(x) => …` for a function of no arguments.
  partials: NoInfer<Partials<A>>,
  options?: DifferentiableOptions,
): DifferentiableFunction<ElementwiseN<A>> {
  return declareScalar<A>(fn as unknown as (...xs: number[]) => number, partials, options);
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
  const name = options?.name ?? fn.name ?? 'anonymous';
  const nondiff = new Set(options?.nondiff ?? []);

  /** The partials at one scalar point, checked for count. */
  const partialsAt = (args: readonly Real[], y: Real): readonly Real[] => {
    const ps = (partials as (...xs: Real[]) => readonly Real[])(...args, y);
    if (!Array.isArray(ps) || ps.length !== args.length) {
      throw new RuleDefinitionError(
        `scalarRule(${name}): partials must return an array of ${args.length} partial derivative(s), ` +
          `one per argument, got ${Array.isArray(ps) ? `${ps.length}` : typeof ps}.`,
      );
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
        frule: (args: readonly unknown[], tangents: readonly unknown[]) => {
          const y = call(...args);
          if (tangents.every((t) => isAbstractZero(t))) return [y, zeroTangent];
          if (!isArrayValue(y)) {
            const ps = partialsAt(args as unknown as Real[], y);
            return [
              y,
              accumulate(
                tangents.map((t, k) => (isAbstractZero(t) ? t : mul(ps[k], t as Real))),
                y,
              ),
            ];
          }
          const dy = eachElement(args, y, (xs, yi, i) => {
            const ps = partialsAt(xs, yi);
            let acc: Real = 0;
            tangents.forEach((t, k) => {
              if (!isAbstractZero(t))
                acc = add(acc, mul(ps[k], isArrayValue(t) ? at(t, i) : (t as Real)));
            });
            return acc;
          });
          return [y, dy];
        },
        rrule: (args: readonly unknown[]) => {
          const y = call(...args);
          const cotangentsFor = (u: unknown): unknown[] => {
            if (!isArrayValue(y)) {
              const ps = partialsAt(args as unknown as Real[], y);
              return args.map((_, k) => mul(u as Real, ps[k]));
            }
            const perArg = args.map(() => [] as Real[]);
            eachElement(args, y, (xs, yi, i) => {
              const ps = partialsAt(xs, yi);
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

import { LayoutMismatch, flattenInto, flatten } from '../tree/flatten.js';
import { layoutOf, type Layout } from '../tree/layout.js';
import { rebuild } from '../tree/rebuild.js';
import type { FiniteDifferenceMethod } from './fdm.js';
import { fdm } from './fdm.js';
import { FiniteDifferenceError } from './finite-difference-error.js';

/**
 * A structured function seen as a map from R^n to R^m (or to R): finite differences work on
 * the flat vectors and the layouts translate back and forth.
 */
export interface FlatProblem {
  readonly inLayout: Layout;
  readonly outLayout: Layout;
  /** The point, flattened. */
  readonly x0: Float64Array;
  /** The value at the point, as the function returned it. */
  readonly y0: unknown;
  /** The flattened value at a flattened input (a number when the output is a number). */
  evaluate(v: ArrayLike<number>): number | Float64Array;
}

/** Flattens `f` around `x`. `f` is always called on fresh copies, never on `x` itself. */
export function flatProblem(
  f: (x: unknown) => unknown,
  x: unknown,
  what = 'f',
  inLayout: Layout = layoutOf(x),
): FlatProblem {
  const x0 = flatten(inLayout, x);
  const y0 = f(rebuild(inLayout, x0));
  const outLayout = layoutOf(y0);
  const scalar = outLayout.kind === 'number';
  return {
    inLayout,
    outLayout,
    x0,
    y0,
    evaluate(v) {
      const y = f(rebuild(inLayout, v));
      if (scalar) {
        if (typeof y !== 'number') {
          throw new FiniteDifferenceError(
            `${what} returned a number at the point but not at a nearby point; its output structure must not depend on the input's values.`,
          );
        }
        return y;
      }
      const out = new Float64Array(outLayout.size);
      try {
        flattenInto(outLayout, y, out, 0);
      } catch (e) {
        if (e instanceof LayoutMismatch) {
          throw new FiniteDifferenceError(
            `${what}'s output changed structure between the point and a nearby point (${e.message}); finite differences need the same structure everywhere near the point.`,
          );
        }
        throw e;
      }
      return out;
    },
  };
}

/** A flat derivative estimate and its error estimate. */
export interface FlatEstimate {
  readonly value: Float64Array;
  readonly accuracy: number;
  readonly step: number;
}

/** The derivative of `t ↦ F(x0 + t·dv)` at 0, flattened (a scalar output gives length 1). */
export function directionalFd(
  problem: FlatProblem,
  dv: ArrayLike<number>,
  method: FiniteDifferenceMethod = fdm(),
): FlatEstimate {
  const { x0 } = problem;
  const v = new Float64Array(x0.length);
  const along = (t: number): number | Float64Array => {
    for (let i = 0; i < v.length; i++) v[i] = x0[i] + t * dv[i];
    return problem.evaluate(v);
  };
  const est = method.estimate(along as (t: number) => Float64Array, 0);
  const value = typeof est.value === 'number' ? Float64Array.of(est.value) : est.value;
  return { value, accuracy: est.accuracy, step: est.step };
}

/** The derivative of `t ↦ <w, F(x0 + t·dv)>`, a scalar: its step and error suit the dot product itself. */
export function projectedDirectionalFd(
  problem: FlatProblem,
  w: ArrayLike<number>,
  dv: ArrayLike<number>,
  method: FiniteDifferenceMethod = fdm(),
): { value: number; accuracy: number; step: number } {
  const { x0 } = problem;
  const v = new Float64Array(x0.length);
  const along = (t: number): number => {
    for (let i = 0; i < v.length; i++) v[i] = x0[i] + t * dv[i];
    const y = problem.evaluate(v);
    if (typeof y === 'number') return w[0] * y;
    let s = 0;
    for (let i = 0; i < y.length; i++) s += w[i] * y[i];
    return s;
  };
  return method.estimate(along, 0);
}

/** The derivative along input component `j`, perturbing only that component (no roundoff elsewhere). */
export function partialFd(
  problem: FlatProblem,
  j: number,
  method: FiniteDifferenceMethod = fdm(),
): FlatEstimate {
  const v = Float64Array.from(problem.x0);
  const base = problem.x0[j];
  const along = (t: number): number | Float64Array => {
    v[j] = base + t;
    return problem.evaluate(v);
  };
  const est = method.estimate(along as (t: number) => Float64Array, 0);
  const value = typeof est.value === 'number' ? Float64Array.of(est.value) : est.value;
  return { value, accuracy: est.accuracy, step: est.step };
}

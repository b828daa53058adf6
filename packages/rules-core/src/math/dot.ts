import type { Real, RealArray } from '../active.js';
import { differentiable, type DifferentiableFunction } from '../differentiable.js';
import { zeroTangent, type AbstractZero, type ArrayTangent } from '../tangent.js';
import { add, mul, sum } from './arithmetic.js';
import { ShapeMismatchError } from './errors.js';
import { isPassiveArray, lengthOf, nonZero } from './internal/arrays.js';
import { multilinear, withTangentRule } from './tangent-rules.js';

/** `dot`'s signature: a plain number for passive input. */
export interface Dot {
  (x: Float64Array | readonly number[], y: Float64Array | readonly number[]): number;
  (x: RealArray, y: RealArray): Real;
  /** Tangents: a structural zero in either gives that zero, a thunk is unthunked. */
  (x: ArrayTangent, y: ArrayTangent): Real | AbstractZero;
}

/** The inner product `Σ xᵢ yᵢ` of two arrays of equal length. */
export const dot: DifferentiableFunction<Dot> = differentiable(
  function dot(x: RealArray, y: RealArray): Real {
    const n = lengthOf('dot', x, 'x');
    const m = lengthOf('dot', y, 'y');
    if (n !== m) {
      throw new ShapeMismatchError(
        `dot: x has length ${n} and y has length ${m}; expected arrays of equal length.`,
      );
    }
    if (isPassiveArray(x) && isPassiveArray(y)) {
      let s = 0;
      for (let i = 0; i < n; i++) s += x[i] * y[i];
      return s;
    }
    return sum(mul(x, y));
  },
  {
    frule: ([x, y], [dx, dy]) => {
      const value = dot(x, y);
      const a = nonZero<RealArray>(dx);
      const b = nonZero<RealArray>(dy);
      const ta = a === undefined ? undefined : dot(a, y);
      const tb = b === undefined ? undefined : dot(x, b);
      const t: Real | undefined =
        ta === undefined ? tb : tb === undefined ? ta : add(ta as Real, tb as Real);
      return [value, t === undefined ? zeroTangent : t];
    },
    rrule: ([x, y]) => [
      dot(x, y),
      (dz) => {
        const u = nonZero<Real>(dz);
        if (u === undefined) return [zeroTangent, zeroTangent];
        return [mul(u, y), mul(u, x)];
      },
    ],
  },
) as DifferentiableFunction<Dot>;

// Linear in each argument: a structural zero anywhere is the result (ChainRules' tangent arithmetic).
withTangentRule(multilinear, dot);

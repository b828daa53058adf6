/**
 * What a package developer writes: functions of their own made differentiable with rules,
 * depending on `@pullback/rules-core` alone (the way Julia packages depend on ChainRulesCore).
 */
import {
  differentiable,
  isAbstractZero,
  scalarRule,
  unthunk,
  zeroTangent,
  type Real,
  type RealArray,
} from '@pullback/rules-core';
import { add, div, exp, mul, neg, sqrt, sub, sum, square } from '@pullback/rules-core/math';

/** The logistic function, declared by its partial derivative σ(x)(1 − σ(x)) written with its value `y`. */
export const logistic = scalarRule(
  function logistic(x: number): number {
    return 1 / (1 + Math.exp(-x));
  },
  (_x, y) => [mul(y, sub(1, y))],
);

/** A numerically careful softplus, log(1 + eˣ), whose derivative is the logistic function. */
export const softplus = scalarRule(
  function softplus(x: number): number {
    return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
  },
  (x) => [logistic(x)],
);

/**
 * Scales `x` to unit Euclidean length, with a hand-written rrule: the pullback of
 * `y = x / ‖x‖` is `(dy − y ⟨y, dy⟩) / ‖x‖`, cheaper than tracing the division elementwise.
 */
export const normalize = differentiable(
  function normalize(x: RealArray): RealArray {
    return div(x, sqrt(sum(square(x))));
  },
  {
    rrule: ([x]) => {
      const r = sqrt(sum(square(x)));
      const y = div(x, r);
      return [
        y,
        (dy) => {
          // A pullback receives a thunk or a strong zero as well as an array (ChainRules' rules).
          const d = unthunk(dy);
          if (isAbstractZero(d)) return [zeroTangent];
          return [div(sub(d as RealArray, mul(y, sum(mul(y, d as RealArray)))), r)];
        },
      ];
    },
  },
);

/** A smooth loss built from the custom functions: Σ softplus(−yᵢ · ⟨w, xᵢ⟩)-like, on one feature vector. */
export function logisticLoss(w: RealArray): Real {
  const z = normalize(w);
  return add(sum(softplus(neg(z))), mul(0.5, sum(square(w))));
}

/** `exp` re-exported so the example reads like a package's public surface. */
export { exp };

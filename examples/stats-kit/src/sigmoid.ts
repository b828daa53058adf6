import { scalarRule, type DifferentiableFunction, type Real } from '@pullback/rules-core';
import { mul, neg, type ElementwiseN } from '@pullback/rules-core/math';

/**
 * The logistic sigmoid σ(x) = 1 / (1 + e⁻ˣ), computed without overflow for either sign of `x`
 * (LogExpFunctions.jl calls it `logistic`). Its derivative is σ(x)·σ(−x): the textbook
 * σ(x)(1 − σ(x)) loses digits where σ(x) ≈ 1 (at x = 30, 1 − σ has three correct digits).
 *
 * @example
 * ```ts
 * sigmoid(0); // 0.5
 * sigmoid(30); // 0.9999999999999065
 * ```
 */
// The annotation is needed because the partial refers to the function being defined.
export const sigmoid: DifferentiableFunction<ElementwiseN<[Real]>> = scalarRule(
  function sigmoid(x: number): number {
    // e⁻|x| never overflows; the two branches are the same function.
    if (x >= 0) return 1 / (1 + Math.exp(-x));
    const e = Math.exp(x);
    return e / (1 + e);
  },
  (x, y) => [mul(y, sigmoid(neg(x)))],
);

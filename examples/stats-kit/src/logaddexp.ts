import { scalarRule } from '@pullback/rules-core';
import { sub } from '@pullback/rules-core/math';
import { sigmoid } from './sigmoid.js';

/**
 * logaddexp(a, b) = log(eᵃ + eᵇ), computed as `max(a, b) + log1p(e^−|a−b|)` so that it neither
 * overflows nor underflows: `logaddexp(1000, 1000)` is `1000 + log 2`, where
 * `Math.log(Math.exp(1000) + Math.exp(1000))` is `Infinity`.
 *
 * Why a rule: traced as `log(exp(a) + exp(b))`, the value is `Infinity` at (1000, 1000) and
 * `-Infinity` at (−1000, −1000), and the partials, ½ each, come out `NaN` or 0 (∞·0 in the
 * chain rule).
 * The rule's partials are σ(a − b) and σ(b − a), from the exact difference `a − b` rather than
 * from the rounded result, and are themselves differentiable (second derivatives are exact).
 *
 * @example
 * ```ts
 * logaddexp(1000, 1000); // 1000.6931471805599
 * logaddexp(-1000, -Infinity); // -1000
 * ```
 */
export const logaddexp = scalarRule(
  function logaddexp(a: number, b: number): number {
    // Equal arguments include ±Infinity twice, where a − b would be NaN.
    if (a === b) return a + Math.LN2;
    return Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));
  },
  (a, b) => [sigmoid(sub(a, b)), sigmoid(sub(b, a))],
);

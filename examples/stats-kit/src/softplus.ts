import { scalarRule } from '@pullback/rules-core';
import { sigmoid } from './sigmoid.js';

/**
 * softplus(x) = log(1 + eˣ) (LogExpFunctions.jl's `log1pexp`), exact to rounding for every `x`:
 * `x + log1p(e⁻ˣ)` for positive `x`, `log1p(eˣ)` otherwise. Its derivative is the sigmoid.
 *
 * Why a rule: traced as `log(1 + exp(x))`, the value overflows to `Infinity` from x ≈ 710 and the
 * derivative, which is 1 there, comes out `NaN` in forward mode and 0 in reverse mode (the
 * chain rule multiplies 1/∞ by ∞); below x ≈ −37 the `1 + eˣ` rounds to 1 and the value to 0
 * where it should be eˣ. The rule's partial is `sigmoid(x)`, itself a rule, so second
 * derivatives are exact too.
 *
 * @example
 * ```ts
 * softplus(800); // 800
 * softplus(-700); // 9.86e-305 (= e⁻⁷⁰⁰)
 * ```
 */
export const softplus = scalarRule(
  function softplus(x: number): number {
    return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
  },
  (x) => [sigmoid(x)],
);

import { scalarRule } from '@pullback/rules-core';
import { div, expm1, neg } from '@pullback/rules-core/math';

/**
 * log1mexp(x) = log(1 − eˣ) for x ≤ 0, the log of a probability's complement when the
 * probability is given by its log. Computed as Mächler (2012) recommends: `log(−expm1(x))` for
 * x > −log 2, `log1p(−eˣ)` below, each accurate to rounding on its side. Gives `-Infinity` at 0
 * and `NaN` for x > 0, where the logarithm's argument is negative (as `Math.log` does).
 *
 * Why a rule: traced as `log(1 − exp(x))`, `1 − eˣ` loses digits as x → 0⁻: at x = −1e-10 the
 * derivative is off in the eighth digit, and from x ≈ −1.1e-16 on `1 − eˣ` is 0, so value and
 * derivative are `-Infinity`. The rule's partial, −1 / expm1(−x), has
 * none and is written with the vocabulary, so it differentiates again.
 *
 * @example
 * ```ts
 * log1mexp(-1e-20); // -46.0517…, where Math.log(1 - Math.exp(-1e-20)) is -Infinity
 * ```
 */
export const log1mexp = scalarRule(
  function log1mexp(x: number): number {
    return x > -Math.LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
  },
  (x) => [neg(div(1, expm1(neg(x))))],
);

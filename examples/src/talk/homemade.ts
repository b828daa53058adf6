/**
 * The talk's "Homemade AD": a pushforward for `double` and `square`, composed by the chain
 * rule. In pullback each is a `differentiable` function with an frule, and the engine composes
 * them: the pushforward of square∘double∘square∘double at [3, 5] along [1, 0].
 */
import { differentiable, isAbstractZero, zeroTangent, type RealArray } from '@pullback/rules-core';
import { mul } from '@pullback/rules-core/math';
import { finiteDifferences, forward, pushforward, reverse } from '@pullback/engine';

const doubleBody = (x: RealArray): RealArray => mul(2, x);
const squareBody = (x: RealArray): RealArray => mul(x, x);

/** `double(x) = 2x`; its pushforward `v ↦ 2v` does not depend on `x`. */
export const double = differentiable(doubleBody, {
  // A zero tangent (strong zero) maps to zero: no array is built for it.
  frule: ([x], [dx]) => [doubleBody(x), isAbstractZero(dx) ? zeroTangent : mul(2, dx as RealArray)],
});

/** `square(x) = x .^ 2`; its pushforward `v ↦ v .* 2x` depends on `x`. */
export const squareAll = differentiable(squareBody, {
  frule: ([x], [dx]) => [
    squareBody(x),
    isAbstractZero(dx) ? zeroTangent : mul(dx as RealArray, mul(2, x)),
  ],
});

/** `square ∘ double ∘ square ∘ double`. */
export const complicated = (x: RealArray): RealArray => squareAll(double(squareAll(double(x))));

/** The numbers on the slide: the pushforward with three backends, and the naive difference quotient. */
export function homemade(): {
  forward: number[];
  reverse: number[];
  finiteDifferences: number[];
  quotient: number[];
} {
  const x = new Float64Array([3, 5]);
  const v = new Float64Array([1, 0]);
  const eps = 1e-5;
  const shifted = complicated(Float64Array.from(x, (xi, i) => xi + eps * v[i])) as Float64Array;
  const base = complicated(x) as Float64Array;
  return {
    forward: Array.from(pushforward(complicated, forward(), x, v) as Float64Array),
    reverse: Array.from(pushforward(complicated, reverse(), x, v) as Float64Array),
    finiteDifferences: Array.from(
      pushforward(complicated, finiteDifferences(), x, v) as Float64Array,
    ),
    quotient: Array.from(base, (b, i) => (shifted[i] - b) / eps),
  };
}

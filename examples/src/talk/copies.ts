/**
 * The talk's three copies, in TypeScript. In Julia, `badcopy` breaks ForwardDiff (it writes
 * dual numbers into a `Vector{Float64}`) and Zygote (it mutates an array); `goodcopy` allocates
 * storage that can hold what `x` holds; `badcopy2` keeps the bad body but declares an rrule.
 */
import { differentiable, type Real, type RealArray } from '@pullback/rules-core';
import { at, setAt, similar, square, sum } from '@pullback/rules-core/math';

/**
 * Copies into a `Float64Array`: an active value cannot be stored there, so pullback re-runs it
 * as a black box with finite differences and reports the fallback.
 */
// eslint-disable-next-line @pullback/prefer-generic-types -- badcopy returns the talk's Float64Array on purpose
export const badcopy = differentiable(function badcopy(x: RealArray): Float64Array {
  // eslint-disable-next-line @pullback/no-non-generic-storage -- the talk's deliberate mistake
  const y = new Float64Array(x.length);
  // eslint-disable-next-line @pullback/no-typed-array-write -- the talk's deliberate mistake
  y.set(x as ArrayLike<number>);
  return y;
});

/** Copies into `similar(x)`, storage that holds whatever `x` holds: exact in every mode. */
export const goodcopy = differentiable(function goodcopy(x: RealArray): RealArray {
  const y = similar(x);
  for (let i = 0; i < x.length; i++) setAt(y, i, at(x, i));
  return y;
});

/** `badcopy` with a custom rrule (`I' * dy`): reverse mode uses the rule and never runs the body on active values. */
export const badcopy2 = differentiable(
  // eslint-disable-next-line @pullback/prefer-generic-types -- the bad body is kept; the rule fixes it
  function badcopy2(x: RealArray): Float64Array {
    return badcopy(x);
  },
  {
    rrule: ([x]) => [badcopy(x), (dy) => [dy as Float64Array]],
  },
);

/** `f(x) = sum(abs2, x)`, the function the DifferentiationInterface slide differentiates with three backends. */
export function sumOfSquares(x: RealArray): Real {
  return sum(square(x));
}

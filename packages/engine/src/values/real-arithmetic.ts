import type { Real } from '@pullback/rules-core';
import { add, mul } from '@pullback/rules-core/math';

/**
 * Sums and products of tangent entries, which are numbers except inside another
 * differentiation: numbers take the plain operator, exact zeros skip the vocabulary call.
 */

/** `a + b` for reals, numbers first. */
export const plus = (a: Real, b: Real): Real =>
  typeof a === 'number' && typeof b === 'number' ? a + b : a === 0 ? b : b === 0 ? a : add(a, b);

/** `a * b` for reals, numbers first; an exact zero factor gives 0 without a vocabulary call. */
export const times = (a: Real, b: Real): Real =>
  typeof a === 'number' && typeof b === 'number' ? a * b : a === 0 || b === 0 ? 0 : mul(a, b);

/**
 * `partial · tangent` for numbers, zero for a zero tangent even when the partial is NaN or
 * infinite: a NaN in one input must not leak into the derivatives with respect to the others.
 */
export const scaled = (partial: number, tangent: number): number =>
  tangent === 0 ? 0 : partial * tangent;

/** `a + b` for adjoints, keeping exact zeros cheap. */
export function accumulate(a: Real, b: Real): Real {
  if (a === 0) return b;
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  return add(a, b);
}

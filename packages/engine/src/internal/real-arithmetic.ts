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

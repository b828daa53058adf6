import { fdm, type FdmOptions, type FiniteDifferenceMethod } from './fdm.js';

/**
 * A forward finite-difference method of `points` points for the derivative of order `order`
 * (FiniteDifferences.jl's `forward_fdm`); it samples `x` and points after it, for functions defined only to the right of `x`.
 *
 * @example
 * ```ts
 * forwardFdm(5).derivative(Math.exp, 0); // ≈ 1
 * ```
 */
export function forwardFdm(
  points: number,
  order = 1,
  options: Omit<FdmOptions, 'points' | 'order' | 'kind'> = {},
): FiniteDifferenceMethod {
  return fdm({ ...options, points, order, kind: 'forward' });
}

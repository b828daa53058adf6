import { fdm, type FdmOptions, type FiniteDifferenceMethod } from './fdm.js';

/**
 * A backward finite-difference method of `points` points for the derivative of order `order`
 * (FiniteDifferences.jl's `backward_fdm`); it samples `x` and points before it, for functions defined only to the left of `x`.
 *
 * @example
 * ```ts
 * backwardFdm(5).derivative(Math.exp, 0); // ≈ 1
 * ```
 */
export function backwardFdm(
  points: number,
  order = 1,
  options: Omit<FdmOptions, 'points' | 'order' | 'kind'> = {},
): FiniteDifferenceMethod {
  return fdm({ ...options, points, order, kind: 'backward' });
}

import { fdm, type FdmOptions, type FiniteDifferenceMethod } from './fdm.js';

/**
 * A central finite-difference method of `points` points for the derivative of order `order`
 * (FiniteDifferences.jl's `central_fdm`); it samples on both sides of `x`: the most accurate for a given number of points.
 *
 * @example
 * ```ts
 * centralFdm(5).derivative(Math.exp, 0); // ≈ 1
 * ```
 */
export function centralFdm(
  points: number,
  order = 1,
  options: Omit<FdmOptions, 'points' | 'order' | 'kind'> = {},
): FiniteDifferenceMethod {
  return fdm({ ...options, points, order, kind: 'central' });
}

import { flatProblem, partialFd } from '../internal/flat.js';
import type { FdOptions } from './types.js';

/**
 * The Jacobian of a structured function by finite differences, over the flattened input and
 * output (the engine's `jacobian` convention): `rows` output components, `cols` input
 * components, `data` row-major. Components are flattened depth-first in key order; a number
 * output gives one row.
 *
 * @example
 * ```ts
 * const J = jacobianFd((v: number[]) => [v[0] * v[1], v[1]], [2, 3]);
 * // J.data ≈ [3, 2, 0, 1]
 * ```
 */
export function jacobianFd<X>(
  f: (x: X) => unknown,
  x: X,
  options: FdOptions = {},
): { rows: number; cols: number; data: Float64Array } {
  const problem = flatProblem(f as (x: unknown) => unknown, x);
  const rows = problem.outLayout.size;
  const cols = problem.inLayout.size;
  const data = new Float64Array(rows * cols);
  for (let j = 0; j < cols; j++) {
    const column = partialFd(problem, j, options.fdm).value;
    for (let i = 0; i < rows; i++) data[i * cols + j] = column[i];
  }
  return { rows, cols, data };
}

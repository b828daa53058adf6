import { fdArguments } from './fd-arguments.js';
import type { FiniteDifferenceMethod } from './fdm.js';
import { flatProblem, partialFd } from './flat-problem.js';
import type { FdOptions } from './types.js';

/**
 * The Jacobian of a structured function by finite differences, over the flattened input and
 * output (the engine's `jacobian` convention): `rows` output components, `cols` input
 * components, `data` row-major. Components are flattened depth-first in key order; a number
 * output gives one row. The method may come last or first (FiniteDifferences.jl's order).
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
  options?: FdOptions | FiniteDifferenceMethod,
): { rows: number; cols: number; data: Float64Array };
export function jacobianFd<X>(
  method: FiniteDifferenceMethod,
  f: (x: X) => unknown,
  x: X,
): { rows: number; cols: number; data: Float64Array };
export function jacobianFd(...args: unknown[]): { rows: number; cols: number; data: Float64Array } {
  const { f, values, method } = fdArguments(args, 1);
  const problem = flatProblem(f, values[0]);
  const rows = problem.outLayout.size;
  const cols = problem.inLayout.size;
  const data = new Float64Array(rows * cols);
  for (let j = 0; j < cols; j++) {
    const column = partialFd(problem, j, method).value;
    for (let i = 0; i < rows; i++) data[i * cols + j] = column[i];
  }
  return { rows, cols, data };
}

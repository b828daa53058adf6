import { flatProblem, partialFd } from '../internal/flat.js';
import { rebuildResult } from '../internal/layout.js';
import { FiniteDifferenceError } from './finite-difference-error.js';
import type { FdOptions, TangentOf } from './types.js';

/**
 * The gradient of a real-valued structured function by finite differences, one partial
 * derivative per input component, in the structure of `x` (numeric arrays as `Float64Array`).
 *
 * @example
 * ```ts
 * gradientFd(({ a, b }: { a: number; b: number[] }) => a * b[0] + b[1], { a: 2, b: [3, 4] });
 * // ≈ { a: 3, b: Float64Array [2, 1] }
 * ```
 */
export function gradientFd<X>(f: (x: X) => number, x: X, options: FdOptions = {}): TangentOf<X> {
  const problem = flatProblem(f as (x: unknown) => unknown, x);
  if (problem.outLayout.kind !== 'number') {
    throw new FiniteDifferenceError(
      'gradientFd: f must return a number; use jacobianFd for functions with several outputs.',
    );
  }
  const g = new Float64Array(problem.inLayout.size);
  for (let j = 0; j < g.length; j++) g[j] = partialFd(problem, j, options.fdm).value[0];
  return rebuildResult(problem.inLayout, g) as TangentOf<X>;
}

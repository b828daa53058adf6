import { rebuildResult } from '../tree/rebuild.js';
import { fdArguments } from './fd-arguments.js';
import type { FiniteDifferenceMethod } from './fdm.js';
import { FiniteDifferenceError } from './finite-difference-error.js';
import { flatProblem, partialFd } from './flat-problem.js';
import type { FdOptions, TangentOf } from './types.js';

/**
 * The gradient of a real-valued structured function by finite differences, one partial
 * derivative per input component, in the structure of `x` (numeric arrays as `Float64Array`).
 * The method may come last or first (FiniteDifferences.jl's `grad(fdm, f, x)`).
 *
 * @example
 * ```ts
 * gradientFd(({ a, b }: { a: number; b: number[] }) => a * b[0] + b[1], { a: 2, b: [3, 4] });
 * // ≈ { a: 3, b: Float64Array [2, 1] }
 * ```
 */
export function gradientFd<X>(
  f: (x: X) => number,
  x: X,
  options?: FdOptions | FiniteDifferenceMethod,
): TangentOf<X>;
export function gradientFd<X>(
  method: FiniteDifferenceMethod,
  f: (x: X) => number,
  x: X,
): TangentOf<X>;
export function gradientFd(...args: unknown[]): unknown {
  const { f, values, method } = fdArguments(args, 1);
  const problem = flatProblem(f, values[0]);
  if (problem.outLayout.kind !== 'number') {
    throw new FiniteDifferenceError(
      'gradientFd: f must return a number; use jacobianFd for functions with several outputs.',
    );
  }
  const g = new Float64Array(problem.inLayout.size);
  for (let j = 0; j < g.length; j++) g[j] = partialFd(problem, j, method).value[0];
  return rebuildResult(problem.inLayout, g);
}

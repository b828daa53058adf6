import { readTangent, type StructureIssue } from '../tree/read-tangent.js';
import { rebuildResult } from '../tree/rebuild.js';
import { fdArguments } from './fd-arguments.js';
import type { FiniteDifferenceMethod } from './fdm.js';
import { FiniteDifferenceError } from './finite-difference-error.js';
import { directionalFd, flatProblem } from './flat-problem.js';
import type { FdOptions, TangentOf } from './types.js';

/**
 * The Jacobian-vector product `J(x)·tx` of a structured function by finite differences: the
 * derivative of `t ↦ f(x + t·tx)` at 0, in the structure of `f`'s output.
 *
 * `x` may be a number, a numeric array, a `Float64Array`, a matrix, or nested plain objects and
 * arrays of those; `tx` mirrors it (`zeroTangent` and `noTangent` are accepted where the
 * input has no tangent space). `f` is called on fresh copies, never on `x`. The method may
 * come last (`{ fdm }` or the method itself) or first, as in FiniteDifferences.jl.
 *
 * @example
 * ```ts
 * jvpFd((v: number[]) => v[0] * v[1], [2, 3], [1, 0]); // ≈ 3
 * jvpFd(fdm({ points: 7 }), Math.sin, 1, 1); // ≈ cos(1)
 * ```
 */
export function jvpFd<X, Y>(
  f: (x: X) => Y,
  x: X,
  tx: unknown,
  options?: FdOptions | FiniteDifferenceMethod,
): TangentOf<Y>;
export function jvpFd<X, Y>(
  method: FiniteDifferenceMethod,
  f: (x: X) => Y,
  x: X,
  tx: unknown,
): TangentOf<Y>;
export function jvpFd(...args: unknown[]): unknown {
  const { f, values, method } = fdArguments(args, 2);
  const [x, tx] = values;
  const problem = flatProblem(f, x);
  const issues: StructureIssue[] = [];
  const dv = readTangent(problem.inLayout, tx, false, issues);
  if (issues.length > 0) {
    throw new FiniteDifferenceError(
      `jvpFd: the tangent does not fit the input: ${issues
        .map((i) => `${i.path || 'tangent'}: ${i.message}`)
        .join('; ')}.`,
    );
  }
  const est = directionalFd(problem, dv, method);
  return rebuildResult(problem.outLayout, est.value);
}

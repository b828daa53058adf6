import { directionalFd, flatProblem } from '../internal/flat.js';
import { readTangent, rebuildResult, type StructureIssue } from '../internal/layout.js';
import { FiniteDifferenceError } from './finite-difference-error.js';
import type { FdOptions, TangentOf } from './types.js';

/**
 * The Jacobian-vector product `J(x)·tx` of a structured function by finite differences: the
 * derivative of `t ↦ f(x + t·tx)` at 0, in the structure of `f`'s output.
 *
 * `x` may be a number, a numeric array, a `Float64Array`, a matrix, or nested plain objects and
 * arrays of those; `tx` mirrors it (`zeroTangent` and `noTangent` are accepted where the
 * input has no tangent space). `f` is called on fresh copies, never on `x`.
 *
 * @example
 * ```ts
 * jvpFd((v: number[]) => v[0] * v[1], [2, 3], [1, 0]); // ≈ 3
 * ```
 */
export function jvpFd<X, Y>(
  f: (x: X) => Y,
  x: X,
  tx: unknown,
  options: FdOptions = {},
): TangentOf<Y> {
  const problem = flatProblem(f as (x: unknown) => unknown, x);
  const issues: StructureIssue[] = [];
  const dv = readTangent(problem.inLayout, tx, false, issues);
  if (issues.length > 0) {
    throw new FiniteDifferenceError(
      `jvpFd: the tangent does not fit the input: ${issues
        .map((i) => `${i.path || 'tangent'}: ${i.message}`)
        .join('; ')}.`,
    );
  }
  const est = directionalFd(problem, dv, options.fdm);
  return rebuildResult(problem.outLayout, est.value) as TangentOf<Y>;
}

import { BackendOptionError } from '../errors.js';
import { describe } from '../tree/describe.js';
import { structureOf } from '../tree/structure.js';
import { checkOutput } from '../interpreters/user-output.js';
import type { Differentiand, Input } from '../api/types.js';
import type { UserFunction } from '../interpreters/passes.js';
import { detectHessian, detectJacobian, type DetectorKind } from './detect.js';
import type { SparsityPattern } from './pattern.js';

function checkDetector(operator: string, detector: unknown): DetectorKind {
  if (detector === 'global' || detector === 'local') return detector;
  throw new BackendOptionError(
    operator,
    'detector',
    `${operator}(f, detector, x, ...rest): detector must be 'global' (a pattern valid everywhere) or 'local' (the pattern at x), got ${describe(detector)}.`,
  );
}

/** `f` with its output checked (a promise, an escaped active value) as the operators check it. */
function checked(f: Differentiand, operator: string): UserFunction {
  const named = ((x: never, ...rest: never[]) => {
    const y = (f as UserFunction)(x, ...rest);
    checkOutput(y, operator);
    return y;
  }) as UserFunction;
  Object.defineProperty(named, 'name', { value: f.name });
  return named;
}

/**
 * The Jacobian sparsity pattern of `f` at `x` (CSR: row `i` lists the input components output
 * component `i` may depend on), by running `f` once on tracers (the talk's `T <: Real` with
 * index sets; SparseConnectivityTracer's detectors):
 * - `'global'`: valid on the whole domain. `ifElse` contributes both branches; a `primal()`
 *   read, or a comparison whose result reaches JavaScript control flow instead of an `ifElse`,
 *   throws `GlobalSparsityError` (use `ifElse`, or the local detector).
 * - `'local'`: valid at `x`: the branch taken, and without the structural zeros of this point
 *   (`mul(x, 0)`, the losing side of `max`).
 * A function that converts a traced value to a number gets the dense pattern.
 */
export function jacobianSparsity(
  f: Differentiand,
  detector: 'global' | 'local',
  x: Input,
  ...rest: unknown[]
): SparsityPattern {
  const operator = 'jacobianSparsity';
  const d = checkDetector(operator, detector);
  structureOf(x, 'x', operator);
  return detectJacobian(checked(f, operator), x, rest, { operator, detector: d }).pattern;
}

/**
 * The Hessian sparsity pattern of a scalar `f` at `x`: symmetric, `n × n`, row `i` listing the
 * `j` for which ∂²f/∂xᵢ∂xⱼ may be non-zero. Each value carries its first-order dependencies and
 * the pairs of its second-order ones (products pair their factors' inputs, nonlinear functions
 * all pairs of their inputs, linear ones none). Detectors as for `jacobianSparsity`; locally,
 * an argument is dropped only where its zero partial holds around the point (the losing side of
 * `max`, a product with the constant 0), since `square(x)` at 0 still has a second derivative.
 */
export function hessianSparsity(
  f: Differentiand,
  detector: 'global' | 'local',
  x: Input,
  ...rest: unknown[]
): SparsityPattern {
  const operator = 'hessianSparsity';
  const d = checkDetector(operator, detector);
  structureOf(x, 'x', operator);
  return detectHessian(checked(f, operator), x, rest, { operator, detector: d }).pattern;
}

import type { Matrix } from '@pullback/rules-core';
import { warnManyForwardPasses } from '../backends/auto.js';
import { compiledDirection, type Backend } from '../backends/backend.js';
import { compressing } from '../backends/sparse/sparse-backend.js';
import * as core from '../backends/passes.js';
import { compressedJacobian } from '../backends/sparse/compressed.js';
import type { PassContext } from '../interpreters/pass-context.js';
import type { UserFunction } from '../interpreters/passes.js';
import type { CompiledOperators } from '../staging/compiled-operators.js';
import { withCheckedOutput } from '../interpreters/user-output.js';
import { copyValue, unshared } from '../tree/fresh.js';
import { withScratch } from './cache.js';
import { once } from './context.js';
import { labelJacobian, MatrixLabels } from './matrix-paths.js';
import { plan } from './plan.js';
import { type EagerAnswer, type Prepared, Preparation, type RestOrNone } from './preparation.js';
import type {
  Input,
  Value,
  RealStructure,
  Differentiand,
  ExtraArguments,
  DerivativeMatrix,
  SparseDerivativeMatrix,
  MatrixFor,
  Like,
} from './types.js';

/**
 * `valueAndJacobian` as the unprepared operators and the prepared objects run it: messages name the
 * operator the user called (`ctx.operator`), and the result is memory of the caller's own
 * (values copied, derivatives unshared with the inputs and each other).
 */
export function runValueAndJacobian(
  f: Differentiand,
  backend: Backend,
  x: unknown,
  rest: readonly unknown[],
  ctx: PassContext,
): [Value, DerivativeMatrix | SparseDerivativeMatrix] {
  rest = withScratch(rest);
  const sparse = compressing(backend);
  if (sparse !== undefined) {
    // The sparsity detector evaluates f too: a promise must be refused (and handled) there.
    const checked = withCheckedOutput(f as UserFunction, ctx.operator);
    const { y, jacobian } = compressedJacobian(checked, sparse, x, rest, ctx);
    return [copyValue(y) as Value, jacobian];
  }
  const resolved = plan(f, backend, 'jacobian', x, rest, ctx.operator).backend;
  const { y, jacobian } = core.valueAndJacobian(f as UserFunction, resolved, x, rest, ctx);
  warnManyForwardPasses(ctx.operator, resolved, jacobian.cols, jacobian.rows);
  const [value, matrix] = unshared([copyValue(y), jacobian], [x]) as [Value, Matrix<Float64Array>];
  return [value, labelJacobian(matrix, value, x)];
}

/**
 * The value of `f(x)` and its Jacobian over the flattened input and output (a CSR
 * `SparseMatrix` with a `sparse(...)` backend), labelled by `rowPaths` and `colPaths`.
 */
export function valueAndJacobian<
  X extends Input,
  R,
  Rest extends readonly unknown[] = [],
  B extends Backend = Backend,
>(
  f: Differentiand<NoInfer<X>, RealStructure<R>, ExtraArguments<Rest>>,
  backend: B,
  x: X,
  ...rest: Rest
): [Value, MatrixFor<B>] {
  return once('valueAndJacobian', backend, x, (ctx) =>
    runValueAndJacobian(f, backend, x, rest, ctx),
  ) as [Value, MatrixFor<B>];
}

/**
 * The Jacobian of `f` at `x`: `{ rows: m, cols: n, data }`, row-major over the flattened output
 * and input, with `rowPaths` (of `f(x)`) and `colPaths` (of `x`); with a `sparse(...)` backend a
 * CSR `SparseMatrix` `{ rows, cols, rowPtr, colIdx, values }` (see `toDense`). `f` returns any
 * structure of reals.
 */
export function jacobian<
  X extends Input,
  R,
  Rest extends readonly unknown[] = [],
  B extends Backend = Backend,
>(
  f: Differentiand<NoInfer<X>, RealStructure<R>, ExtraArguments<Rest>>,
  backend: B,
  x: X,
  ...rest: Rest
): MatrixFor<B> {
  return once('jacobian', backend, x, (ctx) =>
    runValueAndJacobian(f, backend, x, rest, ctx),
  )[1] as MatrixFor<B>;
}

/** A prepared `jacobian` (`M` is the matrix type: dense, or CSR for a `sparse(...)` backend). */
export interface JacobianPrep<
  X,
  Rest extends readonly unknown[] = unknown[],
  M = DerivativeMatrix,
> extends Prepared {
  /** The Jacobian at `x`: rows over `f(x)`'s flattened components, columns over `x`'s. */
  jacobian(x: Like<X>, ...rest: RestOrNone<Rest>): M;
  /** `f(x)` and the Jacobian. */
  valueAndJacobian(x: Like<X>, ...rest: RestOrNone<Rest>): [Value, M];
}

/**
 * The preparation behind `prepareJacobian` (and `prepareJacobianInPlace`): its eager answer, the
 * direction its compiled path runs in (whose kernel is generated here) and its matrix labels,
 * found once rather than per call.
 */
export function jacobianPreparation(
  f: Differentiand,
  backend: Backend,
  x: unknown,
  rest: readonly unknown[],
): {
  p: Preparation;
  eager: EagerAnswer<[Value, DerivativeMatrix | SparseDerivativeMatrix]>;
  direction: 'forward' | 'reverse';
  labels: MatrixLabels;
} {
  const p = new Preparation('jacobian', f, backend, x, rest);
  const eager = (
    x: unknown,
    _: unknown,
    args: readonly unknown[],
  ): [Value, DerivativeMatrix | SparseDerivativeMatrix] => {
    if (p.sparsity !== undefined) {
      const { y, jacobian } = p.sparsity.valueAndJacobian(x, args, p.ctx);
      return [copyValue(y) as Value, jacobian];
    }
    return runValueAndJacobian(f, p.backend, x, args, p.ctx);
  };
  const direction = compiledDirection(p.backend);
  if (direction === 'reverse') p.generate('reverse', 0, true);
  else p.generate('forward', p.firstChunk(), true);
  return { p, eager, direction, labels: new MatrixLabels(p.structure) };
}

/** Prepares `jacobian` of `f` for inputs shaped like `x` (`auto()` picks the mode here, once). */
export function prepareJacobian<
  X extends Input,
  R,
  Rest extends readonly unknown[] = [],
  B extends Backend = Backend,
>(
  f: Differentiand<NoInfer<X>, RealStructure<R>, ExtraArguments<Rest>>,
  backend: B,
  x: X,
  ...rest: Rest
): JacobianPrep<X, Rest, MatrixFor<B>> {
  type Result = [Value, DerivativeMatrix | SparseDerivativeMatrix];
  const { p, eager, direction, labels } = jacobianPreparation(f, backend, x, rest);
  const compiled = (ops: CompiledOperators, x: unknown, _: unknown, args: readonly unknown[]) => {
    const result = ops.valueAndJacobian(x, args, direction, p.chunk()) as
      [Value, Matrix<Float64Array>] | undefined;
    const out = ops.output();
    if (result === undefined || out === undefined) return undefined;
    labels.jacobian(result[1], out);
    return result as Result;
  };
  return Object.assign(p.common(), {
    valueAndJacobian: p.method('valueAndJacobian', eager, compiled),
    jacobian: p.method(
      'jacobian',
      (x, a, args) => eager(x, a, args)[1],
      // Without the value: nothing is copied or paired besides the matrix.
      (ops, x, _, args) => {
        const J = ops.jacobian(x, args, direction, p.chunk());
        const out = ops.output();
        return J && out && labels.jacobian(J, out);
      },
    ),
  }) as unknown as JacobianPrep<X, Rest, MatrixFor<B>>;
}

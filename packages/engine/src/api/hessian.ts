import type { Matrix, Real } from '@pullback/rules-core';
import { compressing } from '../backends/sparse/sparse-backend.js';
import { planSecondOrder } from '../backends/auto.js';
import type { Backend } from '../backends/backend.js';
import { basis } from '../backends/dense-passes.js';
import { gradientAndHvps } from '../backends/second-order.js';
import { compressedHessian } from '../backends/sparse/compressed.js';
import type { PassContext } from '../interpreters/pass-context.js';
import type { UserFunction } from '../interpreters/passes.js';
import type { CompiledOperators } from '../staging/compiled-operators.js';
import { withCheckedOutput } from '../interpreters/user-output.js';
import { unshared } from '../tree/fresh.js';
import { sizeOf, structureOf } from '../tree/structure.js';
import { flattenReal } from '../tree/structure.js';
import { withScratch } from './cache.js';
import { once } from './context.js';
import { labelHessian, MatrixLabels } from './matrix-paths.js';
import { type Prepared, Preparation, type RestOrNone } from './preparation.js';
import type {
  Input,
  Value,
  Differentiand,
  ExtraArguments,
  DerivativeMatrix,
  SparseDerivativeMatrix,
  MatrixFor,
  OneReal,
  Like,
} from './types.js';

/**
 * `valueGradientAndHessian` as the unprepared operators and the prepared objects run it: messages name the
 * operator the user called (`ctx.operator`), and the result is memory of the caller's own
 * (values copied, derivatives unshared with the inputs and each other).
 */
export function runValueGradientAndHessian(
  f: Differentiand,
  backend: Backend,
  x: unknown,
  rest: readonly unknown[],
  ctx: PassContext,
): [Real, Value, DerivativeMatrix | SparseDerivativeMatrix] {
  rest = withScratch(rest);
  const sparse = compressing(backend);
  if (sparse !== undefined) {
    const checked = withCheckedOutput(f as UserFunction, ctx.operator);
    const { y, gradient, hessian } = compressedHessian(checked, sparse, x, rest, ctx);
    return [y, unshared([gradient], [x])[0] as Value, hessian];
  }
  const { outer, inner } = planSecondOrder(backend, 'hessian');
  const xs = structureOf(x);
  const n = sizeOf(xs);
  const directions = Array.from({ length: n }, (_, j) => basis(xs, n, j));
  const { y, gradient, hvps } = gradientAndHvps(
    f as UserFunction,
    outer,
    inner,
    x,
    rest,
    directions,
    ctx,
  );
  const data = new Float64Array(n * n);
  const columns = hvps.map((h) => flattenReal(h, xs));
  const nested = columns.some((c) => !(c instanceof Float64Array));
  const entries: Real[] | undefined = nested ? new Array<Real>(n * n) : undefined;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      if (entries !== undefined) entries[i * n + j] = columns[j][i];
      else data[i * n + j] = columns[j][i] as number;
    }
  }
  const hessian = { rows: n, cols: n, data: (entries ?? data) as Float64Array };
  const [value, g, matrix] = unshared([y, gradient, hessian], [x]) as [
    Real,
    Value,
    Matrix<Float64Array>,
  ];
  return [value, g, labelHessian(matrix, x)];
}

/**
 * The value, gradient and Hessian of a scalar function (the Hessian from batched hvps; a CSR
 * `SparseMatrix` with a `sparse(...)` backend), labelled by `rowPaths` and `colPaths`.
 */
export function valueGradientAndHessian<
  X extends Input,
  R,
  Rest extends readonly unknown[] = [],
  B extends Backend = Backend,
>(
  f: Differentiand<NoInfer<X>, OneReal<R>, ExtraArguments<Rest>>,
  backend: B,
  x: X,
  ...rest: Rest
): [Real, Like<X>, MatrixFor<B>] {
  return once('valueGradientAndHessian', backend, x, (ctx) =>
    runValueGradientAndHessian(f, backend, x, rest, ctx),
  ) as [Real, Like<X>, MatrixFor<B>];
}

/**
 * The Hessian of a scalar function over the flattened input: `{ rows: n, cols: n, data }` with
 * `rowPaths` and `colPaths` (both `x`'s paths); with a `sparse(...)` backend a symmetric CSR
 * `SparseMatrix` from one Hessian-vector product per color.
 */
export function hessian<
  X extends Input,
  R,
  Rest extends readonly unknown[] = [],
  B extends Backend = Backend,
>(
  f: Differentiand<NoInfer<X>, OneReal<R>, ExtraArguments<Rest>>,
  backend: B,
  x: X,
  ...rest: Rest
): MatrixFor<B> {
  return once('hessian', backend, x, (ctx) =>
    runValueGradientAndHessian(f, backend, x, rest, ctx),
  )[2] as MatrixFor<B>;
}

/** A prepared `hessian` (`M` is the matrix type: dense, or CSR for a `sparse(...)` backend). */
export interface HessianPrep<
  X,
  Rest extends readonly unknown[] = unknown[],
  M = DerivativeMatrix,
> extends Prepared {
  /** The Hessian at `x`, over `x`'s flattened components. */
  hessian(x: Like<X>, ...rest: RestOrNone<Rest>): M;
  /** `f(x)`, the gradient and the Hessian. */
  valueGradientAndHessian(x: Like<X>, ...rest: RestOrNone<Rest>): [Real, Like<X>, M];
}

/** Prepares `hessian` of `f` for inputs shaped like `x`. */
export function prepareHessian<
  X extends Input,
  R,
  Rest extends readonly unknown[] = [],
  B extends Backend = Backend,
>(
  f: Differentiand<NoInfer<X>, OneReal<R>, ExtraArguments<Rest>>,
  backend: B,
  x: X,
  ...rest: Rest
): HessianPrep<X, Rest, MatrixFor<B>> {
  type Result = [Real, Like<X>, DerivativeMatrix | SparseDerivativeMatrix];
  const p = new Preparation('hessian', f, backend, x, rest);
  p.generate('reverse', p.firstChunk(), true);
  const eager = (x: unknown, _: unknown, args: readonly unknown[]): Result => {
    if (p.sparsity !== undefined) {
      const { y, gradient, hessian } = p.sparsity.valueGradientAndHessian(x, args, p.ctx);
      return [y, unshared([gradient], [x])[0] as Like<X>, hessian];
    }
    return runValueGradientAndHessian(f, p.backend, x, args, p.ctx) as Result;
  };
  // Labelled with paths found once, not per call.
  const labels = new MatrixLabels(p.structure);
  const compiled = (ops: CompiledOperators, x: unknown, _: unknown, args: readonly unknown[]) => {
    const result = ops.valueGradientAndHessian(x, args, p.chunk()) as
      [Real, Like<X>, Matrix<Float64Array>] | undefined;
    if (result === undefined) return undefined;
    labels.hessian(result[2]);
    return result as Result;
  };
  return Object.assign(p.common(), {
    valueGradientAndHessian: p.method('valueGradientAndHessian', eager, compiled),
    hessian: p.method(
      'hessian',
      (x, a, args) => eager(x, a, args)[2],
      // Without the value and the gradient: nothing is copied besides the matrix.
      (ops, x, _, args) => {
        const H = ops.hessian(x, args, p.chunk());
        return H && labels.hessian(H);
      },
    ),
  }) as unknown as HessianPrep<X, Rest, MatrixFor<B>>;
}

import type { Matrix, Real } from '@pullback/rules-core';
import type { Backend } from '../backends.js';
import { basis } from '../internal/core.js';
import { planSecondOrder } from '../internal/resolve.js';
import { gradientAndHvps, valueDerivativeAndSecond } from '../internal/second-order.js';
import { flattenReal, sizeOf, structureOf } from '../internal/structure.js';
import type { PassContext } from '../passes/context.js';
import type { UserFunction } from '../passes/run.js';
import { once } from './context.js';
import { requireShapeOfInput } from './same-shape.js';
import { compressedHessian } from '../sparsity/compressed.js';
import { requireRealInput } from './first-order.js';
import { copyValue, unshared } from '../internal/fresh.js';
import { withCheckedOutput } from '../internal/user-output.js';
import type {
  DerivativeMatrix,
  Differentiand,
  Input,
  Like,
  MatrixFor,
  SparseDerivativeMatrix,
  Value,
} from './types.js';
import { labelHessian } from './matrix-paths.js';

/** Implementations shared by the unprepared operators and the prepared objects. */
export const secondOrderOps = {
  valueDerivativeAndSecondDerivative(
    f: Differentiand,
    backend: Backend,
    x: unknown,
    rest: readonly unknown[],
    ctx: PassContext,
  ): [Value, Value, Value] {
    requireRealInput(ctx.operator, x);
    const { outer, inner } = planSecondOrder(backend, 'secondDerivative');
    const { y, dy, d2y } = valueDerivativeAndSecond(
      f as UserFunction,
      outer,
      inner,
      x as Real,
      rest,
      ctx,
    );
    return unshared([copyValue(y), copyValue(dy), copyValue(d2y)], [x]) as [Value, Value, Value];
  },
  gradientAndHvp(
    f: Differentiand,
    backend: Backend,
    x: unknown,
    v: unknown,
    rest: readonly unknown[],
    ctx: PassContext,
  ): [Value, Value] {
    requireShapeOfInput(ctx.operator, 'v', v, x);
    const { outer, inner } = planSecondOrder(backend, 'hvp');
    const { gradient, hvps } = gradientAndHvps(f as UserFunction, outer, inner, x, rest, [v], ctx);
    return unshared([gradient, hvps[0]], [x, v]) as [Value, Value];
  },
  valueGradientAndHessian(
    f: Differentiand,
    backend: Backend,
    x: unknown,
    rest: readonly unknown[],
    ctx: PassContext,
  ): [Real, Value, DerivativeMatrix | SparseDerivativeMatrix] {
    if (backend.kind === 'sparse') {
      const checked = withCheckedOutput(f as UserFunction, ctx.operator);
      const { y, gradient, hessian } = compressedHessian(checked, backend, x, rest, ctx);
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
  },
};

/** `f(x)`, `f'(x)` and `f''(x)` for a function of one real. */
export function valueDerivativeAndSecondDerivative(
  f: Differentiand,
  backend: Backend,
  x: Real,
  ...rest: unknown[]
): [Value, Value, Value] {
  return once('valueDerivativeAndSecondDerivative', backend, x, (ctx) =>
    secondOrderOps.valueDerivativeAndSecondDerivative(f, backend, x, rest, ctx),
  );
}

/** The second derivative of a function of one real. */
export function secondDerivative(
  f: Differentiand,
  backend: Backend,
  x: Real,
  ...rest: unknown[]
): Value {
  return once('secondDerivative', backend, x, (ctx) =>
    secondOrderOps.valueDerivativeAndSecondDerivative(f, backend, x, rest, ctx),
  )[2];
}

/** The gradient of a scalar function and its Hessian-vector product with `v`, sharing one pass. */
export function gradientAndHvp<X extends Input>(
  f: Differentiand,
  backend: Backend,
  x: X,
  v: Like<X>,
  ...rest: unknown[]
): [Like<X>, Like<X>] {
  return once('gradientAndHvp', backend, x, (ctx) =>
    secondOrderOps.gradientAndHvp(f, backend, x, v, rest, ctx),
  ) as [Like<X>, Like<X>];
}

/** The Hessian-vector product `∇²f(x) v` (forward-over-reverse by default), in `x`'s structure. */
export function hvp<X extends Input>(
  f: Differentiand,
  backend: Backend,
  x: X,
  v: Like<X>,
  ...rest: unknown[]
): Like<X> {
  return once('hvp', backend, x, (ctx) =>
    secondOrderOps.gradientAndHvp(f, backend, x, v, rest, ctx),
  )[1] as Like<X>;
}

/**
 * The value, gradient and Hessian of a scalar function (the Hessian from batched hvps; a CSR
 * `SparseMatrix` with a `sparse(...)` backend), labelled by `rowPaths` and `colPaths`.
 */
export function valueGradientAndHessian<X extends Input, B extends Backend = Backend>(
  f: Differentiand,
  backend: B,
  x: X,
  ...rest: unknown[]
): [Real, Like<X>, MatrixFor<B>] {
  return once('valueGradientAndHessian', backend, x, (ctx) =>
    secondOrderOps.valueGradientAndHessian(f, backend, x, rest, ctx),
  ) as [Real, Like<X>, MatrixFor<B>];
}

/**
 * The Hessian of a scalar function over the flattened input: `{ rows: n, cols: n, data }` with
 * `rowPaths` and `colPaths` (both `x`'s paths); with a `sparse(...)` backend a symmetric CSR
 * `SparseMatrix` from one Hessian-vector product per color.
 */
export function hessian<B extends Backend>(
  f: Differentiand,
  backend: B,
  x: Input,
  ...rest: unknown[]
): MatrixFor<B> {
  return once('hessian', backend, x, (ctx) =>
    secondOrderOps.valueGradientAndHessian(f, backend, x, rest, ctx),
  )[2] as MatrixFor<B>;
}

import type { Matrix, Real } from '@pullback/rules-core';
import type { Backend } from '../backends/backend.js';
import { basis } from '../backends/passes.js';
import { planSecondOrder } from '../backends/auto.js';
import { gradientAndHvps, valueDerivativeAndSecond } from '../backends/second-order.js';
import { flattenReal, sizeOf, structureOf } from '../tree/structure.js';
import type { PassContext } from '../interpreters/pass-context.js';
import type { UserFunction } from '../interpreters/passes.js';
import { withScratch } from './cache.js';
import { once } from './context.js';
import { requireShapeOfInput } from './same-shape.js';
import { directionsOf, type TangentBatch } from './tangents.js';
import { compressedHessian } from '../backends/sparse/compressed.js';
import { requireRealInput } from './first-order.js';
import { copyValue, unshared } from '../tree/fresh.js';
import { withCheckedOutput } from '../interpreters/user-output.js';
import type {
  DerivativeMatrix,
  Differentiand,
  ExtraArguments,
  Input,
  Like,
  MatrixFor,
  OneReal,
  RealStructure,
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
    rest = withScratch(rest);
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
  ): [Value, Value | Value[]] {
    rest = withScratch(rest);
    const { batched, items } = directionsOf(v);
    items.forEach((d, k) => requireShapeOfInput(ctx.operator, batched ? `v[${k}]` : 'v', d, x));
    const { outer, inner } = planSecondOrder(backend, 'hvp');
    // With a forward outer backend the whole batch rides one chunked pass over the gradient.
    const { gradient, hvps } = gradientAndHvps(
      f as UserFunction,
      outer,
      inner,
      x,
      rest,
      items,
      ctx,
    );
    return unshared([gradient, batched ? hvps : hvps[0]], [x, ...items]) as [Value, Value];
  },
  valueGradientAndHessian(
    f: Differentiand,
    backend: Backend,
    x: unknown,
    rest: readonly unknown[],
    ctx: PassContext,
  ): [Real, Value, DerivativeMatrix | SparseDerivativeMatrix] {
    rest = withScratch(rest);
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

/** `f(x)`, `f'(x)` and `f''(x)` for a function of one real (its output any structure of reals). */
export function valueDerivativeAndSecondDerivative<R, Rest extends readonly unknown[] = []>(
  f: Differentiand<number, RealStructure<R>, ExtraArguments<Rest>>,
  backend: Backend,
  x: Real,
  ...rest: Rest
): [Value, Value, Value] {
  return once('valueDerivativeAndSecondDerivative', backend, x, (ctx) =>
    secondOrderOps.valueDerivativeAndSecondDerivative(f, backend, x, rest, ctx),
  );
}

/** The second derivative of a function of one real (its output any structure of reals). */
export function secondDerivative<R, Rest extends readonly unknown[] = []>(
  f: Differentiand<number, RealStructure<R>, ExtraArguments<Rest>>,
  backend: Backend,
  x: Real,
  ...rest: Rest
): Value {
  return once('secondDerivative', backend, x, (ctx) =>
    secondOrderOps.valueDerivativeAndSecondDerivative(f, backend, x, rest, ctx),
  )[2];
}

/**
 * The gradient of a scalar function and its Hessian-vector product with `v`, sharing one pass;
 * given a batch `tangents(v1, v2, …)`, the gradient and one product per direction.
 */
export function gradientAndHvp<X extends Input, R, Rest extends readonly unknown[] = []>(
  f: Differentiand<NoInfer<X>, OneReal<R>, ExtraArguments<Rest>>,
  backend: Backend,
  x: X,
  v: TangentBatch<Like<X>>,
  ...rest: Rest
): [Like<X>, Like<X>[]];
export function gradientAndHvp<X extends Input, R, Rest extends readonly unknown[] = []>(
  f: Differentiand<NoInfer<X>, OneReal<R>, ExtraArguments<Rest>>,
  backend: Backend,
  x: X,
  v: Like<X>,
  ...rest: Rest
): [Like<X>, Like<X>];
export function gradientAndHvp<X extends Input>(
  f: Differentiand,
  backend: Backend,
  x: X,
  v: Like<X> | TangentBatch<Like<X>>,
  ...rest: unknown[]
): [Like<X>, Like<X> | Like<X>[]] {
  return once('gradientAndHvp', backend, x, (ctx) =>
    secondOrderOps.gradientAndHvp(f, backend, x, v, rest, ctx),
  ) as [Like<X>, Like<X>];
}

/**
 * The Hessian-vector product `∇²f(x) v` (forward-over-reverse by default), in `x`'s structure;
 * given a batch `tangents(v1, v2, …)`, an array with one product per direction, from one
 * chunked forward pass over the gradient.
 */
export function hvp<X extends Input, R, Rest extends readonly unknown[] = []>(
  f: Differentiand<NoInfer<X>, OneReal<R>, ExtraArguments<Rest>>,
  backend: Backend,
  x: X,
  v: TangentBatch<Like<X>>,
  ...rest: Rest
): Like<X>[];
export function hvp<X extends Input, R, Rest extends readonly unknown[] = []>(
  f: Differentiand<NoInfer<X>, OneReal<R>, ExtraArguments<Rest>>,
  backend: Backend,
  x: X,
  v: Like<X>,
  ...rest: Rest
): Like<X>;
export function hvp<X extends Input>(
  f: Differentiand,
  backend: Backend,
  x: X,
  v: Like<X> | TangentBatch<Like<X>>,
  ...rest: unknown[]
): Like<X> | Like<X>[] {
  return once('hvp', backend, x, (ctx) =>
    secondOrderOps.gradientAndHvp(f, backend, x, v, rest, ctx),
  )[1] as Like<X>;
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
    secondOrderOps.valueGradientAndHessian(f, backend, x, rest, ctx),
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
    secondOrderOps.valueGradientAndHessian(f, backend, x, rest, ctx),
  )[2] as MatrixFor<B>;
}

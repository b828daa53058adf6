import type { Matrix, Real } from '@pullback/rules-core';
import type { Backend } from '../backends/backend.js';
import { UnsupportedInputError } from '../errors.js';
import * as core from '../backends/passes.js';
import { describe } from '../tree/describe.js';
import { copyValue, unshared } from '../tree/fresh.js';
import { planFirstOrder, warnManyForwardPasses, type Family } from '../backends/auto.js';
import { primalDeep } from '../tree/primal-deep.js';
import { sizeOf, structureOf } from '../tree/structure.js';
import { checkOutput, withCheckedOutput } from '../interpreters/user-output.js';
import type { PassContext } from '../interpreters/pass-context.js';
import type { UserFunction } from '../interpreters/passes.js';
import { withScratch } from './cache.js';
import { once } from './context.js';
import { directionsOf, type TangentBatch } from './tangents.js';
import { requireCotangentShape, requireShapeOfInput } from './same-shape.js';
import { compressedJacobian } from '../backends/sparse/compressed.js';
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
import { labelJacobian } from './matrix-paths.js';

/**
 * The number of scalars `f` returns at `x` (one extra call of `f`, on a copy: `f` may write
 * into its input).
 */
function outputSize(f: Differentiand, x: unknown, rest: readonly unknown[], operator: string) {
  const y = (f as UserFunction)(copyValue(x) as never, ...(rest as never[]));
  checkOutput(y, operator);
  return sizeOf(structureOf(primalDeep(y), 'f(x)', operator));
}

/** Resolves `backend` for `family` at `x`, measuring sizes only when `auto()` needs them. */
export function plan(
  f: Differentiand,
  backend: Backend,
  family: Family,
  x: unknown,
  rest: readonly unknown[],
  operator: string = family,
) {
  const p = planFirstOrder(backend, family, () => ({
    n: sizeOf(structureOf(x)),
    m: outputSize(f, x, rest, operator),
  }));
  // A Jacobian's output size is known for free once it is computed: it warns then.
  if (family === 'gradient' && p.backend.kind === 'forward')
    warnManyForwardPasses(operator, p.backend, sizeOf(structureOf(x)), 1);
  return p;
}

/** Checks that `x` is one real, for the derivative operators. */
export function requireRealInput(op: string, x: unknown): void {
  if (
    typeof x === 'number' ||
    (typeof x === 'object' && x !== null && !('length' in x) && structureOf(x).kind === 'number')
  )
    return;
  throw new UnsupportedInputError(
    `${op} differentiates a function of one real number, but x is ${describe(x)}; use ` +
      'pushforward or jacobian for array inputs.',
  );
}

/**
 * Implementations shared by the unprepared operators and the prepared objects. Each names the
 * operator the user called (`ctx.operator`) in its messages, and returns memory of the
 * caller's own: values copied, derivatives unshared with the inputs and each other.
 */
export const firstOrder = {
  valueAndPushforward(
    f: Differentiand,
    backend: Backend,
    x: unknown,
    tx: unknown,
    rest: readonly unknown[],
    ctx: PassContext,
  ): [Value, Value | Value[]] {
    rest = withScratch(rest);
    const { batched, items } = directionsOf(tx);
    items.forEach((t, k) => requireShapeOfInput(ctx.operator, batched ? `tx[${k}]` : 'tx', t, x));
    // A batch rides one chunked forward pass (or one recording swept once per output).
    const { y, tys } = core.valueAndPushforwards(
      f as UserFunction,
      plan(f, backend, 'pushforward', x, rest, ctx.operator).backend,
      x,
      rest,
      items,
      ctx,
    );
    const out = tys.map(copyValue) as Value[];
    return unshared([copyValue(y), batched ? out : out[0]], [x, ...items]) as [Value, Value];
  },
  valueAndPullback(
    f: Differentiand,
    backend: Backend,
    x: unknown,
    dy: unknown,
    rest: readonly unknown[],
    ctx: PassContext,
  ): [Value, Value | Value[]] {
    rest = withScratch(rest);
    const { batched, items } = directionsOf(dy);
    // One recording; a batch of cotangents is one sweep each.
    const { y, pullback } = core.valueAndPullbackFn(
      f as UserFunction,
      plan(f, backend, 'pullback', x, rest, ctx.operator).backend,
      x,
      rest,
      ctx,
    );
    for (const d of items) requireCotangentShape(ctx.operator, d, y);
    const out = items.map((d) => pullback(d)) as Value[];
    return unshared([copyValue(y), batched ? out : out[0]], [x, ...items]) as [Value, Value];
  },
  valueAndDerivative(
    f: Differentiand,
    backend: Backend,
    x: unknown,
    rest: readonly unknown[],
    ctx: PassContext,
  ): [Value, Value] {
    rest = withScratch(rest);
    requireRealInput(ctx.operator, x);
    const { y, tys } = core.valueAndPushforwards(
      f as UserFunction,
      plan(f, backend, 'derivative', x, rest, ctx.operator).backend,
      x,
      rest,
      [1],
      ctx,
    );
    return unshared([copyValue(y), copyValue(tys[0])], [x]) as [Value, Value];
  },
  valueAndGradient(
    f: Differentiand,
    backend: Backend,
    x: unknown,
    rest: readonly unknown[],
    ctx: PassContext,
  ): [Real, Value] {
    rest = withScratch(rest);
    const { y, gradient } = core.valueAndGradient(
      f as UserFunction,
      plan(f, backend, 'gradient', x, rest, ctx.operator).backend,
      x,
      rest,
      ctx,
    );
    return unshared([y, gradient], [x]) as [Real, Value];
  },
  valueAndJacobian(
    f: Differentiand,
    backend: Backend,
    x: unknown,
    rest: readonly unknown[],
    ctx: PassContext,
  ): [Value, DerivativeMatrix | SparseDerivativeMatrix] {
    rest = withScratch(rest);
    if (backend.kind === 'sparse') {
      // The sparsity detector evaluates f too: a promise must be refused (and handled) there.
      const checked = withCheckedOutput(f as UserFunction, ctx.operator);
      const { y, jacobian } = compressedJacobian(checked, backend, x, rest, ctx);
      return [copyValue(y) as Value, jacobian];
    }
    const resolved = plan(f, backend, 'jacobian', x, rest, ctx.operator).backend;
    const { y, jacobian } = core.valueAndJacobian(f as UserFunction, resolved, x, rest, ctx);
    warnManyForwardPasses(ctx.operator, resolved, jacobian.cols, jacobian.rows);
    const [value, matrix] = unshared([copyValue(y), jacobian], [x]) as [
      Value,
      Matrix<Float64Array>,
    ];
    return [value, labelJacobian(matrix, value, x)];
  },
};

/**
 * The value of `f(x)` and its pushforward (Jacobian-vector product) along `tx`; given a batch
 * `tangents(t1, t2, …)`, one pushforward per direction, from one chunked pass.
 */
export function valueAndPushforward<X extends Input, R, Rest extends readonly unknown[] = []>(
  f: Differentiand<NoInfer<X>, RealStructure<R>, ExtraArguments<Rest>>,
  backend: Backend,
  x: X,
  tx: TangentBatch<Like<X>>,
  ...rest: Rest
): [Value, Value[]];
export function valueAndPushforward<X extends Input, R, Rest extends readonly unknown[] = []>(
  f: Differentiand<NoInfer<X>, RealStructure<R>, ExtraArguments<Rest>>,
  backend: Backend,
  x: X,
  tx: Like<X>,
  ...rest: Rest
): [Value, Value];
export function valueAndPushforward<X extends Input>(
  f: Differentiand,
  backend: Backend,
  x: X,
  tx: Like<X> | TangentBatch<Like<X>>,
  ...rest: unknown[]
): [Value, Value | Value[]] {
  return once('valueAndPushforward', backend, x, (ctx) =>
    firstOrder.valueAndPushforward(f, backend, x, tx, rest, ctx),
  );
}

/**
 * The pushforward (Jacobian-vector product) of `f` at `x` along `tx`, in `f(x)`'s structure;
 * given a batch `tangents(t1, t2, …)`, an array with one pushforward per direction, from one
 * chunked forward pass.
 */
export function pushforward<X extends Input, R, Rest extends readonly unknown[] = []>(
  f: Differentiand<NoInfer<X>, RealStructure<R>, ExtraArguments<Rest>>,
  backend: Backend,
  x: X,
  tx: TangentBatch<Like<X>>,
  ...rest: Rest
): Value[];
export function pushforward<X extends Input, R, Rest extends readonly unknown[] = []>(
  f: Differentiand<NoInfer<X>, RealStructure<R>, ExtraArguments<Rest>>,
  backend: Backend,
  x: X,
  tx: Like<X>,
  ...rest: Rest
): Value;
export function pushforward<X extends Input>(
  f: Differentiand,
  backend: Backend,
  x: X,
  tx: Like<X> | TangentBatch<Like<X>>,
  ...rest: unknown[]
): Value | Value[] {
  return once('pushforward', backend, x, (ctx) =>
    firstOrder.valueAndPushforward(f, backend, x, tx, rest, ctx),
  )[1];
}

/**
 * The value of `f(x)` and its pullback (vector-Jacobian product) of `dy`, in `x`'s structure.
 * `dy` is shaped like `f(x)` (a `ShapeMismatchError` says so otherwise); given a batch
 * `tangents(dy1, dy2, …)`, one pullback per cotangent, from one recording.
 */
export function valueAndPullback<X extends Input, R, Rest extends readonly unknown[] = []>(
  f: Differentiand<NoInfer<X>, RealStructure<R>, ExtraArguments<Rest>>,
  backend: Backend,
  x: X,
  dy: TangentBatch<Value>,
  ...rest: Rest
): [Value, Like<X>[]];
export function valueAndPullback<X extends Input, R, Rest extends readonly unknown[] = []>(
  f: Differentiand<NoInfer<X>, RealStructure<R>, ExtraArguments<Rest>>,
  backend: Backend,
  x: X,
  dy: Value,
  ...rest: Rest
): [Value, Like<X>];
export function valueAndPullback<X extends Input>(
  f: Differentiand,
  backend: Backend,
  x: X,
  dy: Value | TangentBatch<Value>,
  ...rest: unknown[]
): [Value, Like<X> | Like<X>[]] {
  return once('valueAndPullback', backend, x, (ctx) =>
    firstOrder.valueAndPullback(f, backend, x, dy, rest, ctx),
  ) as [Value, Like<X>];
}

/**
 * The pullback (vector-Jacobian product) of `f` at `x` applied to `dy`, in `x`'s structure.
 * `dy` is shaped like `f(x)` (a `ShapeMismatchError` says so otherwise); given a batch
 * `tangents(dy1, dy2, …)`, an array with one pullback per cotangent: one recording, one sweep
 * each.
 */
export function pullback<X extends Input, R, Rest extends readonly unknown[] = []>(
  f: Differentiand<NoInfer<X>, RealStructure<R>, ExtraArguments<Rest>>,
  backend: Backend,
  x: X,
  dy: TangentBatch<Value>,
  ...rest: Rest
): Like<X>[];
export function pullback<X extends Input, R, Rest extends readonly unknown[] = []>(
  f: Differentiand<NoInfer<X>, RealStructure<R>, ExtraArguments<Rest>>,
  backend: Backend,
  x: X,
  dy: Value,
  ...rest: Rest
): Like<X>;
export function pullback<X extends Input>(
  f: Differentiand,
  backend: Backend,
  x: X,
  dy: Value | TangentBatch<Value>,
  ...rest: unknown[]
): Like<X> | Like<X>[] {
  return once('pullback', backend, x, (ctx) =>
    firstOrder.valueAndPullback(f, backend, x, dy, rest, ctx),
  )[1] as Like<X>;
}

/** The value and derivative of a function of one real (its output may be any structure of reals). */
export function valueAndDerivative<R, Rest extends readonly unknown[] = []>(
  f: Differentiand<number, RealStructure<R>, ExtraArguments<Rest>>,
  backend: Backend,
  x: Real,
  ...rest: Rest
): [Value, Value] {
  return once('valueAndDerivative', backend, x, (ctx) =>
    firstOrder.valueAndDerivative(f, backend, x, rest, ctx),
  );
}

/** The derivative of a function of one real (its output may be any structure of reals). */
export function derivative<R, Rest extends readonly unknown[] = []>(
  f: Differentiand<number, RealStructure<R>, ExtraArguments<Rest>>,
  backend: Backend,
  x: Real,
  ...rest: Rest
): Value {
  return once('derivative', backend, x, (ctx) =>
    firstOrder.valueAndDerivative(f, backend, x, rest, ctx),
  )[1];
}

/** The value of a scalar function and its gradient, in `x`'s structure. */
export function valueAndGradient<X extends Input, R, Rest extends readonly unknown[] = []>(
  f: Differentiand<NoInfer<X>, OneReal<R>, ExtraArguments<Rest>>,
  backend: Backend,
  x: X,
  ...rest: Rest
): [Real, Like<X>] {
  return once('valueAndGradient', backend, x, (ctx) =>
    firstOrder.valueAndGradient(f, backend, x, rest, ctx),
  ) as [Real, Like<X>];
}

/** The gradient of a scalar function (`f` returns one real), in `x`'s structure. */
export function gradient<X extends Input, R, Rest extends readonly unknown[] = []>(
  f: Differentiand<NoInfer<X>, OneReal<R>, ExtraArguments<Rest>>,
  backend: Backend,
  x: X,
  ...rest: Rest
): Like<X> {
  return once('gradient', backend, x, (ctx) =>
    firstOrder.valueAndGradient(f, backend, x, rest, ctx),
  )[1] as Like<X>;
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
    firstOrder.valueAndJacobian(f, backend, x, rest, ctx),
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
    firstOrder.valueAndJacobian(f, backend, x, rest, ctx),
  )[1] as MatrixFor<B>;
}

import { planSecondOrder } from '../backends/auto.js';
import type { Backend } from '../backends/backend.js';
import { gradientAndHvps } from '../backends/second-order.js';
import type { PassContext } from '../interpreters/pass-context.js';
import type { UserFunction } from '../interpreters/passes.js';
import type { CompiledOperators } from '../staging/compiled-operators.js';
import { unshared } from '../tree/fresh.js';
import { withScratch } from './cache.js';
import { once } from './context.js';
import { type Prepared, Preparation, type RestOrNone } from './preparation.js';
import { requireShapeOfInput } from './same-shape.js';
import { type TangentBatch, isTangentBatch, directionsOf } from './tangents.js';
import type { Input, Value, Differentiand, ExtraArguments, OneReal, Like } from './types.js';

/**
 * `gradientAndHvp` as the unprepared operators and the prepared objects run it: messages name the
 * operator the user called (`ctx.operator`), and the result is memory of the caller's own
 * (values copied, derivatives unshared with the inputs and each other).
 */
export function runGradientAndHvp(
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
  const { gradient, hvps } = gradientAndHvps(f as UserFunction, outer, inner, x, rest, items, ctx);
  return unshared([gradient, batched ? hvps : hvps[0]], [x, ...items]) as [Value, Value];
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
    runGradientAndHvp(f, backend, x, v, rest, ctx),
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
    runGradientAndHvp(f, backend, x, v, rest, ctx),
  )[1] as Like<X>;
}

/** A prepared `hvp`. */
export interface HvpPrep<X, Rest extends readonly unknown[] = unknown[]> extends Prepared {
  /**
   * The Hessian-vector product along `v` (shaped like `x`), in `x`'s structure; given a batch
   * `tangents(v1, v2, …)`, one product per direction, from one chunked pass.
   */
  hvp(x: Like<X>, v: TangentBatch<Like<X>>, ...rest: RestOrNone<Rest>): Like<X>[];
  hvp(x: Like<X>, v: Like<X>, ...rest: RestOrNone<Rest>): Like<X>;
  /** The gradient and the Hessian-vector product along `v` (or each of a batch), from one pass. */
  gradientAndHvp(
    x: Like<X>,
    v: TangentBatch<Like<X>>,
    ...rest: RestOrNone<Rest>
  ): [Like<X>, Like<X>[]];
  gradientAndHvp(x: Like<X>, v: Like<X>, ...rest: RestOrNone<Rest>): [Like<X>, Like<X>];
}

/** Prepares `hvp` of `f` for inputs shaped like `x`. */
export function prepareHvp<X extends Input, R, Rest extends readonly unknown[] = []>(
  f: Differentiand<NoInfer<X>, OneReal<R>, ExtraArguments<Rest>>,
  backend: Backend,
  x: X,
  ...rest: Rest
): HvpPrep<X, Rest> {
  const p = new Preparation('hvp', f, backend, x, rest);
  p.generate('reverse', 1, false);
  const eager = (x: unknown, v: unknown, args: readonly unknown[]) =>
    runGradientAndHvp(f, p.backend, x, v, args, p.ctx);
  const compiled = (ops: CompiledOperators, x: unknown, v: unknown, args: readonly unknown[]) =>
    (isTangentBatch(v)
      ? ops.gradientAndHvps(x, v.items, args, p.compiledLanes())
      : ops.gradientAndHvp(x, v, args)) as [Value, Value | Value[]] | undefined;
  return Object.assign(p.common(), {
    gradientAndHvp: p.method2('gradientAndHvp', eager, compiled),
    // Compiled kernels that keep neither the value nor the gradient, for one direction or a batch.
    hvp: p.method2(
      'hvp',
      (x, v, args) => eager(x, v, args)[1],
      (ops, x, v, args) =>
        (isTangentBatch(v)
          ? ops.hvps(x, v.items, args, p.compiledLanes())
          : ops.hvp(x, v, args)) as Value | undefined,
    ),
  }) as unknown as HvpPrep<X, Rest>;
}

import type { Backend } from '../backends/backend.js';
import * as core from '../backends/passes.js';
import type { PassContext } from '../interpreters/pass-context.js';
import type { UserFunction } from '../interpreters/passes.js';
import type { CompiledOperators } from '../staging/compiled-operators.js';
import { copyValue, unshared } from '../tree/fresh.js';
import { withScratch } from './cache.js';
import { once } from './context.js';
import { plan } from './plan.js';
import { type EagerAnswer, type Prepared, Preparation, type RestOrNone } from './preparation.js';
import { requireShapeOfInput } from './same-shape.js';
import { type TangentBatch, isTangentBatch, directionsOf } from './tangents.js';
import type { Input, Value, RealStructure, Differentiand, ExtraArguments, Like } from './types.js';

/**
 * `valueAndPushforward` as the unprepared operators and the prepared objects run it: messages name the
 * operator the user called (`ctx.operator`), and the result is memory of the caller's own
 * (values copied, derivatives unshared with the inputs and each other).
 */
export function runValueAndPushforward(
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
}

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
    runValueAndPushforward(f, backend, x, tx, rest, ctx),
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
    runValueAndPushforward(f, backend, x, tx, rest, ctx),
  )[1];
}

/** A prepared `pushforward`. */
export interface PushforwardPrep<X, Rest extends readonly unknown[] = unknown[]> extends Prepared {
  /**
   * The Jacobian-vector product along `tx` (shaped like `x`), in `f(x)`'s structure; given a
   * batch `tangents(t1, t2, …)`, one product per direction, from one chunked pass.
   */
  pushforward(x: Like<X>, tx: TangentBatch<Like<X>>, ...rest: RestOrNone<Rest>): Value[];
  pushforward(x: Like<X>, tx: Like<X>, ...rest: RestOrNone<Rest>): Value;
  /** `f(x)` and the pushforward of `tx` (or of each direction of a batch), from one pass. */
  valueAndPushforward(
    x: Like<X>,
    tx: TangentBatch<Like<X>>,
    ...rest: RestOrNone<Rest>
  ): [Value, Value[]];
  valueAndPushforward(x: Like<X>, tx: Like<X>, ...rest: RestOrNone<Rest>): [Value, Value];
}

/**
 * The preparation behind `preparePushforward` (and `preparePushforwardInPlace`) with its eager
 * answer: the kernel of one direction is generated here, computing the value too when
 * `withValue` (the in-place form, which writes it into y) and only what the tangent needs otherwise.
 */
export function pushforwardPreparation(
  f: Differentiand,
  backend: Backend,
  x: unknown,
  rest: readonly unknown[],
  withValue: boolean,
): { p: Preparation; eager: EagerAnswer<[Value, Value | Value[]]> } {
  const p = new Preparation('pushforward', f, backend, x, rest);
  p.generate('forward', 1, withValue);
  const eager = (x: unknown, tx: unknown, args: readonly unknown[]) =>
    runValueAndPushforward(f, p.backend, x, tx, args, p.ctx);
  return { p, eager };
}

/** Prepares `pushforward` of `f` for inputs shaped like `x`. */
export function preparePushforward<X extends Input, R, Rest extends readonly unknown[] = []>(
  f: Differentiand<NoInfer<X>, RealStructure<R>, ExtraArguments<Rest>>,
  backend: Backend,
  x: X,
  ...rest: Rest
): PushforwardPrep<X, Rest> {
  const { p, eager } = pushforwardPreparation(f, backend, x, rest, false);
  const compiled = (ops: CompiledOperators, x: unknown, tx: unknown, args: readonly unknown[]) =>
    (isTangentBatch(tx)
      ? ops.valueAndPushforwards(x, tx.items, args, p.compiledLanes())
      : ops.valueAndPushforward(x, tx, args)) as [Value, Value | Value[]] | undefined;
  return Object.assign(p.common(), {
    valueAndPushforward: p.method2('valueAndPushforward', eager, compiled),
    pushforward: p.method2(
      'pushforward',
      (x, tx, args) => eager(x, tx, args)[1],
      // Kernels that compute only what the tangents need, for one direction or a batch.
      (ops, x, tx, args) =>
        (isTangentBatch(tx)
          ? ops.pushforwards(x, tx.items, args, p.compiledLanes())
          : ops.pushforward(x, tx, args)) as Value | undefined,
    ),
  }) as PushforwardPrep<X, Rest>;
}

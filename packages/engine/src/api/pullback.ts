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
import { requireCotangentShape } from './same-shape.js';
import { type TangentBatch, isTangentBatch, directionsOf } from './tangents.js';
import type { Input, Value, RealStructure, Differentiand, ExtraArguments, Like } from './types.js';

/**
 * `valueAndPullback` as the unprepared operators and the prepared objects run it: messages name the
 * operator the user called (`ctx.operator`), and the result is memory of the caller's own
 * (values copied, derivatives unshared with the inputs and each other).
 */
export function runValueAndPullback(
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
    runValueAndPullback(f, backend, x, dy, rest, ctx),
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
    runValueAndPullback(f, backend, x, dy, rest, ctx),
  )[1] as Like<X>;
}

/** A prepared `pullback`. */
export interface PullbackPrep<X, Rest extends readonly unknown[] = unknown[]> extends Prepared {
  /**
   * The vector-Jacobian product of `dy` (shaped like `f(x)`), in `x`'s structure; given a batch
   * `tangents(dy1, dy2, …)`, one product per cotangent.
   */
  pullback(x: Like<X>, dy: TangentBatch<Value>, ...rest: RestOrNone<Rest>): Like<X>[];
  pullback(x: Like<X>, dy: Value, ...rest: RestOrNone<Rest>): Like<X>;
  /** `f(x)` and the pullback of `dy` (or of each cotangent of a batch), from one recording. */
  valueAndPullback(
    x: Like<X>,
    dy: TangentBatch<Value>,
    ...rest: RestOrNone<Rest>
  ): [Value, Like<X>[]];
  valueAndPullback(x: Like<X>, dy: Value, ...rest: RestOrNone<Rest>): [Value, Like<X>];
}

/**
 * The preparation behind `preparePullback` (and `preparePullbackInPlace`) with its eager answer:
 * the reverse kernel with the value is generated here.
 */
export function pullbackPreparation(
  f: Differentiand,
  backend: Backend,
  x: unknown,
  rest: readonly unknown[],
): { p: Preparation; eager: EagerAnswer<[Value, unknown]> } {
  const p = new Preparation('pullback', f, backend, x, rest);
  p.generate('reverse', 0, true);
  const eager = (x: unknown, dy: unknown, args: readonly unknown[]) =>
    runValueAndPullback(f, p.backend, x, dy, args, p.ctx) as [Value, unknown];
  return { p, eager };
}

/** Prepares `pullback` of `f` for inputs shaped like `x`; `dy` must be shaped like `f(x)`. */
export function preparePullback<X extends Input, R, Rest extends readonly unknown[] = []>(
  f: Differentiand<NoInfer<X>, RealStructure<R>, ExtraArguments<Rest>>,
  backend: Backend,
  x: X,
  ...rest: Rest
): PullbackPrep<X, Rest> {
  const { p, eager } = pullbackPreparation(f, backend, x, rest);
  const compiled = (ops: CompiledOperators, x: unknown, dy: unknown, args: readonly unknown[]) =>
    (isTangentBatch(dy)
      ? ops.valueAndPullbacks(x, dy.items, args)
      : ops.valueAndPullback(x, dy, args)) as [Value, Value | Value[]] | undefined;
  return Object.assign(p.common(), {
    valueAndPullback: p.method2('valueAndPullback', eager, compiled),
    pullback: p.method2(
      'pullback',
      (x, dy, args) => eager(x, dy, args)[1],
      // One cotangent has its own compiled path: a kernel that skips what only the value needs.
      (ops, x, dy, args) =>
        isTangentBatch(dy) ? compiled(ops, x, dy, args)?.[1] : (ops.pullback(x, dy, args) as Value),
    ),
  }) as unknown as PullbackPrep<X, Rest>;
}

import type { Real } from '@pullback/rules-core';
import type { Backend } from '../backends/backend.js';
import * as core from '../backends/passes.js';
import type { PassContext } from '../interpreters/pass-context.js';
import type { UserFunction } from '../interpreters/passes.js';
import { unshared } from '../tree/fresh.js';
import { withScratch } from './cache.js';
import { once } from './context.js';
import { plan } from './plan.js';
import { type Prepared, Preparation, type RestOrNone } from './preparation.js';
import type { Input, Value, Differentiand, ExtraArguments, OneReal, Like } from './types.js';

/**
 * `valueAndGradient` as the unprepared operators and the prepared objects run it: messages name the
 * operator the user called (`ctx.operator`), and the result is memory of the caller's own
 * (values copied, derivatives unshared with the inputs and each other).
 */
export function runValueAndGradient(
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
}

/** The value of a scalar function and its gradient, in `x`'s structure. */
export function valueAndGradient<X extends Input, R, Rest extends readonly unknown[] = []>(
  f: Differentiand<NoInfer<X>, OneReal<R>, ExtraArguments<Rest>>,
  backend: Backend,
  x: X,
  ...rest: Rest
): [Real, Like<X>] {
  return once('valueAndGradient', backend, x, (ctx) =>
    runValueAndGradient(f, backend, x, rest, ctx),
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
    runValueAndGradient(f, backend, x, rest, ctx),
  )[1] as Like<X>;
}

/** A prepared `gradient`: reuse it for new points of the same shape. */
export interface GradientPrep<X, Rest extends readonly unknown[] = unknown[]> extends Prepared {
  /** The gradient at `x`, in `x`'s structure; `rest` as `gradient`'s extra arguments. */
  gradient(x: Like<X>, ...rest: RestOrNone<Rest>): Like<X>;
  /** `f(x)` and the gradient, from one pass. */
  valueAndGradient(x: Like<X>, ...rest: RestOrNone<Rest>): [Real, Like<X>];
}

/** Prepares `gradient` of `f` (which returns one real) for inputs shaped like `x`. */
export function prepareGradient<X extends Input, R, Rest extends readonly unknown[] = []>(
  f: Differentiand<NoInfer<X>, OneReal<R>, ExtraArguments<Rest>>,
  backend: Backend,
  x: X,
  ...rest: Rest
): GradientPrep<X, Rest> {
  const p = new Preparation('gradient', f, backend, x, rest);
  p.generate('reverse', 0, false);
  const eager = (x: unknown, _: unknown, args: readonly unknown[]) =>
    runValueAndGradient(f, p.backend, x, args, p.ctx);
  return Object.assign(p.common(), {
    valueAndGradient: p.method('valueAndGradient', eager, (ops, x, _, args) =>
      ops.valueAndGradient(x, args),
    ),
    // Its own compiled path: a kernel that skips what only the value needs.
    gradient: p.method(
      'gradient',
      (x, a, args) => eager(x, a, args)[1],
      (ops, x, _, args) => ops.gradient(x, args),
    ),
  }) as GradientPrep<X, Rest>;
}

import type { Real } from '@pullback/rules-core';
import { planSecondOrder } from '../backends/auto.js';
import type { Backend } from '../backends/backend.js';
import { valueDerivativeAndSecond } from '../backends/second-order.js';
import type { PassContext } from '../interpreters/pass-context.js';
import type { UserFunction } from '../interpreters/passes.js';
import type { CompiledOperators } from '../staging/compiled-operators.js';
import { copyValue, unshared } from '../tree/fresh.js';
import { withScratch } from './cache.js';
import { once } from './context.js';
import { requireRealInput } from './plan.js';
import { type Prepared, Preparation, type RestOrNone } from './preparation.js';
import type { Value, RealStructure, Differentiand, ExtraArguments } from './types.js';

/**
 * `valueDerivativeAndSecondDerivative` as the unprepared operators and the prepared objects run it: messages name the
 * operator the user called (`ctx.operator`), and the result is memory of the caller's own
 * (values copied, derivatives unshared with the inputs and each other).
 */
export function runValueDerivativeAndSecondDerivative(
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
}

/** `f(x)`, `f'(x)` and `f''(x)` for a function of one real (its output any structure of reals). */
export function valueDerivativeAndSecondDerivative<R, Rest extends readonly unknown[] = []>(
  f: Differentiand<number, RealStructure<R>, ExtraArguments<Rest>>,
  backend: Backend,
  x: Real,
  ...rest: Rest
): [Value, Value, Value] {
  return once('valueDerivativeAndSecondDerivative', backend, x, (ctx) =>
    runValueDerivativeAndSecondDerivative(f, backend, x, rest, ctx),
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
    runValueDerivativeAndSecondDerivative(f, backend, x, rest, ctx),
  )[2];
}

/** A prepared `secondDerivative`. */
export interface SecondDerivativePrep<
  Rest extends readonly unknown[] = unknown[],
> extends Prepared {
  /** The second derivative at the number `x`, in `f(x)`'s structure. */
  secondDerivative(x: Real, ...rest: RestOrNone<Rest>): Value;
  /** `f(x)`, the derivative and the second derivative. */
  valueDerivativeAndSecondDerivative(x: Real, ...rest: RestOrNone<Rest>): [Value, Value, Value];
}

/** Prepares `secondDerivative` of a function of one real. */
export function prepareSecondDerivative<R, Rest extends readonly unknown[] = []>(
  f: Differentiand<number, RealStructure<R>, ExtraArguments<Rest>>,
  backend: Backend,
  x: Real,
  ...rest: Rest
): SecondDerivativePrep<Rest> {
  const p = new Preparation('secondDerivative', f, backend, x, rest);
  p.generate('reverse', 1, true);
  const eager = (x: unknown, _: unknown, args: readonly unknown[]) =>
    runValueDerivativeAndSecondDerivative(f, p.backend, x, args, p.ctx);
  const compiled = (ops: CompiledOperators, x: unknown, _: unknown, args: readonly unknown[]) =>
    ops.valueDerivativeAndSecondDerivative(x, args) as [Value, Value, Value] | undefined;
  return Object.assign(p.common(), {
    valueDerivativeAndSecondDerivative: p.method(
      'valueDerivativeAndSecondDerivative',
      eager,
      compiled,
    ),
    secondDerivative: p.method(
      'secondDerivative',
      (x, a, args) => eager(x, a, args)[2],
      // Without the value and the first derivative: nothing is copied besides the result.
      (ops, x, _, args) => ops.secondDerivative(x, args) as Value | undefined,
    ),
  }) as SecondDerivativePrep<Rest>;
}

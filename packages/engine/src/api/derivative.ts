import type { Real } from '@pullback/rules-core';
import type { Backend } from '../backends/backend.js';
import * as core from '../backends/passes.js';
import type { PassContext } from '../interpreters/pass-context.js';
import type { UserFunction } from '../interpreters/passes.js';
import type { CompiledOperators } from '../staging/compiled-operators.js';
import { copyValue, unshared } from '../tree/fresh.js';
import { withScratch } from './cache.js';
import { once } from './context.js';
import { plan, requireRealInput } from './plan.js';
import { type EagerAnswer, type Prepared, Preparation, type RestOrNone } from './preparation.js';
import type { Value, RealStructure, Differentiand, ExtraArguments } from './types.js';

/**
 * `valueAndDerivative` as the unprepared operators and the prepared objects run it: messages name the
 * operator the user called (`ctx.operator`), and the result is memory of the caller's own
 * (values copied, derivatives unshared with the inputs and each other).
 */
export function runValueAndDerivative(
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
}

/** The value and derivative of a function of one real (its output may be any structure of reals). */
export function valueAndDerivative<R, Rest extends readonly unknown[] = []>(
  f: Differentiand<number, RealStructure<R>, ExtraArguments<Rest>>,
  backend: Backend,
  x: Real,
  ...rest: Rest
): [Value, Value] {
  return once('valueAndDerivative', backend, x, (ctx) =>
    runValueAndDerivative(f, backend, x, rest, ctx),
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
    runValueAndDerivative(f, backend, x, rest, ctx),
  )[1];
}

/** A prepared `derivative`. */
export interface DerivativePrep<Rest extends readonly unknown[] = unknown[]> extends Prepared {
  /** The derivative at the number `x`, in `f(x)`'s structure. */
  derivative(x: Real, ...rest: RestOrNone<Rest>): Value;
  /** `f(x)` and the derivative, from one pass. */
  valueAndDerivative(x: Real, ...rest: RestOrNone<Rest>): [Value, Value];
}

/**
 * The preparation behind `prepareDerivative` (and `prepareDerivativeInPlace`) with its eager
 * answer: the forward kernel is generated here, computing the value too when `withValue` (the
 * in-place form, which writes it into y) and only what the derivative needs otherwise.
 */
export function derivativePreparation(
  f: Differentiand,
  backend: Backend,
  x: Real,
  rest: readonly unknown[],
  withValue: boolean,
): { p: Preparation; eager: EagerAnswer<[Value, Value]> } {
  const p = new Preparation('derivative', f, backend, x, rest);
  p.generate('forward', 1, withValue);
  const eager = (x: unknown, _: unknown, args: readonly unknown[]) =>
    runValueAndDerivative(f, p.backend, x, args, p.ctx);
  return { p, eager };
}

/** Prepares `derivative` of a function of one real. */
export function prepareDerivative<R, Rest extends readonly unknown[] = []>(
  f: Differentiand<number, RealStructure<R>, ExtraArguments<Rest>>,
  backend: Backend,
  x: Real,
  ...rest: Rest
): DerivativePrep<Rest> {
  const { p, eager } = derivativePreparation(f, backend, x, rest, false);
  const compiled = (ops: CompiledOperators, x: unknown, _: unknown, args: readonly unknown[]) =>
    ops.valueAndDerivative(x, args) as [Value, Value] | undefined;
  return Object.assign(p.common(), {
    valueAndDerivative: p.method('valueAndDerivative', eager, compiled),
    derivative: p.method(
      'derivative',
      (x, a, args) => eager(x, a, args)[1],
      (ops, x, _, args) => ops.derivative(x, args) as Value | undefined,
    ),
  }) as DerivativePrep<Rest>;
}

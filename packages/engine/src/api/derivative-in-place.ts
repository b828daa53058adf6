import type { Real } from '@pullback/rules-core';
import type { Backend } from '../backends/backend.js';
import { derivativePreparation, runValueAndDerivative } from './derivative.js';
import {
  type InPlaceFunction,
  type OutputArray,
  outOfPlace,
  fill,
  likeOutput,
} from './in-place-function.js';
import type { CompiledOperators } from '../staging/compiled-operators.js';
import { InPlacePreparation, runInPlace } from './in-place-call.js';
import type { Prepared } from './preparation.js';
import type { Value } from './types.js';

/**
 * The in-place derivative (`derivativeInPlace`, `valueAndDerivativeInPlace`) and its
 * preparation: `f(y, x, ...rest)` of one real `x` writes its result into `y` with `setAt`; each
 * fills the caller's `y` with the value and returns the derivative shaped like `y`.
 */

/** Fills `y` with `f(x)` for one real `x` and returns `[y, dy/dx]`, the derivative shaped like `y`. */
export function valueAndDerivativeInPlace(
  f: InPlaceFunction,
  backend: Backend,
  y: OutputArray,
  x: Real,
  ...rest: unknown[]
): [OutputArray, Value] {
  return runInPlace('valueAndDerivativeInPlace', f, backend, y, x, (g, ctx) => {
    const [v, d] = runValueAndDerivative(g, backend, x, rest, ctx);
    return [v, likeOutput(y, d) as Value];
  });
}

/** Fills `y` with `f(x)` for one real `x` and returns the derivative, shaped like `y`. */
export function derivativeInPlace(
  f: InPlaceFunction,
  backend: Backend,
  y: OutputArray,
  x: Real,
  ...rest: unknown[]
): Value {
  return runInPlace('derivativeInPlace', f, backend, y, x, (g, ctx) => {
    const [v, d] = runValueAndDerivative(g, backend, x, rest, ctx);
    return [v, likeOutput(y, d) as Value];
  })[1];
}

/** A prepared `derivativeInPlace`. */
export interface DerivativeInPlacePrep extends Prepared {
  /** Fills `y` with `f(x)` and returns the derivative, shaped like `y`. */
  derivative(y: OutputArray, x: Real, ...rest: unknown[]): Value;
  /** Fills `y` with `f(x)` and returns `[y, derivative]`. */
  valueAndDerivative(y: OutputArray, x: Real, ...rest: unknown[]): [OutputArray, Value];
  /** The same as `derivative`. */
  derivativeInPlace(y: OutputArray, x: Real, ...rest: unknown[]): Value;
  /** The same as `valueAndDerivative`. */
  valueAndDerivativeInPlace(y: OutputArray, x: Real, ...rest: unknown[]): [OutputArray, Value];
}

/** Prepares `derivativeInPlace` of `f` for `y` of this length. */
export function prepareDerivativeInPlace(
  f: InPlaceFunction,
  backend: Backend,
  y: OutputArray,
  x: Real,
  ...rest: unknown[]
): DerivativeInPlacePrep {
  const q = new InPlacePreparation('prepareDerivativeInPlace', y, x);
  const { p, eager } = derivativePreparation(
    outOfPlace(f, q.m, q.preparer),
    backend,
    x,
    rest,
    true,
  );
  // The derivative shaped like y, the value written into y (`q.y`, the call's).
  const eagerAnswer = (x: unknown, a: unknown, args: readonly unknown[]): Value => {
    const [v, d] = eager(x, a, args);
    fill(q.method, q.y, v);
    return likeOutput(q.y, d) as Value;
  };
  const compiledAnswer = (
    ops: CompiledOperators,
    x: unknown,
    _: unknown,
    args: readonly unknown[],
  ) => ops.derivativeInPlace(q.y, x, args) as Value | undefined;
  const derivative = q.method2(p, 'derivative', eagerAnswer, compiledAnswer);
  const valueAndDerivative = q.method2(
    p,
    'valueAndDerivative',
    (x, a, args): [OutputArray, Value] => [q.y, eagerAnswer(x, a, args)],
    (ops, x, a, args) => {
      const d = compiledAnswer(ops, x, a, args);
      return d === undefined ? undefined : ([q.y, d] as [OutputArray, Value]);
    },
  );
  return Object.assign(p.common(), {
    derivative,
    valueAndDerivative,
    derivativeInPlace: derivative,
    valueAndDerivativeInPlace: valueAndDerivative,
  });
}

import type { Real } from '@pullback/rules-core';
import type { Backend } from '../backends/backend.js';
import { PreparationMismatchError } from '../errors.js';
import { describeStructure, sameStructure, structureOf } from '../tree/structure.js';
import { prepareDerivative } from './derivative.js';
import {
  type InPlaceFunction,
  type OutputArray,
  outOfPlace,
  outputLength,
  fill,
  likeOutput,
} from './in-place-function.js';
import { prepareJacobian } from './jacobian.js';
import type { Prepared } from './preparation.js';
import { preparePullback } from './pullback.js';
import { preparePushforward } from './pushforward.js';
import { type TangentBatch, isTangentBatch } from './tangents.js';
import type { Input, Value, DerivativeMatrix, Like } from './types.js';

/**
 * Prepared in-place operators: the out-of-place preparation of "fresh storage, `f` writes into
 * it" (compiled like any other), with `y` checked against the length it was prepared for. Each
 * method has the name of its operator with and without the `InPlace` suffix
 * (`p.pushforward(y, x, tx)` is `p.pushforwardInPlace(y, x, tx)`).
 */

/** What a prepared in-place object keeps besides its methods. */
class InPlacePreparation {
  readonly m: number;
  private readonly xs;
  constructor(
    readonly preparer: string,
    y: unknown,
    x: unknown,
  ) {
    this.m = outputLength(preparer, y, x);
    this.xs = structureOf(x, 'x', preparer);
  }

  /** Checks `y` and `x` against the preparation (`PreparationMismatchError` naming which). */
  check(method: string, y: unknown, x: unknown): OutputArray {
    const m = outputLength(method, y, x);
    if (m !== this.m) {
      throw new PreparationMismatchError(
        `${method}: this preparation was made for y of length ${this.m}, but was called with y ` +
          `of length ${m}. Prepare again with ${this.preparer} for the new shape.`,
      );
    }
    const s = structureOf(x, 'x', method);
    if (!sameStructure(s, this.xs)) {
      throw new PreparationMismatchError(
        `${method}: this preparation was made for x: ${describeStructure(this.xs)}, but was ` +
          `called with ${describeStructure(s)}. Prepare again with ${this.preparer} for the new shape.`,
      );
    }
    return y as OutputArray;
  }
}

/** The `Prepared` members of the out-of-place preparation `p`, read through (live diagnostics). */
function common(p: Prepared): Prepared {
  return {
    get diagnostics() {
      return p.diagnostics;
    },
    explain: () => p.explain(),
    get compilation() {
      return p.compilation;
    },
    source: () => p.source(),
  };
}

/** A prepared `pushforwardInPlace`. */
export interface PushforwardInPlacePrep<X> extends Prepared {
  /** Fills `y` with `f(x)` and returns the pushforward along `tx` (one per direction of a batch). */
  pushforward(y: OutputArray, x: X, tx: TangentBatch<Like<X>>, ...rest: unknown[]): Value[];
  pushforward(y: OutputArray, x: X, tx: Like<X>, ...rest: unknown[]): Value;
  /** Fills `y` with `f(x)` and returns `[y, pushforward]`. */
  valueAndPushforward(
    y: OutputArray,
    x: X,
    tx: TangentBatch<Like<X>>,
    ...rest: unknown[]
  ): [OutputArray, Value[]];
  valueAndPushforward(y: OutputArray, x: X, tx: Like<X>, ...rest: unknown[]): [OutputArray, Value];
  /** The same as `pushforward`. */
  pushforwardInPlace: PushforwardInPlacePrep<X>['pushforward'];
  /** The same as `valueAndPushforward`. */
  valueAndPushforwardInPlace: PushforwardInPlacePrep<X>['valueAndPushforward'];
}

/** Prepares `pushforwardInPlace` of `f` for `y` of this length and inputs shaped like `x`. */
export function preparePushforwardInPlace<X extends Input>(
  f: InPlaceFunction,
  backend: Backend,
  y: OutputArray,
  x: X,
  ...rest: unknown[]
): PushforwardInPlacePrep<X> {
  const q = new InPlacePreparation('preparePushforwardInPlace', y, x);
  const p = preparePushforward(outOfPlace(f, q.m, q.preparer), backend, x, ...rest);
  const at = (method: string, y: OutputArray, x: X, tx: unknown, r: unknown[]) => {
    const out = q.check(method, y, x);
    const [v, t] = p.valueAndPushforward(x as Like<X>, tx as Like<X>, ...r) as [
      Value,
      Value | Value[],
    ];
    fill(method, out, v);
    const ty = isTangentBatch(tx)
      ? (t as Value[]).map((d) => likeOutput(out, d))
      : likeOutput(out, t);
    return [out, ty] as [OutputArray, Value];
  };
  const valueAndPushforward = (y: OutputArray, x: X, tx: unknown, ...r: unknown[]) =>
    at('valueAndPushforward', y, x, tx, r);
  const pushforward = (y: OutputArray, x: X, tx: unknown, ...r: unknown[]) =>
    at('pushforward', y, x, tx, r)[1];
  return Object.assign(common(p), {
    pushforward,
    valueAndPushforward,
    pushforwardInPlace: pushforward,
    valueAndPushforwardInPlace: valueAndPushforward,
  }) as PushforwardInPlacePrep<X>;
}

/** A prepared `pullbackInPlace`. */
export interface PullbackInPlacePrep<X> extends Prepared {
  /** Fills `y` with `f(x)` and returns the pullback of `dy` (one per cotangent of a batch). */
  pullback(y: OutputArray, x: X, dy: TangentBatch<Value>, ...rest: unknown[]): Like<X>[];
  pullback(y: OutputArray, x: X, dy: Value, ...rest: unknown[]): Like<X>;
  /** Fills `y` with `f(x)` and returns `[y, pullback]`. */
  valueAndPullback(
    y: OutputArray,
    x: X,
    dy: TangentBatch<Value>,
    ...rest: unknown[]
  ): [OutputArray, Like<X>[]];
  valueAndPullback(y: OutputArray, x: X, dy: Value, ...rest: unknown[]): [OutputArray, Like<X>];
  /** The same as `pullback`. */
  pullbackInPlace: PullbackInPlacePrep<X>['pullback'];
  /** The same as `valueAndPullback`. */
  valueAndPullbackInPlace: PullbackInPlacePrep<X>['valueAndPullback'];
}

/** Prepares `pullbackInPlace` of `f` for `y` of this length and inputs shaped like `x`. */
export function preparePullbackInPlace<X extends Input>(
  f: InPlaceFunction,
  backend: Backend,
  y: OutputArray,
  x: X,
  ...rest: unknown[]
): PullbackInPlacePrep<X> {
  const q = new InPlacePreparation('preparePullbackInPlace', y, x);
  const p = preparePullback(outOfPlace(f, q.m, q.preparer), backend, x, ...rest);
  const at = (method: string, y: OutputArray, x: X, dy: unknown, r: unknown[]) => {
    const out = q.check(method, y, x);
    const [v, dx] = p.valueAndPullback(x as Like<X>, dy as Value, ...r);
    fill(method, out, v);
    return [out, dx] as [OutputArray, Like<X>];
  };
  const valueAndPullback = (y: OutputArray, x: X, dy: unknown, ...r: unknown[]) =>
    at('valueAndPullback', y, x, dy, r);
  const pullback = (y: OutputArray, x: X, dy: unknown, ...r: unknown[]) =>
    at('pullback', y, x, dy, r)[1];
  return Object.assign(common(p), {
    pullback,
    valueAndPullback,
    pullbackInPlace: pullback,
    valueAndPullbackInPlace: valueAndPullback,
  }) as PullbackInPlacePrep<X>;
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
  const p = prepareDerivative(outOfPlace(f, q.m, q.preparer), backend, x, ...rest);
  const valueAndDerivative = (y: OutputArray, x: Real, ...r: unknown[]): [OutputArray, Value] => {
    const out = q.check('valueAndDerivative', y, x);
    const [v, d] = p.valueAndDerivative(x, ...r);
    fill('valueAndDerivative', out, v);
    return [out, likeOutput(out, d) as Value];
  };
  const derivative = (y: OutputArray, x: Real, ...r: unknown[]) =>
    valueAndDerivative(y, x, ...r)[1];
  return Object.assign(common(p), {
    derivative,
    valueAndDerivative,
    derivativeInPlace: derivative,
    valueAndDerivativeInPlace: valueAndDerivative,
  });
}

/** A prepared `jacobianInPlace`. */
export interface JacobianInPlacePrep<X> extends Prepared {
  /** Fills `y` with `f(x)` and returns the Jacobian (rows over `y`, columns over `x`). */
  jacobian(y: OutputArray, x: X, ...rest: unknown[]): DerivativeMatrix;
  /** Fills `y` with `f(x)` and returns `[y, jacobian]`. */
  valueAndJacobian(y: OutputArray, x: X, ...rest: unknown[]): [OutputArray, DerivativeMatrix];
  /** The same as `jacobian`. */
  jacobianInPlace(y: OutputArray, x: X, ...rest: unknown[]): DerivativeMatrix;
  /** The same as `valueAndJacobian`. */
  valueAndJacobianInPlace(
    y: OutputArray,
    x: X,
    ...rest: unknown[]
  ): [OutputArray, DerivativeMatrix];
}

/**
 * Prepares `jacobianInPlace` of `f` for `y` of this length and inputs shaped like `x` (with a
 * `sparse(…)` backend, the pattern and coloring are found here, once).
 */
export function prepareJacobianInPlace<X extends Input>(
  f: InPlaceFunction,
  backend: Backend,
  y: OutputArray,
  x: X,
  ...rest: unknown[]
): JacobianInPlacePrep<X> {
  const q = new InPlacePreparation('prepareJacobianInPlace', y, x);
  const p = prepareJacobian(outOfPlace(f, q.m, q.preparer), backend, x, ...rest);
  const valueAndJacobian = (
    y: OutputArray,
    x: X,
    ...r: unknown[]
  ): [OutputArray, DerivativeMatrix] => {
    const out = q.check('valueAndJacobian', y, x);
    const [v, J] = p.valueAndJacobian(x as Like<X>, ...r);
    fill('valueAndJacobian', out, v);
    return [out, J];
  };
  const jacobian = (y: OutputArray, x: X, ...r: unknown[]) => valueAndJacobian(y, x, ...r)[1];
  return Object.assign(common(p), {
    jacobian,
    valueAndJacobian,
    jacobianInPlace: jacobian,
    valueAndJacobianInPlace: valueAndJacobian,
  });
}

import type { Real } from '@pullback/rules-core';
import type { Backend } from '../backends/backend.js';
import type { PassContext } from '../interpreters/pass-context.js';
import { once } from './context.js';
import { runValueAndDerivative } from './derivative.js';
import {
  type InPlaceFunction,
  type OutputArray,
  outOfPlace,
  outputLength,
  fill,
  likeOutput,
} from './in-place-function.js';
import { runValueAndJacobian } from './jacobian.js';
import { runValueAndPullback } from './pullback.js';
import { runValueAndPushforward } from './pushforward.js';
import { type TangentBatch, isTangentBatch } from './tangents.js';
import type { Input, Value, Differentiand, MatrixFor, Like } from './types.js';

/**
 * The in-place operators (DifferentiationInterface's `f!` forms): `op(f, backend, y, x, ...rest)`
 * with `f(y, x, ...rest)` writing its result into `y` with `setAt`. Each fills the caller's `y`
 * with the value and returns the derivative; as in DifferentiationInterface there is no gradient
 * form (a gradient's function returns one number).
 */

/** Runs one in-place operator call: `f` made out-of-place, then the value written into `y`. */
function inPlace<T>(
  operator: string,
  f: InPlaceFunction,
  backend: Backend,
  y: OutputArray,
  x: unknown,
  body: (g: Differentiand, ctx: PassContext) => [Value, T],
): [OutputArray, T] {
  return once(operator, backend, x, (ctx) => {
    const g = outOfPlace(f, outputLength(operator, y, x), operator);
    const [value, derivative] = body(g, ctx);
    fill(operator, y, value);
    return [y, derivative];
  });
}

/** Pushforwards shaped like `y`, one or a batch. */
function pushforwardsLikeY(y: OutputArray, t: Value | Value[], batched: boolean): unknown {
  return batched ? (t as Value[]).map((ty) => likeOutput(y, ty)) : likeOutput(y, t);
}

/**
 * Fills `y` with `f(x)` and returns `[y, pushforward]`: the Jacobian-vector product along `tx`,
 * shaped like `y` (or one per direction of a batch `tangents(t1, t2, …)`).
 */
export function valueAndPushforwardInPlace<X extends Input>(
  f: InPlaceFunction,
  backend: Backend,
  y: OutputArray,
  x: X,
  tx: TangentBatch<Like<X>>,
  ...rest: unknown[]
): [OutputArray, Value[]];
export function valueAndPushforwardInPlace<X extends Input>(
  f: InPlaceFunction,
  backend: Backend,
  y: OutputArray,
  x: X,
  tx: Like<X>,
  ...rest: unknown[]
): [OutputArray, Value];
export function valueAndPushforwardInPlace<X extends Input>(
  f: InPlaceFunction,
  backend: Backend,
  y: OutputArray,
  x: X,
  tx: Like<X> | TangentBatch<Like<X>>,
  ...rest: unknown[]
): [OutputArray, Value | Value[]] {
  return inPlace('valueAndPushforwardInPlace', f, backend, y, x, (g, ctx) => {
    const [v, t] = runValueAndPushforward(g, backend, x, tx, rest, ctx);
    return [v, pushforwardsLikeY(y, t, isTangentBatch(tx)) as Value];
  });
}

/**
 * Fills `y` with `f(x)` and returns the pushforward along `tx`, shaped like `y` (an array of
 * them for a batch `tangents(t1, t2, …)`).
 */
export function pushforwardInPlace<X extends Input>(
  f: InPlaceFunction,
  backend: Backend,
  y: OutputArray,
  x: X,
  tx: TangentBatch<Like<X>>,
  ...rest: unknown[]
): Value[];
export function pushforwardInPlace<X extends Input>(
  f: InPlaceFunction,
  backend: Backend,
  y: OutputArray,
  x: X,
  tx: Like<X>,
  ...rest: unknown[]
): Value;
export function pushforwardInPlace<X extends Input>(
  f: InPlaceFunction,
  backend: Backend,
  y: OutputArray,
  x: X,
  tx: Like<X> | TangentBatch<Like<X>>,
  ...rest: unknown[]
): Value | Value[] {
  return inPlace('pushforwardInPlace', f, backend, y, x, (g, ctx) => {
    const [v, t] = runValueAndPushforward(g, backend, x, tx, rest, ctx);
    return [v, pushforwardsLikeY(y, t, isTangentBatch(tx)) as Value];
  })[1];
}

/**
 * Fills `y` with `f(x)` and returns `[y, pullback]`: the vector-Jacobian product of `dy` (shaped
 * like `y`) in `x`'s structure, or one per cotangent of a batch `tangents(dy1, dy2, …)`.
 */
export function valueAndPullbackInPlace<X extends Input>(
  f: InPlaceFunction,
  backend: Backend,
  y: OutputArray,
  x: X,
  dy: TangentBatch<Value>,
  ...rest: unknown[]
): [OutputArray, Like<X>[]];
export function valueAndPullbackInPlace<X extends Input>(
  f: InPlaceFunction,
  backend: Backend,
  y: OutputArray,
  x: X,
  dy: Value,
  ...rest: unknown[]
): [OutputArray, Like<X>];
export function valueAndPullbackInPlace<X extends Input>(
  f: InPlaceFunction,
  backend: Backend,
  y: OutputArray,
  x: X,
  dy: Value | TangentBatch<Value>,
  ...rest: unknown[]
): [OutputArray, Like<X> | Like<X>[]] {
  return inPlace('valueAndPullbackInPlace', f, backend, y, x, (g, ctx) =>
    runValueAndPullback(g, backend, x, dy, rest, ctx),
  ) as [OutputArray, Like<X>];
}

/**
 * Fills `y` with `f(x)` and returns the pullback of `dy` (shaped like `y`) in `x`'s structure,
 * or an array of them for a batch `tangents(dy1, dy2, …)`.
 */
export function pullbackInPlace<X extends Input>(
  f: InPlaceFunction,
  backend: Backend,
  y: OutputArray,
  x: X,
  dy: TangentBatch<Value>,
  ...rest: unknown[]
): Like<X>[];
export function pullbackInPlace<X extends Input>(
  f: InPlaceFunction,
  backend: Backend,
  y: OutputArray,
  x: X,
  dy: Value,
  ...rest: unknown[]
): Like<X>;
export function pullbackInPlace<X extends Input>(
  f: InPlaceFunction,
  backend: Backend,
  y: OutputArray,
  x: X,
  dy: Value | TangentBatch<Value>,
  ...rest: unknown[]
): Like<X> | Like<X>[] {
  return inPlace('pullbackInPlace', f, backend, y, x, (g, ctx) =>
    runValueAndPullback(g, backend, x, dy, rest, ctx),
  )[1] as Like<X>;
}

/** Fills `y` with `f(x)` for one real `x` and returns `[y, dy/dx]`, the derivative shaped like `y`. */
export function valueAndDerivativeInPlace(
  f: InPlaceFunction,
  backend: Backend,
  y: OutputArray,
  x: Real,
  ...rest: unknown[]
): [OutputArray, Value] {
  return inPlace('valueAndDerivativeInPlace', f, backend, y, x, (g, ctx) => {
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
  return inPlace('derivativeInPlace', f, backend, y, x, (g, ctx) => {
    const [v, d] = runValueAndDerivative(g, backend, x, rest, ctx);
    return [v, likeOutput(y, d) as Value];
  })[1];
}

/**
 * Fills `y` with `f(x)` and returns `[y, J]`, the Jacobian `{ rows: y.length, cols: n, data }`
 * (row-major over `y` and the flattened `x`); `sparse(…)` backends give it compressed.
 */
export function valueAndJacobianInPlace<B extends Backend>(
  f: InPlaceFunction,
  backend: B,
  y: OutputArray,
  x: Input,
  ...rest: unknown[]
): [OutputArray, MatrixFor<B>] {
  return inPlace('valueAndJacobianInPlace', f, backend, y, x, (g, ctx) =>
    runValueAndJacobian(g, backend, x, rest, ctx),
  ) as [OutputArray, MatrixFor<B>];
}

/** Fills `y` with `f(x)` and returns the Jacobian of `y` with respect to the flattened `x`. */
export function jacobianInPlace<B extends Backend>(
  f: InPlaceFunction,
  backend: B,
  y: OutputArray,
  x: Input,
  ...rest: unknown[]
): MatrixFor<B> {
  return inPlace('jacobianInPlace', f, backend, y, x, (g, ctx) =>
    runValueAndJacobian(g, backend, x, rest, ctx),
  )[1] as MatrixFor<B>;
}

import type { Backend } from '../backends/backend.js';
import {
  type InPlaceFunction,
  type OutputArray,
  outOfPlace,
  fill,
  likeOutput,
} from './in-place-function.js';
import { InPlacePreparation, readThrough, runInPlace } from './in-place-call.js';
import type { Prepared } from './preparation.js';
import { preparePushforward, runValueAndPushforward } from './pushforward.js';
import { type TangentBatch, isTangentBatch } from './tangents.js';
import type { Input, Value, Like } from './types.js';

/**
 * The in-place pushforward (`pushforwardInPlace`, `valueAndPushforwardInPlace`) and its
 * preparation: `f(y, x, ...rest)` writes its result into `y` with `setAt`; each fills the
 * caller's `y` with the value and returns the pushforward shaped like `y`.
 */

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
  return runInPlace('valueAndPushforwardInPlace', f, backend, y, x, (g, ctx) => {
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
  return runInPlace('pushforwardInPlace', f, backend, y, x, (g, ctx) => {
    const [v, t] = runValueAndPushforward(g, backend, x, tx, rest, ctx);
    return [v, pushforwardsLikeY(y, t, isTangentBatch(tx)) as Value];
  })[1];
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
  return Object.assign(readThrough(p), {
    pushforward,
    valueAndPushforward,
    pushforwardInPlace: pushforward,
    valueAndPushforwardInPlace: valueAndPushforward,
  }) as PushforwardInPlacePrep<X>;
}

import type { Backend } from '../backends/backend.js';
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
import { pushforwardPreparation, runValueAndPushforward } from './pushforward.js';
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
  const { p, eager } = pushforwardPreparation(
    outOfPlace(f, q.m, q.preparer),
    backend,
    x,
    rest,
    true,
  );
  // The pushforward shaped like y, the value written into y (`q.y`, the call's).
  const eagerAnswer = (x: unknown, tx: unknown, args: readonly unknown[]): unknown => {
    const [v, t] = eager(x, tx, args);
    fill(q.method, q.y, v);
    return isTangentBatch(tx) ? (t as Value[]).map((d) => likeOutput(q.y, d)) : likeOutput(q.y, t);
  };
  const compiledAnswer = (
    ops: CompiledOperators,
    x: unknown,
    tx: unknown,
    args: readonly unknown[],
  ): unknown => {
    if (!isTangentBatch(tx)) return ops.pushforwardInPlace(q.y, x, tx, args);
    const r = ops.valueAndPushforwards(x, tx.items, args, p.compiledLanes());
    if (r === undefined) return undefined;
    fill(q.method, q.y, r[0]);
    return r[1].map((d) => likeOutput(q.y, d));
  };
  const pushforward = q.method3(p, 'pushforward', eagerAnswer, compiledAnswer);
  const valueAndPushforward = q.method3(
    p,
    'valueAndPushforward',
    (x, tx, args) => [q.y, eagerAnswer(x, tx, args)],
    (ops, x, tx, args) => {
      const t = compiledAnswer(ops, x, tx, args);
      return t === undefined ? undefined : [q.y, t];
    },
  );
  return Object.assign(p.common(), {
    pushforward,
    valueAndPushforward,
    pushforwardInPlace: pushforward,
    valueAndPushforwardInPlace: valueAndPushforward,
  }) as PushforwardInPlacePrep<X>;
}

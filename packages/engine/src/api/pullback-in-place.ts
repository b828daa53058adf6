import type { Backend } from '../backends/backend.js';
import { type InPlaceFunction, type OutputArray, outOfPlace, fill } from './in-place-function.js';
import { InPlacePreparation, readThrough, runInPlace } from './in-place-call.js';
import type { Prepared } from './preparation.js';
import { preparePullback, runValueAndPullback } from './pullback.js';
import type { TangentBatch } from './tangents.js';
import type { Input, Value, Like } from './types.js';

/**
 * The in-place pullback (`pullbackInPlace`, `valueAndPullbackInPlace`) and its preparation:
 * `f(y, x, ...rest)` writes its result into `y` with `setAt`; each fills the caller's `y` with
 * the value and returns the pullback of a cotangent shaped like `y`, in `x`'s structure.
 */

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
  return runInPlace('valueAndPullbackInPlace', f, backend, y, x, (g, ctx) =>
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
  return runInPlace('pullbackInPlace', f, backend, y, x, (g, ctx) =>
    runValueAndPullback(g, backend, x, dy, rest, ctx),
  )[1] as Like<X>;
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
  return Object.assign(readThrough(p), {
    pullback,
    valueAndPullback,
    pullbackInPlace: pullback,
    valueAndPullbackInPlace: valueAndPullback,
  }) as PullbackInPlacePrep<X>;
}

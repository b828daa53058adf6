import type { Backend } from '../backends/backend.js';
import { type InPlaceFunction, type OutputArray, outOfPlace, fill } from './in-place-function.js';
import type { CompiledOperators } from '../staging/compiled-operators.js';
import { InPlacePreparation, runInPlace } from './in-place-call.js';
import type { Prepared } from './preparation.js';
import { pullbackPreparation, runValueAndPullback } from './pullback.js';
import { isTangentBatch } from './tangents.js';
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
  const { p, eager } = pullbackPreparation(outOfPlace(f, q.m, q.preparer), backend, x, rest);
  // The pullback in x's structure, the value written into y (`q.y`, the call's).
  const eagerAnswer = (x: unknown, dy: unknown, args: readonly unknown[]): unknown => {
    const [v, dx] = eager(x, dy, args);
    fill(q.method, q.y, v);
    return dx;
  };
  const compiledAnswer = (
    ops: CompiledOperators,
    x: unknown,
    dy: unknown,
    args: readonly unknown[],
  ): unknown => {
    if (!isTangentBatch(dy)) return ops.pullbackInPlace(q.y, x, dy, args);
    const r = ops.valueAndPullbacks(x, dy.items, args);
    if (r === undefined) return undefined;
    fill(q.method, q.y, r[0]);
    return r[1];
  };
  const pullback = q.method3(p, 'pullback', eagerAnswer, compiledAnswer);
  const valueAndPullback = q.method3(
    p,
    'valueAndPullback',
    (x, dy, args) => [q.y, eagerAnswer(x, dy, args)],
    (ops, x, dy, args) => {
      const dx = compiledAnswer(ops, x, dy, args);
      return dx === undefined ? undefined : [q.y, dx];
    },
  );
  return Object.assign(p.common(), {
    pullback,
    valueAndPullback,
    pullbackInPlace: pullback,
    valueAndPullbackInPlace: valueAndPullback,
  }) as PullbackInPlacePrep<X>;
}

import type { Matrix, Real } from '@pullback/rules-core';
import type { Backend } from '../backends/backend.js';
import * as dense from '../backends/dense-passes.js';
import * as core from '../backends/passes.js';
import { passesOf } from '../backends/passes.js';
import type { UserFunction } from '../interpreters/passes.js';
import { copyValue, unshared } from '../tree/fresh.js';
import { primalDeep } from '../tree/primal-deep.js';
import { flattenReal, sizeOf, structureOf, unflattenReal } from '../tree/structure.js';
import { densify } from '../values/lift.js';
import { withScratch } from './cache.js';
import { begin } from './context.js';
import { MAX_JACOBIAN_ENTRIES } from './linearize.js';
import { plan } from './plan.js';
import { requireCotangentShape } from './same-shape.js';
import { type TangentBatch, directionsOf } from './tangents.js';
import type { Input, Value, Differentiand, Like } from './types.js';

/**
 * `vjp` (JAX's `vjp`): `f` recorded once at `x`, its pullback applied to any number of
 * cotangents. With a reverse backend each application is one sweep of the recorded tape (no
 * new recording); with a forward or finite-difference backend the Jacobian is built once and
 * each application is a vector-matrix product.
 */

/** What `vjp` returns: the value and the pullback of `f` at `x`. */
export interface VjpResult<X> {
  /** `f(x)`. */
  readonly value: Value;
  /**
   * The vector-Jacobian product of `dy` (shaped like `value`; a `ShapeMismatchError` says so
   * otherwise), in `x`'s structure; given a batch `tangents(dy1, dy2, …)`, one per cotangent.
   */
  pullback(dy: TangentBatch<Value>): Like<X>[];
  pullback(dy: Value): Like<X>;
  /** A sentence saying which backend recorded `f` and what one application costs. */
  explain(): string;
}

/**
 * Records `f` once at `x` (extra arguments `rest` are constants) and returns its value and a
 * pullback to apply to many cotangents, each without recording again. `x` is copied first, so
 * changing the caller's `x` later does not change the pullback.
 *
 * @example
 * ```ts
 * const { value, pullback } = vjp(f, reverse(), x);
 * const [g1, g2] = [pullback(dy1), pullback(dy2)];
 * ```
 */
export function vjp<X extends Input>(
  f: Differentiand,
  backend: Backend,
  x: X,
  ...given: unknown[]
): VjpResult<X> {
  const rest = withScratch(given);
  const ctx = begin(backend, x, 'vjp');
  const at = copyValue(x);
  const b = ctx.call('vjp', () => plan(f, backend, 'pullback', at, rest, 'vjp').backend);
  const xs = structureOf(at);
  let y: unknown;
  let apply: (dy: unknown) => unknown;
  let how: string;
  const passes = passesOf(b);
  const record = passes.record?.bind(passes);
  if (record !== undefined) {
    // A recording the result owns, swept for each cotangent.
    const run = ctx.call('vjp', () => record(b, f as UserFunction, at, rest, ctx));
    y = run.y;
    const like = primalDeep(y);
    const ys = structureOf(like, 'f(x)', 'vjp');
    const m = sizeOf(ys);
    const n = sizeOf(xs);
    // The pullback is linear: once as many sweeps have run as f has outputs, the Jacobian's
    // rows cost no more to build, and each later application is a vector-matrix product (for
    // a scalar loss, the gradient scaled).
    let rows: Matrix<Float64Array | Real[]> | undefined;
    let sweeps = 0;
    apply = (dy) => {
      if (rows === undefined && ++sweeps >= m && m * n <= MAX_JACOBIAN_ENTRIES) {
        const data: Real[] = [];
        for (let i = 0; i < m; i++)
          for (const v of flattenReal(run.pullback(dense.basis(ys, m, i)), xs)) data.push(v);
        const numeric = data.every((v) => typeof v === 'number');
        rows = { rows: m, cols: n, data: numeric ? Float64Array.from(data as number[]) : data };
      }
      if (rows === undefined) return dense.conform(run.pullback(dy), xs);
      const w = flattenReal(densify(dy, like), ys);
      return unflattenReal(xs, rowCombination(w, rows));
    };
    how =
      'one sweep of the tape recorded at x (after as many sweeps as f has outputs, a ' +
      'vector-matrix product with the Jacobian they give)';
  } else {
    const r = ctx.call('vjp', () => core.valueAndPullbackFn(f as UserFunction, b, at, rest, ctx));
    y = r.y;
    apply = r.pullback;
    how = 'a vector-matrix product with the Jacobian built at x';
  }
  const value = copyValue(y) as Value;
  const pullback = (dy: unknown): unknown =>
    ctx.call('vjp(…).pullback', () => {
      const { batched, items } = directionsOf(dy);
      for (const d of items) requireCotangentShape(ctx.operator, d, y);
      const out = items.map((d) => apply(d));
      return unshared([batched ? out : out[0]], [at, value, ...items])[0];
    });
  return {
    value,
    pullback: pullback as VjpResult<X>['pullback'],
    explain: () => `vjp recorded f once with ${b.kind}(); each pullback is ${how}.`,
  };
}

/** `wᵀ J`: a typed loop when everything is numeric, else the generic product. */
function rowCombination(
  w: Float64Array | Real[],
  J: Matrix<Float64Array | Real[]>,
): Float64Array | Real[] {
  const data = J.data;
  if (!(w instanceof Float64Array) || !(data instanceof Float64Array)) return dense.vecmat(w, J);
  const n = J.cols;
  const out = new Float64Array(n);
  for (let i = 0; i < J.rows; i++) {
    const wi = w[i];
    if (wi === 0) continue;
    for (let j = 0, k = i * n; j < n; j++, k++) out[j] += wi * data[k];
  }
  return out;
}

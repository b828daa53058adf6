import type { Matrix, Real } from '@pullback/rules-core';
import type { Backend } from '../backends/backend.js';
import * as dense from '../backends/dense-passes.js';
import * as core from '../backends/passes.js';
import { passesOf } from '../backends/passes.js';
import type { PassContext } from '../interpreters/pass-context.js';
import type { UserFunction } from '../interpreters/passes.js';
import { copyValue, unshared } from '../tree/fresh.js';
import { primalDeep } from '../tree/primal-deep.js';
import { flattenReal, sizeOf, structureOf, unflattenReal } from '../tree/structure.js';
import { withScratch } from './cache.js';
import { begin } from './context.js';
import { plan } from './plan.js';
import { preparePushforward } from './pushforward.js';
import { requireShapeOfInput } from './same-shape.js';
import { type TangentBatch, directionsOf } from './tangents.js';
import type { Input, Value, Differentiand, Like } from './types.js';

/**
 * `linearize` (JAX's `linearize`): `f` evaluated once at `x`, its linear map `tx ↦ J tx`
 * applied to many tangents without evaluating `f` again. The linear map is, in order of
 * preference:
 * - the compiled tangent code of a prepared pushforward (straight-line JavaScript generated
 *   from one trace of `f`, run at the fixed point: no tape, no dual numbers);
 * - the Jacobian itself, when it is small and cheap to build (`m·n ≤ 2²⁰` entries from at most
 *   `MAX_BUILD_PASSES` passes or sweeps of the given backend);
 * - otherwise one eager pushforward per application, as `explain()` then says.
 */

/** Most passes (forward) or sweeps (reverse) spent building a Jacobian for `linearize`. */
export const MAX_BUILD_PASSES = 64;
/** Most entries of a Jacobian `linearize` keeps (8 MB of doubles). */
export const MAX_JACOBIAN_ENTRIES = 2 ** 20;

/** What `linearize` returns: the value and the linear map of `f` at `x`. */
export interface LinearizeResult<X> {
  /** `f(x)`. */
  readonly value: Value;
  /**
   * The Jacobian-vector product along `tx` (shaped like `x`; a `ShapeMismatchError` says so
   * otherwise), in `value`'s structure; given a batch `tangents(t1, t2, …)`, one per direction.
   */
  jvp(tx: TangentBatch<Like<X>>): Value[];
  jvp(tx: Like<X>): Value;
  /** A sentence saying how the linear map is applied. */
  explain(): string;
}

/**
 * Evaluates `f` once at `x` (extra arguments `rest` are constants) and returns its value and
 * its linear map, to apply to many tangents each without evaluating `f` again. `x` is copied
 * first, so changing the caller's `x` later does not change the map.
 *
 * @example
 * ```ts
 * const { value, jvp } = linearize(f, forward(), x);
 * const [j1, j2] = [jvp(t1), jvp(t2)];
 * ```
 */
export function linearize<X extends Input>(
  f: Differentiand,
  backend: Backend,
  x: X,
  ...given: unknown[]
): LinearizeResult<X> {
  const rest = withScratch(given);
  const ctx = begin(backend, x, 'linearize');
  const at = copyValue(x);
  const xs = structureOf(at);
  const n = sizeOf(xs);
  const prep = preparePushforward(f, backend, at as X, ...rest);
  // One pass at the zero tangent gives the value (compiled code when f compiled).
  const zero = unflattenReal(xs, new Float64Array(n)) as Like<X>;
  const value = prep.valueAndPushforward(at as Like<X>, zero)[0];
  let apply: (tx: unknown) => unknown = (tx) =>
    prep.pushforward(at as Like<X>, tx as Like<X>, ...rest);
  let how = "the compiled tangent code at x (f's primal work reruns in generated code)";
  if (!prep.compilation.compiled) {
    const b = ctx.call('linearize', () => plan(f, backend, 'pushforward', at, rest).backend);
    const ys = structureOf(primalDeep(value), 'f(x)', 'linearize');
    const m = sizeOf(ys);
    const J = ctx.call('linearize', () => smallJacobian(f as UserFunction, b, at, rest, m, n, ctx));
    if (J !== undefined) {
      apply = (tx) => unflattenReal(ys, dense.matvec(J, flattenReal(tx, xs)));
      how = `a matrix-vector product with the ${m}×${n} Jacobian built at x`;
    } else {
      how =
        `one eager pushforward (f could not be compiled: ${prep.compilation.reason ?? 'unknown'}; ` +
        'and its Jacobian is too large to keep)';
    }
  }
  const y = copyValue(value) as Value;
  const jvp = (tx: unknown): unknown =>
    ctx.call('linearize(…).jvp', () => {
      const { batched, items } = directionsOf(tx);
      items.forEach((t, k) =>
        requireShapeOfInput(ctx.operator, batched ? `tx[${k}]` : 'tx', t, at),
      );
      const out = items.map((t) => apply(t));
      return unshared([batched ? out : out[0]], [at, y, ...items])[0];
    });
  return {
    value: y,
    jvp: jvp as LinearizeResult<X>['jvp'],
    explain: () => `linearize evaluated f once at x; each jvp is ${how}.`,
  };
}

/**
 * The Jacobian of `f` at `x` when it has at most `MAX_JACOBIAN_ENTRIES` entries and takes at most
 * `MAX_BUILD_PASSES` passes (forward) or sweeps (reverse) of `b` to build, else `undefined`.
 */
function smallJacobian(
  f: UserFunction,
  b: dense.ConcreteBackend,
  x: unknown,
  rest: readonly unknown[],
  m: number,
  n: number,
  ctx: PassContext,
): Matrix<Float64Array | Real[]> | undefined {
  if (m * n > MAX_JACOBIAN_ENTRIES) return undefined;
  if (passesOf(b).jacobianBuildPasses(b, m, n) > MAX_BUILD_PASSES) return undefined;
  return core.valueAndJacobian(f, b, x, rest, ctx).jacobian;
}

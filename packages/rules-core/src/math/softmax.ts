import { primal, type Real, type RealArray } from '../active.js';
import { differentiable, type DifferentiableFunction } from '../differentiable.js';
import { zeroTangent } from '../tangent.js';
import { add, div, mul, sub, sum } from './arithmetic.js';
import { dot } from './dot.js';
import { exp, log } from './elementary.js';
import { at } from './indexing.js';
import { isPassiveArray, lengthOf, nonZero } from './internal/arrays.js';
import type { ArrayMap, Reduction } from './signatures.js';

/** The largest primal value of `x` (`-Infinity` when empty, `NaN` when any is `NaN`). */
function primalMax(x: RealArray): number {
  let m = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = primal(at(x, i));
    if (v > m || Number.isNaN(v)) m = v;
    if (Number.isNaN(m)) return m;
  }
  return m;
}

/**
 * `log Σ exp(xᵢ)`, computed stably by shifting by the maximum (which cancels exactly in the
 * result, so it is taken as a constant). An empty array gives `-Infinity`.
 */
export const logsumexp: DifferentiableFunction<Reduction> = differentiable(
  function logsumexp(x: RealArray): Real {
    lengthOf('logsumexp', x);
    if (isPassiveArray(x)) {
      let m = -Infinity;
      for (let i = 0; i < x.length; i++) {
        if (x[i] > m || Number.isNaN(x[i])) m = x[i];
      }
      if (!Number.isFinite(m)) return m;
      let s = 0;
      for (let i = 0; i < x.length; i++) s += Math.exp(x[i] - m);
      return m + Math.log(s);
    }
    const m = primalMax(x);
    if (!Number.isFinite(m)) return m;
    return add(m, log(sum(exp(sub(x, m)))));
  },
  {
    frule: ([x], [dx]) => {
      const t = nonZero<RealArray>(dx);
      return [logsumexp(x), t === undefined ? zeroTangent : dot(softmax(x), t)];
    },
    rrule: ([x]) => [
      logsumexp(x),
      (dy) => {
        const u = nonZero<Real>(dy);
        return [u === undefined ? zeroTangent : mul(u, softmax(x))];
      },
    ],
  },
) as DifferentiableFunction<Reduction>;

/**
 * `exp(xᵢ) / Σ exp(xⱼ)`, computed stably by shifting by the maximum. Its Jacobian-vector
 * products `p ⊙ (t − ⟨p, t⟩)` are used in both directions (the Jacobian is symmetric).
 */
export const softmax: DifferentiableFunction<ArrayMap> = differentiable(
  function softmax(x: RealArray): RealArray {
    const n = lengthOf('softmax', x);
    if (isPassiveArray(x)) {
      let m = -Infinity;
      for (let i = 0; i < n; i++) if (x[i] > m || Number.isNaN(x[i])) m = x[i];
      const out = new Float64Array(n);
      let s = 0;
      for (let i = 0; i < n; i++) {
        out[i] = Math.exp(x[i] - m);
        s += out[i];
      }
      for (let i = 0; i < n; i++) out[i] /= s;
      return out;
    }
    const e = exp(sub(x, primalMax(x)));
    return div(e, sum(e));
  },
  {
    frule: ([x], [dx]) => {
      const p = softmax(x);
      const t = nonZero<RealArray>(dx);
      return [p, t === undefined ? zeroTangent : mul(p, sub(t, dot(p, t)))];
    },
    rrule: ([x]) => {
      const p = softmax(x);
      return [
        p,
        (dy) => {
          const u = nonZero<RealArray>(dy);
          return [u === undefined ? zeroTangent : mul(p, sub(u, dot(p, u)))];
        },
      ];
    },
  },
) as DifferentiableFunction<ArrayMap>;

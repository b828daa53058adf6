import { primal, type Real, type RealArray } from '../active.js';
import { differentiable, type DifferentiableFunction } from '../differentiable.js';
import { zeroTangent } from '../tangent.js';
import { div, mul } from './arithmetic.js';
import { dot } from './dot.js';
import { sqrt } from './elementary.js';
import { isPassiveArray, lengthOf, nonZero } from './internal/arrays.js';
import type { Reduction } from './signatures.js';

/**
 * The Euclidean norm `√(Σ xᵢ²)`, computed without overflow or underflow. Its gradient `x / ‖x‖`
 * is taken as zero at `x = 0` (a subgradient), not `NaN`, as in ChainRules.
 */
export const norm: DifferentiableFunction<Reduction> = differentiable(
  function norm(x: RealArray): Real {
    lengthOf('norm', x);
    if (isPassiveArray(x)) {
      // Scaling by the largest magnitude keeps the squares in range (BLAS' nrm2 does the same).
      let scale = 0;
      for (let i = 0; i < x.length; i++) {
        const a = Math.abs(x[i]);
        if (a > scale || Number.isNaN(a)) scale = a;
      }
      if (scale === 0 || !Number.isFinite(scale)) return scale;
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        const r = x[i] / scale;
        s += r * r;
      }
      return scale * Math.sqrt(s);
    }
    return sqrt(dot(x, x));
  },
  {
    frule: ([x], [dx]) => {
      const y = norm(x);
      const t = nonZero<RealArray>(dx);
      if (t === undefined) return [y, zeroTangent];
      return [y, primal(y) === 0 ? 0 : div(dot(x, t), y)];
    },
    rrule: ([x]) => {
      const y = norm(x);
      return [
        y,
        (dy) => {
          const u = nonZero<Real>(dy);
          if (u === undefined) return [zeroTangent];
          return [primal(y) === 0 ? new Float64Array(x.length) : mul(div(u, y), x)];
        },
      ];
    },
  },
) as DifferentiableFunction<Reduction>;

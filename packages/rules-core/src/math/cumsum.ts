import type { Real, RealArray } from '../active.js';
import { differentiable, type DifferentiableFunction } from '../differentiable.js';
import { zeroTangent } from '../tangent.js';
import { add, sub, sum } from './arithmetic.js';
import { isPassiveArray, lengthOf, nonZero } from './internal/arrays.js';
import type { LinearArrayMap } from './signatures.js';
import { multilinear, withTangentRule } from './tangent-rules.js';

/** Suffix sums `sᵢ = Σ_{j≥i} uⱼ`: the pullback of `cumsum`. */
function suffixSums(u: RealArray): RealArray {
  if (isPassiveArray(u)) {
    const out = new Float64Array(u.length);
    let s = 0;
    for (let i = u.length - 1; i >= 0; i--) {
      s += u[i];
      out[i] = s;
    }
    return out;
  }
  // Σ_{j≥i} uⱼ = Σ u − Σ_{j≤i} uⱼ + uᵢ, with operations that dispatch at any level.
  return add(sub(sum(u), cumsum(u)), u);
}

/** Running sums: `yᵢ = x₀ + … + xᵢ`. */
export const cumsum: DifferentiableFunction<LinearArrayMap> = differentiable(
  function cumsum(x: RealArray): RealArray {
    const n = lengthOf('cumsum', x);
    if (isPassiveArray(x)) {
      const out = new Float64Array(n);
      let s = 0;
      for (let i = 0; i < n; i++) {
        s += x[i];
        out[i] = s;
      }
      return out;
    }
    const xs = x as ArrayLike<Real>;
    const out: Real[] = new Array<Real>(n);
    let s: Real = 0;
    for (let i = 0; i < n; i++) {
      s = add(s, xs[i]);
      out[i] = s;
    }
    return out;
  },
  {
    frule: ([x], [dx]) => {
      const t = nonZero<RealArray>(dx);
      return [cumsum(x), t === undefined ? zeroTangent : cumsum(t)];
    },
    rrule: ([x]) => [
      cumsum(x),
      (dy) => {
        const u = nonZero<RealArray>(dy);
        return [u === undefined ? zeroTangent : suffixSums(u)];
      },
    ],
  },
) as DifferentiableFunction<LinearArrayMap>;

// Linear in each argument: a structural zero anywhere is the result (ChainRules' tangent arithmetic).
withTangentRule(multilinear, cumsum);

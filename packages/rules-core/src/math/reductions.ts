import type { Real, RealArray } from '../active.js';
import { differentiable, type DifferentiableFunction } from '../differentiable.js';
import { isAbstractZero, unthunk, zeroTangent } from '../tangent.js';
import { div, fill, mul, sum } from './arithmetic.js';
import { dot } from './dot.js';
import { at } from './indexing.js';
import { collect, isPassiveArray, lengthOf } from './internal/arrays.js';
import type { LinearReduction, Reduction } from './signatures.js';
import { multilinear, withTangentRule } from './tangent-rules.js';

/**
 * `g` with `g[i] = ∏_{j≠i} x[j]`, the gradient of `prod`, from prefix and suffix products (no
 * division, so zeros in `x` are handled exactly).
 */
function productsExcept(x: RealArray): Float64Array | Real[] {
  const n = x.length;
  if (isPassiveArray(x)) {
    const g = new Float64Array(n);
    let p = 1;
    for (let i = 0; i < n; i++) {
      g[i] = p;
      p *= x[i];
    }
    p = 1;
    for (let i = n - 1; i >= 0; i--) {
      g[i] *= p;
      p *= x[i];
    }
    return g;
  }
  const g: Real[] = new Array<Real>(n);
  let p: Real = 1;
  for (let i = 0; i < n; i++) {
    g[i] = p;
    p = mul(p, at(x, i));
  }
  p = 1;
  for (let i = n - 1; i >= 0; i--) {
    g[i] = mul(g[i], p);
    p = mul(p, at(x, i));
  }
  return collect(g);
}

/** `x₀ · x₁ · …`; an empty array gives 1. */
export const prod: DifferentiableFunction<Reduction> = differentiable(
  function prod(x: RealArray): Real {
    lengthOf('prod', x);
    if (isPassiveArray(x)) {
      let p = 1;
      for (let i = 0; i < x.length; i++) p *= x[i];
      return p;
    }
    const xs = x as ArrayLike<Real>;
    let p: Real = 1;
    for (let i = 0; i < xs.length; i++) p = mul(p, xs[i]);
    return p;
  },
  {
    frule: ([x], [dx]) => {
      const y = prod(x);
      return [y, isAbstractZero(dx) ? zeroTangent : dot(productsExcept(x), dx as RealArray)];
    },
    rrule: ([x]) => [
      prod(x),
      (dy) => {
        const u = unthunk(dy);
        return [isAbstractZero(u) ? zeroTangent : mul(u as Real, productsExcept(x))];
      },
    ],
  },
) as DifferentiableFunction<Reduction>;

/** The arithmetic mean `sum(x) / n`; an empty array gives `NaN`. */
export const mean: DifferentiableFunction<LinearReduction> = differentiable(
  function mean(x: RealArray): Real {
    const n = lengthOf('mean', x);
    return div(sum(x), n);
  },
  {
    frule: ([x], [dx]) => [
      mean(x),
      isAbstractZero(dx) ? zeroTangent : div(sum(dx as RealArray), x.length),
    ],
    rrule: ([x]) => {
      const n = x.length;
      return [
        mean(x),
        (dy) => {
          const u = unthunk(dy);
          return [isAbstractZero(u) ? zeroTangent : fill(div(u as Real, n), n)];
        },
      ];
    },
  },
) as DifferentiableFunction<LinearReduction>;

// Linear in each argument: a structural zero anywhere is the result (ChainRules' tangent arithmetic).
withTangentRule(multilinear, mean);

// corpus: clean
// about: a first-difference operator with hand-written frule and rrule (it is linear); its body only ever runs on plain numbers and uses a Float64Array for speed
import {
  differentiable,
  isAbstractZero,
  unthunk,
  zeroTangent,
  type DifferentiableFunction,
  type RealArray,
} from '@pullback/rules-core';
import { add, mul, square, sub, sum } from '@pullback/rules-core/math';
import { gradient, reverse } from '@pullback/engine';

/** y[i] = x[i + 1] − x[i]. */
export const diff: DifferentiableFunction<(x: RealArray) => RealArray> = differentiable(
  (x: RealArray): RealArray => {
    const xs = x as Float64Array;
    const y = new Float64Array(xs.length - 1);
    for (let i = 0; i < y.length; i++) y[i] = xs[i + 1] - xs[i];
    return y;
  },
  {
    frule: ([x], [dx]) => [diff(x), isAbstractZero(dx) ? zeroTangent : diff(dx as RealArray)],
    rrule: ([x]) => [
      diff(x),
      (dy) => {
        const d = unthunk(dy);
        return [isAbstractZero(d) ? zeroTangent : diffAdjoint(d as RealArray)];
      },
    ],
  },
);

/** The adjoint of diff: g[0] = −d[0], g[j] = d[j − 1] − d[j], g[n − 1] = d[n − 2]. */
export const diffAdjoint: DifferentiableFunction<(d: RealArray) => RealArray> = differentiable(
  (d: RealArray): RealArray => {
    const ds = d as Float64Array;
    const g = new Float64Array(ds.length + 1);
    for (let j = 0; j < g.length; j++) g[j] = (j > 0 ? ds[j - 1] : 0) - (j < ds.length ? ds[j] : 0);
    return g;
  },
  {
    frule: ([d], [dd]) => [diffAdjoint(d), isAbstractZero(dd) ? zeroTangent : diffAdjoint(dd as RealArray)],
    rrule: ([d]) => [
      diffAdjoint(d),
      (dg) => {
        const g = unthunk(dg);
        return [isAbstractZero(g) ? zeroTangent : diff(g as RealArray)];
      },
    ],
  },
);

const noisy = Float64Array.from({ length: 50 }, (_, i) => Math.sin(i / 8) + 0.2 * Math.sin(13 * i));

/** Total-variation-like smoothing objective: roughness plus fidelity. */
export const dSmooth = gradient(
  (x: RealArray) => add(mul(4, sum(square(diff(x)))), sum(square(sub(x, noisy)))),
  reverse(),
  noisy,
);

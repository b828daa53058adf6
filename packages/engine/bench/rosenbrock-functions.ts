/**
 * The functions both engine benchmarks time: Rosenbrock written three ways, the scalar-heavy
 * function, and the hand-written code they are measured against.
 */
import type { Real, RealArray } from '@pullback/rules-core';
import {
  add,
  at,
  cos,
  exp,
  map2,
  mul,
  sin,
  slice,
  square,
  sub,
  sum,
} from '@pullback/rules-core/math';

/** As a JavaScript loop over scalars. */
export const rosenbrockLoop = (x: RealArray): Real => {
  let s: Real = 0;
  for (let i = 0; i + 1 < x.length; i++) {
    const a = at(x, i);
    s = add(s, add(mul(100, square(sub(at(x, i + 1), square(a)))), square(sub(1, a))));
  }
  return s;
};
/** With whole-array operations on slices, and as a `map2` kernel summed. */
export const rosenbrockArray = (x: RealArray): Real => {
  const a = slice(x, 0, x.length - 1);
  const b = slice(x, 1, x.length);
  return sum(add(mul(100, square(sub(b, square(a)))), square(sub(1, a))));
};
const term = (a: Real, b: Real): Real =>
  add(mul(100, square(sub(b, square(a)))), square(sub(1, a)));
export const rosenbrockMap2 = (x: RealArray): Real =>
  sum(map2(term, slice(x, 0, x.length - 1), slice(x, 1, x.length)));

/** The hand-written Rosenbrock function and gradient. */
export function primalHand(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i + 1 < x.length; i++) {
    const a = x[i];
    const d = x[i + 1] - a * a;
    s += 100 * d * d + (1 - a) * (1 - a);
  }
  return s;
}
export function gradientHand(x: Float64Array): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i + 1 < x.length; i++) {
    const a = x[i];
    const d = x[i + 1] - a * a;
    g[i] += -400 * d * a - 2 * (1 - a);
    g[i + 1] += 200 * d;
  }
  return g;
}

/** Hand-written H·v of the extended Rosenbrock function. */
export function hvpHand(x: Float64Array, v: Float64Array): Float64Array {
  const h = new Float64Array(x.length);
  for (let i = 0; i + 1 < x.length; i++) {
    const a = x[i];
    const d = x[i + 1] - a * a;
    const dd = v[i + 1] - 2 * a * v[i];
    h[i] += -400 * (dd * a + d * v[i]) + 2 * v[i];
    h[i + 1] += 200 * dd;
  }
  return h;
}

// A scalar-heavy function of 100 inputs: many transcendental operations per input.
export const heavy = (x: RealArray): Real => {
  let s: Real = 0;
  for (let i = 0; i < x.length; i++) {
    let v = at(x, i);
    for (let k = 0; k < 20; k++) v = add(mul(0.5, sin(v)), mul(0.25, cos(mul(v, v))));
    s = add(s, exp(mul(-0.1, v)));
  }
  return s;
};
/** The same function with whole-array operations (one fused loop once compiled). */
export const heavyArray = (x: RealArray): Real => {
  let v: RealArray = x;
  for (let k = 0; k < 20; k++) v = add(mul(0.5, sin(v)), mul(0.25, cos(mul(v, v))));
  return sum(exp(mul(-0.1, v)));
};
export const heavyHand = (x: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    let v = x[i];
    for (let k = 0; k < 20; k++) v = 0.5 * Math.sin(v) + 0.25 * Math.cos(v * v);
    s += Math.exp(-0.1 * v);
  }
  return s;
};
export function heavyGradientHand(x: Float64Array): Float64Array {
  const g = new Float64Array(x.length);
  const vs = new Float64Array(21);
  for (let i = 0; i < x.length; i++) {
    let v = x[i];
    vs[0] = v;
    for (let k = 0; k < 20; k++) {
      v = 0.5 * Math.sin(v) + 0.25 * Math.cos(v * v);
      vs[k + 1] = v;
    }
    let d = -0.1 * Math.exp(-0.1 * v);
    for (let k = 19; k >= 0; k--) {
      const u = vs[k];
      d *= 0.5 * Math.cos(u) - 0.5 * u * Math.sin(u * u);
    }
    g[i] = d;
  }
  return g;
}

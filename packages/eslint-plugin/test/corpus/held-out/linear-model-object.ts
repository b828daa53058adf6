// corpus: clean
// about: a ridge linear model as an object literal (this.predict inside this.loss), trained with prepareGradient; the update loop writes plain numbers into the Float64Array parameters
import { prepareGradient, reverse } from '@pullback/engine';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, dot, mean, mul, slice, square, sub } from '@pullback/rules-core/math';

export const ridge = {
  l2: 1e-3,
  predict(theta: RealArray, x: readonly number[]): Real {
    return add(at(theta, 0), dot(slice(theta, 1), x));
  },
  loss(theta: RealArray, xs: readonly (readonly number[])[], ys: readonly number[]): Real {
    const errors = xs.map((x, n) => square(sub(this.predict(theta, x), ys[n])));
    return add(mean(errors), mul(this.l2, dot(theta, theta)));
  },
};

export function fit(xs: number[][], ys: number[], epochs = 100, lr = 0.05): Float64Array {
  const theta = new Float64Array(xs[0].length + 1);
  const prep = prepareGradient((t: RealArray) => ridge.loss(t, xs, ys), reverse(), theta);
  for (let e = 0; e < epochs; e++) {
    const g = prep.gradient(theta);
    for (let j = 0; j < theta.length; j++) theta[j] -= lr * g[j];
  }
  return theta;
}

// corpus: clean
// about: long-only portfolio by projected gradient descent: a generic mean-variance objective, and a driver doing plain arithmetic on the gradient it gets back
import type { Matrix, Real, RealArray } from '@pullback/rules-core';
import { dot, matvec, mul, sub } from '@pullback/rules-core/math';
import { prepareGradient, reverse } from '@pullback/engine';

const covariance: Matrix<Float64Array> = {
  rows: 3,
  cols: 3,
  data: new Float64Array([0.04, 0.006, 0.012, 0.006, 0.09, 0.018, 0.012, 0.018, 0.0625]),
};
const expectedReturns = new Float64Array([0.07, 0.11, 0.09]);

function meanVariance(w: RealArray, aversion: number): Real {
  return sub(mul(0.5 * aversion, dot(w, matvec(covariance, w))), dot(expectedReturns, w));
}

export function optimise(aversion: number, iterations = 500, rate = 0.5): Float64Array {
  let w = new Float64Array([1 / 3, 1 / 3, 1 / 3]);
  const prep = prepareGradient(meanVariance, reverse(), w, aversion);
  for (let it = 0; it < iterations; it++) {
    const g = prep.gradient(w, aversion);
    const stepped = w.map((wi, i) => Math.max(0, wi - rate * g[i]));
    const total = stepped.reduce((s, v) => s + v, 0);
    w = stepped.map((v) => v / total);
  }
  return w;
}

// corpus: buggy
// about: elastic-net linear regression trained by gradient descent; the penalties it differentiates through are in regularizers.ts, the update loop is plain numbers
import { gradient, reverse } from '@pullback/engine';
import type { Matrix, Real, RealArray } from '@pullback/rules-core';
import { add, matvec, mean, mul, square, sub } from '@pullback/rules-core/math';
import { l1, l2 } from './regularizers.js';

export function objective(w: RealArray, X: Matrix, y: RealArray, alpha: number, ratio: number): Real {
  const residual = sub(matvec(X, w), y);
  const penalty = add(mul(ratio, l1(w as Float64Array)), mul((1 - ratio) / 2, l2(w as Float64Array)));
  return add(mean(square(residual)), mul(alpha, penalty));
}

export function train(X: Matrix<Float64Array>, y: Float64Array, epochs: number, lr = 0.01): Float64Array {
  let w = new Float64Array(X.cols);
  for (let e = 0; e < epochs; e++) {
    const g = gradient((v: RealArray) => objective(v, X, y, 0.1, 0.5), reverse(), w);
    w = w.map((wi, i) => wi - lr * g[i]);
  }
  return w;
}

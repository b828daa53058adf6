// corpus: clean
// about: least squares fit of polynomial coefficients with gradient descent, features and predictor from features.ts
import { gradient, reverse } from '@pullback/engine';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, square, sub } from '@pullback/rules-core/math';
import { polynomialFeatures, predict } from './features.js';

const xs = [0, 0.5, 1, 1.5, 2];
const ys = [1, 1.4, 2.2, 3.1, 4.9];
const phi = xs.map((x) => polynomialFeatures(x, 2));

const objective = (w: RealArray) => {
  let loss: Real = 0;
  for (let i = 0; i < phi.length; i++) loss = add(loss, square(sub(predict(w, phi[i]), ys[i])));
  return loss;
};

export function fit(steps: number): Float64Array {
  const w = new Float64Array(3);
  for (let k = 0; k < steps; k++) {
    const g = gradient(objective, reverse(), w);
    for (let j = 0; j < w.length; j++) w[j] -= 0.01 * g[j];
  }
  return w;
}

// corpus: clean
// about: an objective that logs its progress with primal values, toFixed and template literals
import { gradient, reverse } from '@pullback/engine';
import { primal, type RealArray } from '@pullback/rules-core';
import { mean, square, sub } from '@pullback/rules-core/math';

const targets = new Float64Array([0.2, 0.4, 0.6]);
let evaluations = 0;

export const dMse = gradient(
  (pred: RealArray) => {
    const loss = mean(square(sub(pred, targets)));
    evaluations++;
    if (evaluations % 100 === 0) console.log(`step ${evaluations}: mse = ${primal(loss).toFixed(5)}`);
    return loss;
  },
  reverse(),
  [0, 0, 0],
);

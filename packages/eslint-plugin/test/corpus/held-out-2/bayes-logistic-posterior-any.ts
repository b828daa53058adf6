// corpus: buggy
// about: Bayesian logistic regression log posterior with coefficients typed any; raw arithmetic and Math.log1p/Math.exp on the linear predictor
import { primal } from '@pullback/rules-core';
import { dot } from '@pullback/rules-core/math';
import { reverse, valueAndGradient } from '@pullback/engine';

interface Dataset {
  X: number[][];
  y: number[];
}

function logPosterior(beta: any, data: Dataset, priorScale: number) {
  let lp = 0;
  for (let i = 0; i < data.y.length; i++) {
    const eta = dot(beta, data.X[i]);
    lp += data.y[i] * eta - Math.log1p(Math.exp(eta)); // expect: no-raw-arithmetic, no-active-coercion
  }
  for (const b of beta) lp -= (b * b) / (2 * priorScale * priorScale); // expect: no-raw-arithmetic
  return lp;
}

const data: Dataset = {
  X: [
    [1, 0.5],
    [1, -1.2],
    [1, 2.0],
    [1, 0.3],
  ],
  y: [1, 0, 1, 0],
};

const [lp, grad] = valueAndGradient(logPosterior, reverse(), [0, 0], data, 2.5);
console.log(`log posterior ${primal(lp).toFixed(3)}, gradient ${grad.join(', ')}`);

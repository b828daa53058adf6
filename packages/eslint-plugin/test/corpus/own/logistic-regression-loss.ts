// corpus: buggy
// about: logistic regression negative log-likelihood on number[] weights; the sigmoid and the log use Math on active values
import { gradient, reverse } from '@pullback/engine';

const features = [
  [1, 0.5],
  [1, -1.5],
  [1, 2.0],
];
const labels = [1, 0, 1];

function sigmoid(z: number): number { // expect: prefer-generic-types
  return 1 / (1 + Math.exp(-z)); // expect: no-raw-arithmetic, no-active-coercion
}

function nll(w: number[]): number { // expect: prefer-generic-types
  let loss = 0;
  for (let k = 0; k < features.length; k++) {
    const z = w[0] * features[k][0] + w[1] * features[k][1]; // expect: no-raw-arithmetic
    const p = sigmoid(z);
    loss -= labels[k] * Math.log(p) + (1 - labels[k]) * Math.log(1 - p); // expect: no-raw-arithmetic, no-active-coercion
  }
  return loss;
}

export const grad = gradient(nll, reverse(), [0, 0]);

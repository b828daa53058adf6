// corpus: buggy
// about: mean-variance portfolio objective whose weights are typed number[]; the raw `*` and `+=` on the weights lose the derivative
import { gradient, reverse } from '@pullback/engine';

const covariance = [
  [0.04, 0.006, 0.012],
  [0.006, 0.09, 0.018],
  [0.012, 0.018, 0.0625],
];
const expectedReturns = [0.07, 0.11, 0.09];

function riskAdjustedCost(w: number[], cov: number[][], mu: number[], aversion: number) { // expect: prefer-generic-types
  let variance = 0;
  for (let i = 0; i < w.length; i++) {
    for (let j = 0; j < w.length; j++) {
      variance += w[i] * cov[i][j] * w[j]; // expect: no-raw-arithmetic
    }
  }
  let ret = 0;
  for (let i = 0; i < w.length; i++) ret += mu[i] * w[i]; // expect: no-raw-arithmetic
  return 0.5 * aversion * variance - ret; // expect: no-raw-arithmetic
}

export const sensitivity = gradient(
  (w: number[]) => riskAdjustedCost(w, covariance, expectedReturns, 3), // expect: prefer-generic-types
  reverse(),
  [0.4, 0.3, 0.3],
);

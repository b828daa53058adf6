// corpus: buggy
// about: a Sharpe ratio of portfolio returns differentiated in the weights; the mean and standard deviation helpers take readonly number[]
import { gradient, reverse } from '@pullback/engine';
import type { RealArray } from '@pullback/rules-core';
import { dot } from '@pullback/rules-core/math';

const scenarios = [
  [0.01, 0.03, -0.02],
  [0.02, -0.01, 0.04],
  [-0.01, 0.02, 0.01],
  [0.03, 0.01, 0.0],
];

function meanOf(xs: readonly number[]): number { // expect: prefer-generic-types
  return xs.reduce((s, v) => s + v, 0) / xs.length; // expect: no-raw-arithmetic
}

function stdOf(xs: readonly number[]): number { // expect: prefer-generic-types
  const m = meanOf(xs);
  return Math.sqrt(xs.reduce((s, v) => s + (v - m) ** 2, 0) / (xs.length - 1)); // expect: no-active-coercion, no-raw-arithmetic
}

export const dSharpe = gradient(
  (w: RealArray) => {
    const returns = scenarios.map((r) => dot(r, w) as number);
    return meanOf(returns) / stdOf(returns); // expect: no-raw-arithmetic
  },
  reverse(),
  [1 / 3, 1 / 3, 1 / 3],
);

// corpus: clean
// about: a numerically stable log-sigmoid declared with scalarRule (the primal on numbers, the partial reusing y) inside a ±1-label logistic loss
import { gradient, reverse } from '@pullback/engine';
import { scalarRule, type Real, type RealArray } from '@pullback/rules-core';
import { dot, exp, mul, neg, sub, sum } from '@pullback/rules-core/math';

export const logSigmoid = scalarRule(
  (x: number) => (x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x))),
  (_x, y) => [sub(1, exp(y))],
);

export function logisticLoss(w: RealArray, X: readonly (readonly number[])[], labels: readonly number[]): Real {
  const margins = X.map((x, n) => mul(labels[n], dot(w, x)));
  return neg(sum(logSigmoid(margins)));
}

export const lossGradient = (w0: number[], X: number[][], labels: number[]) =>
  gradient((w: RealArray) => logisticLoss(w, X, labels), reverse(), w0);

import { scalarRule } from '@pullback/rules-core';
import { neg, sub } from '@pullback/rules-core/math';
import { sigmoid } from './sigmoid.js';

/**
 * The logistic loss (binary cross-entropy on a logit): for a logit `z` and a target `t` in
 * [0, 1] (a label 0 or 1, or a soft label),
 * −t·log σ(z) − (1 − t)·log(1 − σ(z)) = softplus(z) − t·z.
 * Applied to arrays it is elementwise (sum it for a data set's loss); a scalar `t` broadcasts.
 *
 * Why a rule: traced as `−log(sigmoid(z))`, a confident wrong prediction (z = −1000 with
 * t = 1) gives `−log(0) = Infinity` and a `NaN` derivative, where the loss is 1000 and its
 * derivative −1. Here the value is rearranged so
 * that no large terms cancel, and the partials σ(z) − t (logit) and −z (target) are exact.
 *
 * @example
 * ```ts
 * logistic(0, 1); // log 2
 * logistic(-1000, 1); // 1000, with ∂/∂z = σ(−1000) − 1 = −1
 * ```
 */
export const logistic = scalarRule(
  function logistic(z: number, t: number): number {
    return z > 0 ? (1 - t) * z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)) - t * z;
  },
  (z, t) => [sub(sigmoid(z), t), neg(z)],
);

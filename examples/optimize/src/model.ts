import type { Real, RealArray } from '@pullback/rules-core';
import {
  add,
  exp,
  log,
  matmul,
  max,
  mul,
  slice,
  square,
  sub,
  sum,
} from '@pullback/rules-core/math';
import type { IrisData } from './iris.js';

/** The L2 penalty's weight λ in the loss. */
export const PENALTY = 1e-2;

/**
 * The penalised multinomial logistic regression loss: the mean cross-entropy of the softmax of
 * W·x over the flowers, plus (λ/2)‖W‖². `theta` holds W (classes × features, row-major,
 * intercepts in the last column); `data` is passed by the operators as a constant
 * (`prepareGradient(loss, backend, theta, data)`). Strictly convex, so it has one minimiser.
 *
 * Whole-array code over the vocabulary: one matrix product gives every logit, each class's row
 * of logits is one `slice`, and log Σₖ e^zₖ is shifted by the largest logit, so nothing
 * overflows (the shift cancels exactly, so its own derivative does not matter).
 */
export function loss(theta: RealArray, data: IrisData): Real {
  const { n, classes, features, oneHot } = data;
  const W = { rows: classes, cols: features.rows, data: theta };
  const logits = matmul(W, features).data; // classes × n
  const z = Array.from({ length: classes }, (_, k) => slice(logits, k * n, (k + 1) * n));
  const shift = z.reduce((m, zk) => max(m, zk));
  const sumExp = z.reduce<RealArray>((s, zk) => add(s, exp(sub(zk, shift))), new Float64Array(n));
  const logPartition = add(shift, log(sumExp));
  const crossEntropy = sub(sum(logPartition), sum(mul(logits, oneHot)));
  return add(mul(1 / n, crossEntropy), mul(PENALTY / 2, sum(square(theta))));
}

/** The class with the largest logit for each flower, on plain numbers. */
export function predict(theta: ArrayLike<number>, data: IrisData): number[] {
  const { n, classes, features } = data;
  const d = features.rows;
  return Array.from({ length: n }, (_, i) => {
    let best = 0;
    let bestLogit = -Infinity;
    for (let k = 0; k < classes; k++) {
      let logit = 0;
      for (let j = 0; j < d; j++) logit += theta[k * d + j] * features.data[j * n + i];
      if (logit > bestLogit) [best, bestLogit] = [k, logit];
    }
    return best;
  });
}

/** The fraction of flowers whose predicted class is their class. */
export function accuracy(theta: ArrayLike<number>, data: IrisData): number {
  const predicted = predict(theta, data);
  return predicted.filter((k, i) => k === data.labels[i]).length / data.n;
}

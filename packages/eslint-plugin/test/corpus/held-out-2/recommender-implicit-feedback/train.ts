// corpus: buggy
// about: implicit-feedback training objective: embeddings are sliced out of the parameter vector and scored by embeddings.ts; the log loss is raw arithmetic too
import { gradient, reverse } from '@pullback/engine';
import { affinity, sigmoid } from './embeddings.js';

const k = 3;
const clicks: [number, number, 0 | 1][] = [
  [0, 0, 1],
  [0, 1, 0],
  [1, 1, 1],
];

function logLoss(theta: number[]) { // expect: prefer-generic-types
  let loss = 0;
  for (const [user, item, clicked] of clicks) {
    const u = theta.slice(user * k, user * k + k);
    const v = theta.slice((2 + item) * k, (2 + item) * k + k);
    const p = sigmoid(affinity(u, v));
    loss -= clicked === 1 ? Math.log(p) : Math.log(1 - p); // expect: no-raw-arithmetic, no-active-coercion
  }
  return loss;
}

export const dTheta = gradient(logLoss, reverse(), Array.from({ length: 12 }, (_, i) => 0.05 * (i % 5)));

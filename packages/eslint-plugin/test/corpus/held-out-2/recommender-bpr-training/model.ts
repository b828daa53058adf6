// corpus: clean
// about: Bayesian personalised ranking loss over user and item embeddings, written with the vocabulary on a flat parameter vector
import type { Real, RealArray } from '@pullback/rules-core';
import { add, dot, exp, log1p, mul, neg, slice, square, sub, sum } from '@pullback/rules-core/math';

export interface Triple {
  user: number;
  preferred: number;
  other: number;
}

export const embeddingSize = 4;

function embedding(theta: RealArray, row: number): RealArray {
  return slice(theta, row * embeddingSize, (row + 1) * embeddingSize);
}

export function bprLoss(theta: RealArray, triples: readonly Triple[], userCount: number, l2: number): Real {
  let loss: Real = mul(l2, sum(square(theta)));
  for (const { user, preferred, other } of triples) {
    const u = embedding(theta, user);
    const margin = sub(dot(u, embedding(theta, userCount + preferred)), dot(u, embedding(theta, userCount + other)));
    loss = add(loss, log1p(exp(neg(margin))));
  }
  return loss;
}

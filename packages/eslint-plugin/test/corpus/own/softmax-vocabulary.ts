// corpus: clean
// about: softmax cross-entropy written with the math vocabulary on RealArray
import { differentiable, type RealArray } from '@pullback/rules-core';
import { at, log, logsumexp, neg, softmax, sub } from '@pullback/rules-core/math';

export const crossEntropy = differentiable(
  (logits: RealArray, label: number) => sub(logsumexp(logits), at(logits, label)),
  undefined,
  { nondiff: [1] },
);

export const negLogProb = differentiable((logits: RealArray, label: number) =>
  neg(log(at(softmax(logits), label))),
);

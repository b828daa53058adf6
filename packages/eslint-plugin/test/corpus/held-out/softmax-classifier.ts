// corpus: clean
// about: a softmax classifier's cross-entropy written generically with logsumexp, at and matvec; the label is an index, the weights are held fixed
import { gradient, reverse } from '@pullback/engine';
import type { Matrix, Real, RealArray } from '@pullback/rules-core';
import { add, at, logsumexp, matvec, sub } from '@pullback/rules-core/math';

export function crossEntropy<T extends RealArray>(logits: T, label: number): Real {
  return sub(logsumexp(logits), at(logits, label));
}

export function affine(W: Matrix, b: RealArray, x: RealArray): RealArray {
  return add(matvec(W, x), b);
}

/** Gradient of the loss on one example with respect to the bias. */
export function biasGradient(W: Matrix, b: number[], x: readonly number[], label: number): number[] {
  return gradient((bias: RealArray) => crossEntropy(affine(W, bias, x), label), reverse(), b);
}

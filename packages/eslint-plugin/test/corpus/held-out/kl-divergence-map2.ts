// corpus: clean
// about: KL divergence and a pseudo-Huber loss written with pure map2 kernels (both operands passed as arguments, a captured constant only read)
import { gradient, reverse } from '@pullback/engine';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, div, log, map2, mul, softmax, sqrt, square, sub, sum } from '@pullback/rules-core/math';

export const klDivergence = (p: RealArray, q: RealArray): Real =>
  sum(map2((pi, qi) => mul(pi, log(div(pi, qi))), p, q));

export const pseudoHuber = (pred: RealArray, target: RealArray, delta: number): Real =>
  sum(map2((a, b) => mul(delta * delta, sub(sqrt(add(1, square(div(sub(a, b), delta)))), 1)), pred, target));

export function distillationGradient(logits: number[], teacher: readonly number[]): number[] {
  return gradient((z: RealArray) => klDivergence(teacher, softmax(z)), reverse(), logits);
}

export function regressionGradient(pred: number[], target: readonly number[]): number[] {
  return gradient((p: RealArray) => pseudoHuber(p, target, 0.5), reverse(), pred);
}

// corpus: buggy
// about: a map kernel reads its weights through a captured counter (weights[i++]); the kernel is traced once per call, so every element gets weights[0]
import { gradient, reverse } from '@pullback/engine';
import type { Real, RealArray } from '@pullback/rules-core';
import { map, mul, sum, tanh } from '@pullback/rules-core/math';

export function attentionScore(values: RealArray, weights: readonly number[]): Real {
  let i = 0;
  return sum(map((v) => tanh(mul(v, weights[i++])), values)); // expect: no-impure-kernel
}

export function scoreGradient(values: number[], weights: readonly number[]): number[] {
  return gradient((v: RealArray) => attentionScore(v, weights), reverse(), values);
}

// corpus: buggy
// about: TD errors weighted by γ^t inside a map2 kernel that advances a captured step counter (t++); traced once per call, every element is weighted γ^0
import { gradient, reverse } from '@pullback/engine';
import type { Real, RealArray } from '@pullback/rules-core';
import { map2, mul, square, sub, sum } from '@pullback/rules-core/math';

export function discountedTdLoss(values: RealArray, targets: readonly number[], gamma: number): Real {
  let t = 0;
  const weighted = map2((v, target) => mul(gamma ** t++, square(sub(target, v))), values, targets); // expect: no-impure-kernel
  return sum(weighted);
}

export const valueGradient = (values: number[], targets: number[]) =>
  gradient((v: RealArray) => discountedTdLoss(v, targets, 0.9), reverse(), values);

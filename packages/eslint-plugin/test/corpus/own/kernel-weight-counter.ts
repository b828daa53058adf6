// corpus: buggy
// about: a map kernel reads per-element weights through a captured counter it increments; traced once, every element gets the first weight
import { differentiable, type RealArray } from '@pullback/rules-core';
import { at, map, mul, sum } from '@pullback/rules-core/math';

export const weightedSum = differentiable((v: RealArray, w: RealArray) => {
  let i = 0;
  return sum(map((e) => mul(e, at(w, i++)), v)); // expect: no-impure-kernel
});

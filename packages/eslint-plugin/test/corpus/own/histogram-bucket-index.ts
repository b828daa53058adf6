// corpus: buggy
// about: a soft histogram picks a bucket with `| 0` on the active sample, a bitwise conversion of an active value
import { differentiable, type RealArray } from '@pullback/rules-core';
import { add, at, mul } from '@pullback/rules-core/math';

const weights = [0.1, 0.5, 0.9, 0.5, 0.1];

export const bucketWeighted = differentiable((x: RealArray) => {
  let total = mul(0, at(x, 0));
  for (let i = 0; i < x.length; i++) {
    const bucket = (at(x, i) as number) | 0; // expect: no-active-coercion
    total = add(total, mul(weights[bucket % weights.length], at(x, i)));
  }
  return total;
});

// corpus: buggy
// about: a Huber loss helper on numbers applied to active residuals through map; its branches use Math.abs and raw arithmetic
import { differentiable } from '@pullback/rules-core';
import { map, sub, sum } from '@pullback/rules-core/math';

function huber(r: number, delta = 1): number { // expect: prefer-generic-types
  const a = Math.abs(r); // expect: no-active-coercion
  return a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta); // expect: no-raw-arithmetic
}

export const robustLoss = differentiable((pred: Float64Array, target: Float64Array) => // expect: prefer-generic-types
  sum(map((r: number) => huber(r), sub(pred, target))), // expect: prefer-generic-types
);

// corpus: clean
// about: a discounted return with entries(); the index t steers the loop and the discount, the rewards go through the vocabulary
import { gradient, reverse } from '@pullback/engine';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, mul } from '@pullback/rules-core/math';

export function discountedReturn(rewards: readonly Real[], gamma: number, horizon: number): Real {
  let total: Real = 0;
  for (const [t, r] of rewards.entries()) {
    if (t >= horizon) break;
    total = add(total, mul(r, gamma ** t));
  }
  return total;
}

export const dReturn = gradient(
  (r: RealArray) => discountedReturn(Array.from({ length: r.length }, (_, i) => at(r, i)), 0.9, 100),
  reverse(),
  [1, 0, 2],
);

// corpus: clean
// about: a discounted return iterating the rewards with for (const [t, r] of rewards.entries()); t is a time index, only r is active
import { gradient, reverse } from '@pullback/engine';
import type { Real } from '@pullback/rules-core';
import { add, mul } from '@pullback/rules-core/math';

export function discountedReturn(rewards: readonly Real[], gamma: number): Real {
  let total: Real = 0;
  for (const [t, r] of rewards.entries()) {
    total = add(total, mul(gamma ** t, r));
  }
  return total;
}

export const returnSensitivity = (rewards: number[]) =>
  gradient((r: Real[]) => discountedReturn(r, 0.99), reverse(), rewards);

// corpus: clean
// about: bond price from a zero curve, differentiated in the curve for key-rate durations; the entries() index is a plain year count
import type { Real } from '@pullback/rules-core';
import { add, exp, mul, neg } from '@pullback/rules-core/math';
import { gradient, reverse } from '@pullback/engine';

const coupons = [4, 4, 4, 4, 104];

export function bondPrice(zeroRates: readonly Real[]): Real {
  let price: Real = 0;
  for (const [t, r] of zeroRates.entries()) {
    price = add(price, mul(coupons[t], exp(neg(mul(r, t + 1)))));
  }
  return price;
}

const curve = [0.031, 0.033, 0.035, 0.036, 0.037];

/** Sensitivity of the price to each key rate, per basis point. */
export function keyRateDeltas(): number[] {
  const g = gradient(bondPrice, reverse(), curve);
  return g.map((d) => d / 10_000);
}

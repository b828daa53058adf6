// corpus: clean
// about: a generic Huber loss with a guarded fast path for plain numbers, used by a robust odometry fit
import type { Real, RealArray } from '@pullback/rules-core';
import { abs, add, at, ifElse, le, mul, square, sub } from '@pullback/rules-core/math';
import { gradient, reverse } from '@pullback/engine';

export function huber(r: Real, delta: number): Real {
  if (typeof r === 'number') {
    const a = Math.abs(r);
    return a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
  }
  return ifElse(le(abs(r), delta), mul(0.5, square(r)), mul(delta, sub(abs(r), 0.5 * delta)));
}

const wheelTicks = [102, 98, 101, 250, 99];
const travelled = [0.51, 0.49, 0.5, 0.5, 0.495];

/** Metres per tick, fitted robustly: the fourth reading slipped. */
export const dScale = gradient(
  (p: RealArray) => {
    let loss: Real = 0;
    for (let i = 0; i < wheelTicks.length; i++) {
      loss = add(loss, huber(sub(mul(at(p, 0), wheelTicks[i]), travelled[i]), 0.01));
    }
    return loss;
  },
  reverse(),
  [0.005],
);

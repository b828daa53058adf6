// corpus: buggy
// about: a discounted return over rewards with entries(); the index t is plain, but the running total adds active rewards with raw arithmetic
import { gradient, reverse } from '@pullback/engine';

const gamma = 0.95;

export const dReturn = gradient(
  (rewards: number[]) => { // expect: prefer-generic-types
    let total = 0;
    for (const [t, r] of rewards.entries()) {
      if (t > 1000) break;
      total = total + r * Math.pow(gamma, t); // expect: no-raw-arithmetic
    }
    return total;
  },
  reverse(),
  [1, 0, 2, 1],
);

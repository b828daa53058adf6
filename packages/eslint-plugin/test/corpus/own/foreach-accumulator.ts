// corpus: buggy
// about: a sum of squares accumulated with forEach on a number[] parameter that receives the active input
import { gradient, reverse } from '@pullback/engine';

export const dSq = gradient(
  (x: number[]) => { // expect: prefer-generic-types
    let total = 0;
    x.forEach((v, i) => {
      total += (i + 1) * v * v; // expect: no-raw-arithmetic
    });
    return total;
  },
  reverse(),
  [1, 2, 3],
);

// corpus: buggy
// about: gradient clipping done in place by a helper that receives the operator's input and writes into it
import { gradient, reverse } from '@pullback/engine';
import { primal, type Real } from '@pullback/rules-core';
import { mul, sum } from '@pullback/rules-core/math';

function clipInPlace(v: Real[], limit: number): void {
  for (let i = 0; i < v.length; i++) {
    if (primal(v[i]) > limit) v[i] = limit; // expect: no-input-mutation
  }
}

export const dClipped = gradient(
  (x: Real[]) => {
    clipInPlace(x, 1);
    return sum(mul(x, x));
  },
  reverse(),
  [0.5, 2, -3],
);

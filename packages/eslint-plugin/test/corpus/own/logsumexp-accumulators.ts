// corpus: buggy
// about: a hand-written logsumexp with `let m = -Infinity` and `let s = 0` accumulators that receive active elements cast to number
import { differentiable, type RealArray } from '@pullback/rules-core';
import { at } from '@pullback/rules-core/math';

export const logSumExp = differentiable((x: RealArray) => {
  let m = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const xi = at(x, i) as number;
    if (xi > m) m = xi; // expect: no-raw-arithmetic
  }
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.exp((at(x, i) as number) - m); // expect: no-raw-arithmetic, no-active-coercion
  return m + Math.log(s); // expect: no-raw-arithmetic, no-active-coercion
});

// corpus: buggy
// about: Newton iterations for sqrt(a) inside a differentiated function; the iterate is typed any, so its raw arithmetic on the active a goes unchecked
import { gradient, reverse } from '@pullback/engine';
import type { RealArray } from '@pullback/rules-core';
import { at } from '@pullback/rules-core/math';

export const dSqrt = gradient(
  (params: RealArray) => {
    const a = at(params, 0) as number;
    let x: any = 1;
    for (let k = 0; k < 20; k++) x = x - (x * x - a) / (2 * x); // expect: no-raw-arithmetic
    return x;
  },
  reverse(),
  [2],
);

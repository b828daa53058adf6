// corpus: buggy
// about: Newton's method for a cube root, differentiated through its iterations; the Real argument is cast `as number` and iterated with comparisons and raw arithmetic
import { derivative, forward } from '@pullback/engine';
import type { Real } from '@pullback/rules-core';

export function cubeRoot(a: Real, iterations = 40): Real {
  const target = a as number;
  let y = target > 1 ? target / 3 : 1; // expect: no-raw-arithmetic
  for (let k = 0; k < iterations; k++) {
    y = y - (y * y * y - target) / (3 * y * y); // expect: no-raw-arithmetic
  }
  return y;
}

export const cubeRootSlope = (a: number) => derivative((v: Real) => cubeRoot(v), forward(), a);

// corpus: clean
// about: extra operator arguments are constants: raw arithmetic on the data and the step size inside the objective is fine
import { gradient, hvp, reverse } from '@pullback/engine';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, mul, square, sub } from '@pullback/rules-core/math';

function objective(w: RealArray, data: number[], scale: number): Real {
  let s: Real = 0;
  for (let i = 0; i < data.length; i++) {
    const target = data[i] * scale + 0.5 * (i % 2);
    s = add(s, square(sub(mul(at(w, 0), i), target)));
  }
  return s;
}

export const g = gradient(objective, reverse(), [1], [1, 2, 3], 2);
export const hv = hvp(objective, reverse(), [1], [1], [1, 2, 3], 2);

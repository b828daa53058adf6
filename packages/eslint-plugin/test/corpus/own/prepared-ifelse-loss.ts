// corpus: clean
// about: a prepared gradient of a piecewise loss that selects branches with ifElse and gt, so compiled preparation traces both sides
import { prepareGradient, reverse } from '@pullback/engine';
import type { RealArray } from '@pullback/rules-core';
import { at, gt, ifElse, mul, square, sub } from '@pullback/rules-core/math';

export const prep = prepareGradient(
  (x: RealArray) => {
    const r = sub(at(x, 0), 1);
    return ifElse(gt(r, 0), square(r), mul(0.1, square(r)));
  },
  reverse(),
  [0.5],
);

export function descend(x0: number, steps: number): number {
  let x = x0;
  for (let k = 0; k < steps; k++) x -= 0.1 * prep.gradient([x])[0];
  return x;
}

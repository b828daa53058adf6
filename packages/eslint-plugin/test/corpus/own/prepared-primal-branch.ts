// corpus: buggy
// about: a prepared gradient of a piecewise loss branches on primal(); compiled preparation must stay eager or retrace (strict's prefer-ifelse-when-prepared)
import { prepareGradient, reverse } from '@pullback/engine';
import { primal, type RealArray } from '@pullback/rules-core';
import { at, mul, square, sub } from '@pullback/rules-core/math';

export const prep = prepareGradient(
  (x: RealArray) => {
    const r = sub(at(x, 0), 1);
    if (primal(r) > 0) return square(r); // expect: prefer-ifelse-when-prepared
    return mul(0.1, square(r));
  },
  reverse(),
  [0.5],
);

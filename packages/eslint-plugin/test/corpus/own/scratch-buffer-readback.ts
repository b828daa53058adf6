// corpus: buggy
// about: residuals are written into a Float64Array scratch buffer and read back for the loss; the buffer drops their derivatives
import { gradient, reverse } from '@pullback/engine';
import type { RealArray } from '@pullback/rules-core';
import { at, mul, sub } from '@pullback/rules-core/math';

const observed = [0.9, 2.1, 2.9, 4.2];

export const fitLine = gradient(
  (theta: RealArray) => {
    const residuals = new Float64Array(observed.length); // expect: no-non-generic-storage
    for (let i = 0; i < observed.length; i++) {
      residuals[i] = sub(mul(at(theta, 0), i), observed[i]) as number; // expect: no-typed-array-write
    }
    let loss = 0;
    for (let i = 0; i < residuals.length; i++) loss += residuals[i] * residuals[i]; // expect: no-raw-arithmetic
    return loss;
  },
  reverse(),
  [1],
);

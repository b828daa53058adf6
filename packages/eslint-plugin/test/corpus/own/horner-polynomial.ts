// corpus: buggy
// about: Horner evaluation of a polynomial at an active point; the accumulator starts as a plain 0 and receives the active x
import { derivative, forward } from '@pullback/engine';
import type { Real } from '@pullback/rules-core';

const coefficients = [1, -3, 0.5, 2];

function horner(x: number): number { // expect: prefer-generic-types
  let acc = 0;
  for (let i = coefficients.length - 1; i >= 0; i--) acc = acc * x + coefficients[i]; // expect: no-raw-arithmetic
  return acc;
}

export const slope = derivative((x: Real) => horner(x as number), forward(), 0.25);

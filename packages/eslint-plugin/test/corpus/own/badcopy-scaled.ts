// corpus: buggy
// about: the talk's badcopy with a scale: the output buffer is a Float64Array and the number[] input is written into it
import { differentiable } from '@pullback/rules-core';
import { sum } from '@pullback/rules-core/math';

export const scaledTotal = differentiable((x: number[]) => { // expect: prefer-generic-types
  const y = new Float64Array(x.length); // expect: no-non-generic-storage
  for (let i = 0; i < x.length; i++) y[i] = 2 * x[i]; // expect: no-typed-array-write, no-raw-arithmetic
  return sum(y);
});

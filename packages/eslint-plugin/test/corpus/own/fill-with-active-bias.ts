// corpus: buggy
// about: a bias vector is broadcast by filling a Float64Array with the active bias before adding it
import { gradient, reverse } from '@pullback/engine';
import type { RealArray } from '@pullback/rules-core';
import { add, at, slice, sum, tanh } from '@pullback/rules-core/math';

export const dBias = gradient(
  (p: RealArray) => {
    const x = slice(p, 1, p.length);
    const bias = new Float64Array(x.length).fill(at(p, 0) as number); // expect: no-non-generic-storage
    return sum(tanh(add(x, bias)));
  },
  reverse(),
  [0.1, 1, 2, 3],
);

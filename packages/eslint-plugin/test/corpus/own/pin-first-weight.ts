// corpus: buggy
// about: a regulariser pins the first weight by overwriting it in the input array it was given
import { gradient, reverse } from '@pullback/engine';
import { dot } from '@pullback/rules-core/math';

export const dRidge = gradient(
  (w: Float64Array) => { // expect: prefer-generic-types
    w[0] = 0; // expect: no-input-mutation
    return dot(w, w);
  },
  reverse(),
  new Float64Array([3, 1, 2]),
);

// corpus: buggy
// about: trimmed mean of an item's ratings typed Float64Array; sorting the input in place converts the active ratings, and the trimmed sum is raw arithmetic
import { differentiable } from '@pullback/rules-core';
import { gradient, reverse } from '@pullback/engine';

export const trimmedMean = differentiable((ratings: Float64Array, trim: number) => { // expect: prefer-generic-types
  ratings.sort(); // expect: no-input-mutation, no-typed-array-write
  const n = ratings.length;
  let s = 0;
  for (let i = trim; i < n - trim; i++) s += ratings[i]; // expect: no-raw-arithmetic
  return s / (n - 2 * trim); // expect: no-raw-arithmetic
});

/** How much each rating moves the item's robust score. */
export const influence = gradient(
  (r: Float64Array) => trimmedMean(r, 1), // expect: prefer-generic-types
  reverse(),
  new Float64Array([4, 5, 1, 4, 3, 5, 4]),
);

// corpus: buggy
// about: a trimmed mean passed to prepareGradient that sorts the operator's input in place; reverse mode then credits the trimmed mean to the unsorted positions
import { prepareGradient, reverse } from '@pullback/engine';
import { primal, type Real } from '@pullback/rules-core';
import { mean, slice } from '@pullback/rules-core/math';

export function trimmedMean(x: Real[], trim: number): Real {
  x.sort((a, b) => primal(a) - primal(b)); // expect: no-input-mutation
  return mean(slice(x, trim, x.length - trim));
}

export function robustLocation(samples: number[][], trim: number): Float64Array[] {
  const prep = prepareGradient(trimmedMean, reverse(), samples[0], trim);
  return samples.map((s) => Float64Array.from(prep.gradient(s, trim)));
}

// corpus: buggy
// about: a robust location estimate sorts its input in place to take the median, mutating the operator's input
import { differentiable, primal, type Real } from '@pullback/rules-core';
import { add, div } from '@pullback/rules-core/math';

export const median = differentiable((x: Real[]) => {
  const sorted = x.sort((a, b) => primal(a) - primal(b)); // expect: no-input-mutation
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : div(add(sorted[mid - 1], sorted[mid]), 2);
});

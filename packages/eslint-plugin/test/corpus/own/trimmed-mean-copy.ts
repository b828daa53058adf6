// corpus: clean
// about: a trimmed mean that sorts a copy of its input by primal value, leaving the caller's array alone
import { differentiable, primal, type Real } from '@pullback/rules-core';
import { div, sum } from '@pullback/rules-core/math';

export const trimmedMean = differentiable((x: readonly Real[]) => {
  const sorted = x.toSorted((a, b) => primal(a) - primal(b));
  const k = Math.floor(sorted.length * 0.1);
  const kept = sorted.slice(k, sorted.length - k);
  return div(sum(kept), kept.length);
});

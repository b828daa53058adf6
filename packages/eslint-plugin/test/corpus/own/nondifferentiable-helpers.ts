// corpus: clean
// about: helpers declared nonDifferentiable (bucketing, argmax) used inside a differentiable objective
import { differentiable, nonDifferentiable, primal, type RealArray } from '@pullback/rules-core';
import { at, mul, sum } from '@pullback/rules-core/math';

const argmax = nonDifferentiable((x: Float64Array): number => {
  let best = 0;
  for (let i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
  return best;
});

const bucketOf = nonDifferentiable((v: number, width: number) => Math.floor(v / width));

export const peakWeighted = differentiable((x: RealArray) => {
  const k = argmax(primal(x) as Float64Array);
  const b = bucketOf(primal(at(x, k)), 0.5);
  return mul(b + 1, sum(x));
});

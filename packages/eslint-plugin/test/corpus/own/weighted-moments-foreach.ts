// corpus: clean
// about: weighted moments accumulated in forEach; the index picks the constant weight, the values go through the vocabulary
import { differentiable, type Real } from '@pullback/rules-core';
import { add, div, mul, square, sub } from '@pullback/rules-core/math';

const weights = [0.1, 0.2, 0.3, 0.4];

export const weightedVariance = differentiable((x: readonly Real[]) => {
  let m: Real = 0;
  x.forEach((v, i) => {
    m = add(m, mul(weights[i % weights.length], v));
  });
  let v2: Real = 0;
  x.forEach((v, i) => {
    v2 = add(v2, mul(weights[i % weights.length], square(sub(v, m))));
  });
  return div(v2, 1 - weights.reduce((s, w) => s + w * w, 0));
});

// corpus: clean
// about: layer normalisation with whole-array vocabulary (mean, sub, square, sqrt); input, gain and bias are all differentiable arguments
import { differentiable, type RealArray } from '@pullback/rules-core';
import { add, div, mean, mul, sqrt, square, sub } from '@pullback/rules-core/math';

const EPS = 1e-5;

export const layerNorm = differentiable((x: RealArray, gamma: RealArray, beta: RealArray): RealArray => {
  const mu = mean(x);
  const centered = sub(x, mu);
  const variance = mean(square(centered));
  return add(mul(gamma, div(centered, sqrt(add(variance, EPS)))), beta);
});

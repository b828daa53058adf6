// corpus: clean
// about: layer normalisation with whole-array vocabulary operations
import { differentiable, type RealArray } from '@pullback/rules-core';
import { add, div, mean, mul, sqrt, square, sub } from '@pullback/rules-core/math';

const EPS = 1e-5;

export const layerNorm = differentiable((x: RealArray, gamma: RealArray, beta: RealArray) => {
  const mu = mean(x);
  const centred = sub(x, mu);
  const sd = sqrt(add(mean(square(centred)), EPS));
  return add(mul(gamma, div(centred, sd)), beta);
});

// corpus: clean
// about: map and map2 kernels that only read their arguments and captured constants
import { differentiable, type Real, type RealArray } from '@pullback/rules-core';
import { add, exp, map, map2, mul, neg, square, sum } from '@pullback/rules-core/math';

const temperature = 0.5;

export const gaussianScores = differentiable((x: RealArray, centre: Real) =>
  sum(map((e) => exp(neg(mul(temperature, square(add(e, neg(centre)))))), x)),
);

export const weightedSquares = differentiable((x: RealArray, w: RealArray) =>
  sum(map2((a, b) => mul(b, square(a)), x, w)),
);

// corpus: buggy
// about: a scale factor read from the parameter vector with Number(); the conversion drops its derivative
import { differentiable, type RealArray } from '@pullback/rules-core';
import { at, mul, sum } from '@pullback/rules-core/math';

export const scaledSum = differentiable((params: RealArray, data: RealArray) => {
  const scale = Number(at(params, 0)); // expect: no-active-coercion
  return mul(scale, sum(data));
});

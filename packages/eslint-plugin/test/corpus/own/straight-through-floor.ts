// corpus: clean
// about: a straight-through quantiser: the rounding is wrapped in stopGradient on purpose and the identity carries the derivative
import { differentiable, stopGradient, type Real } from '@pullback/rules-core';
import { add, div, floor, mul, sub } from '@pullback/rules-core/math';

export const quantiseST = differentiable((x: Real) => {
  const q = div(floor(mul(x, 16)), 16);
  return add(x, stopGradient(sub(q, x)));
});

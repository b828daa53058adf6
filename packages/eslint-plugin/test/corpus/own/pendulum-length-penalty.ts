// corpus: buggy
// about: a soft constraint keeping a pendulum bob at length L; Math.hypot coerces and the squared deviation is raw arithmetic on its result
import { differentiable, type RealArray } from '@pullback/rules-core';
import { add, at, mul } from '@pullback/rules-core/math';

const L = 1.5;

export const constrainedEnergy = differentiable((q: RealArray) => {
  const dx = at(q, 0) as number;
  const dy = at(q, 1) as number;
  const penalty = (Math.hypot(dx, dy) - L) ** 2; // expect: no-active-coercion, no-raw-arithmetic
  return add(mul(9.81, at(q, 1)), mul(100, penalty));
});

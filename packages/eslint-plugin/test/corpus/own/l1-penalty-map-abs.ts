// corpus: buggy
// about: an L1 penalty passes Math.abs as the map kernel and Math.exp to Array#map; both coerce the active weights
import { differentiable } from '@pullback/rules-core';
import { add, map, mul, sum } from '@pullback/rules-core/math';

export const penalised = differentiable((w: number[], lambda: number) => { // expect: prefer-generic-types
  const l1 = sum(map(Math.abs, w)); // expect: no-active-coercion
  const growth = sum(w.map(Math.exp)); // expect: no-active-coercion
  return add(mul(lambda, l1), growth);
});

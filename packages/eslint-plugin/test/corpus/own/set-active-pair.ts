// corpus: buggy
// about: a 2-vector of active values is packed with Float64Array#set before the norm is taken
import { differentiable, type RealArray } from '@pullback/rules-core';
import { at, mul, norm } from '@pullback/rules-core/math';

export const scaledNorm = differentiable((v: RealArray) => {
  const packed = new Float64Array(2); // expect: no-non-generic-storage
  packed.set([at(v, 0) as number, at(v, 1) as number]); // expect: no-typed-array-write
  return mul(2, norm(packed));
});

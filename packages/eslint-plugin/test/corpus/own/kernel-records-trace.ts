// corpus: buggy
// about: a map kernel pushes every element it sees into a captured array for debugging; the kernel changes state outside itself
import { differentiable, primal, type RealArray } from '@pullback/rules-core';
import { exp, map, sum } from '@pullback/rules-core/math';

const seen: number[] = [];

export const expSum = differentiable((x: RealArray) =>
  sum(
    map((e) => {
      seen.push(primal(e)); // expect: no-impure-kernel
      return exp(e);
    }, x),
  ),
);

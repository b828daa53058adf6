// corpus: buggy
// about: dropout written as a map kernel that draws Math.random per element; the mask is drawn once when the kernel is traced
import { gradient, reverse } from '@pullback/engine';
import type { RealArray } from '@pullback/rules-core';
import { div, map, matvec, sum, tanh } from '@pullback/rules-core/math';

const p = 0.2;
const W = { rows: 2, cols: 3, data: new Float64Array([0.1, 0.2, 0.3, -0.1, 0.5, 0.2]) };

export const dInput = gradient(
  (x: RealArray) => {
    const hidden = tanh(matvec(W, x));
    const dropped = map((h) => (Math.random() < p ? 0 : div(h, 1 - p)), hidden); // expect: no-impure-kernel, no-nondifferentiable-math
    return sum(dropped);
  },
  reverse(),
  [1, 0, -1],
);

// corpus: clean
// about: a one-layer neural controller whose activation is a pure map kernel (softsign): the kernel changes nothing it captures and draws nothing random
import { differentiable, type Matrix, type RealArray } from '@pullback/rules-core';
import { abs, add, div, map, matvec, square, sub, sum } from '@pullback/rules-core/math';
import { gradient, reverse } from '@pullback/engine';

const softsign = (h: RealArray) => map((e) => div(e, add(1, abs(e))), h);

export const controller = differentiable((weights: RealArray, state: RealArray) => {
  const W: Matrix = { rows: 2, cols: 3, data: weights };
  return softsign(matvec(W, state));
});

const state = [0.1, -0.4, 0.9];
const demonstrated = [0.2, -0.05];

export const dWeights = gradient(
  (w: RealArray) => sum(square(sub(controller(w, state), demonstrated))),
  reverse(),
  new Float64Array([0.1, 0.2, -0.1, 0.05, 0.3, 0.2]),
);

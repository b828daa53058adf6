// corpus: clean
// about: a two-layer perceptron with matvec and tanh, its weights unpacked from one parameter vector with slice
import { gradient, reverse } from '@pullback/engine';
import type { Matrix, RealArray } from '@pullback/rules-core';
import { add, dot, matvec, slice, square, sub, sum, tanh } from '@pullback/rules-core/math';

const nIn = 2;
const nHidden = 4;

function unpack(p: RealArray): { W: Matrix; b: RealArray; v: RealArray } {
  const W = { rows: nHidden, cols: nIn, data: slice(p, 0, nHidden * nIn) };
  const b = slice(p, nHidden * nIn, nHidden * nIn + nHidden);
  const v = slice(p, nHidden * nIn + nHidden, nHidden * nIn + 2 * nHidden);
  return { W, b, v };
}

function predict(p: RealArray, x: RealArray) {
  const { W, b, v } = unpack(p);
  return dot(v, tanh(add(matvec(W, x), b)));
}

const xs = [new Float64Array([0, 1]), new Float64Array([1, 0])];
const ys = [1, -1];

export const dLoss = gradient(
  (p: RealArray) => sum(xs.map((x, k) => square(sub(predict(p, x), ys[k])))),
  reverse(),
  new Float64Array(nHidden * nIn + 2 * nHidden).fill(0.1),
);

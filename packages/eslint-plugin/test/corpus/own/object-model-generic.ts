// corpus: clean
// about: an object-literal model whose methods use the vocabulary, differentiated through model.loss(w)
import { gradient, reverse } from '@pullback/engine';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, div, exp, mul, square, sub } from '@pullback/rules-core/math';

const data = [
  { x: 0.0, y: 1.0 },
  { x: 1.0, y: 2.7 },
  { x: 2.0, y: 7.4 },
];

const model = {
  predict(w: RealArray, x: number): Real {
    return mul(at(w, 0), exp(mul(at(w, 1), x)));
  },
  loss(w: RealArray): Real {
    let total: Real = 0;
    for (const { x, y } of data) total = add(total, square(sub(this.predict(w, x), y)));
    return div(total, data.length);
  },
};

export const dLoss = gradient((w: RealArray) => model.loss(w), reverse(), [1, 1]);

// corpus: buggy
// about: an object literal model whose predict and loss methods use raw arithmetic on the active weights, reached as model.loss(w)
import { gradient, reverse } from '@pullback/engine';
import type { RealArray } from '@pullback/rules-core';

const data = [
  { x: 0.0, y: 1.0 },
  { x: 1.0, y: 2.7 },
  { x: 2.0, y: 7.4 },
];

const model = {
  predict(w: number[], x: number) { // expect: prefer-generic-types
    return w[0] * Math.exp(w[1] * x); // expect: no-raw-arithmetic, no-active-coercion
  },
  loss(w: number[]) { // expect: prefer-generic-types
    let total = 0;
    for (const { x, y } of data) total += (this.predict(w, x) - y) ** 2; // expect: no-raw-arithmetic
    return total / data.length; // expect: no-raw-arithmetic
  },
};

export const dLoss = gradient((w: RealArray) => model.loss(w as number[]), reverse(), [1, 1]);

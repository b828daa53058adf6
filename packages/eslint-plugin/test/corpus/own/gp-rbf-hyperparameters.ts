// corpus: buggy
// about: a GP RBF kernel differentiated in its hyperparameters; the casts to number hide that ell and sf are active
import { gradient, reverse } from '@pullback/engine';
import type { RealArray } from '@pullback/rules-core';
import { at } from '@pullback/rules-core/math';

const xs = [[0], [0.4], [1.3], [2.1]];
const alpha = [0.3, -0.2, 0.8, 0.1];

function rbf(a: number[], b: number[], ell: number, sf: number): number { // expect: prefer-generic-types
  let d2 = 0;
  for (let i = 0; i < a.length; i++) d2 += (a[i] - b[i]) ** 2;
  return sf * sf * Math.exp(-d2 / (2 * ell * ell)); // expect: no-raw-arithmetic, no-active-coercion
}

export const dTheta = gradient(
  (theta: RealArray) => {
    const ell = at(theta, 0) as number;
    const sf = at(theta, 1) as number;
    let quad = 0;
    for (let i = 0; i < xs.length; i++) {
      for (let j = 0; j < xs.length; j++) quad += alpha[i] * alpha[j] * rbf(xs[i], xs[j], ell, sf); // expect: no-raw-arithmetic
    }
    return quad;
  },
  reverse(),
  [1, 1],
);

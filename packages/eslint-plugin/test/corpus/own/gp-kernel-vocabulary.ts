// corpus: clean
// about: an RBF kernel and a GP negative log marginal likelihood written with the vocabulary, hyperparameters in log space
import { gradient, reverse } from '@pullback/engine';
import type { Matrix, Real, RealArray } from '@pullback/rules-core';
import { add, at, div, dot, exp, logdet, mul, solve, square, sub } from '@pullback/rules-core/math';

const xs = [0, 0.4, 1.3, 2.1];
const ys = new Float64Array([0.1, 0.5, 0.9, 0.7]);

function rbf(a: number, b: number, ell: Real, sf: Real): Real {
  return mul(square(sf), exp(mul(-0.5, square(div(sub(a, b), ell)))));
}

export const dNll = gradient(
  (logTheta: RealArray) => {
    const ell = exp(at(logTheta, 0));
    const sf = exp(at(logTheta, 1));
    const n = xs.length;
    const data: Real[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) data.push(add(rbf(xs[i], xs[j], ell, sf), i === j ? 1e-6 : 0));
    }
    const K: Matrix = { rows: n, cols: n, data };
    return add(mul(0.5, dot(ys, solve(K, ys))), mul(0.5, logdet(K)));
  },
  reverse(),
  [0, 0],
);

// corpus: clean
// about: a Gaussian mixture class whose fields hold active parameters set in its constructor; methods use the vocabulary
import { gradient, reverse } from '@pullback/engine';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, logsumexp, mul, neg, square, sub } from '@pullback/rules-core/math';

class Mixture {
  private readonly means: Real[];
  private readonly logWeights: Real[];

  constructor(params: RealArray, readonly k: number) {
    this.means = [];
    this.logWeights = [];
    for (let j = 0; j < k; j++) {
      this.means.push(at(params, j));
      this.logWeights.push(at(params, k + j));
    }
  }

  logDensity(x: number): Real {
    const terms = this.means.map((m, j) => add(this.logWeights[j], mul(-0.5, square(sub(x, m)))));
    return sub(logsumexp(terms), logsumexp(this.logWeights));
  }
}

const data = [0.1, 0.3, 2.2, 2.5, 2.4];

export const dLogLik = gradient(
  (params: RealArray) => {
    const model = new Mixture(params, 2);
    let ll: Real = 0;
    for (const x of data) ll = add(ll, model.logDensity(x));
    return neg(ll);
  },
  reverse(),
  [0, 2, Math.log(0.5), Math.log(0.5)],
);


// corpus: clean
// about: a logistic-regression model as an object literal whose methods call each other through `this`, written with the vocabulary; trained from train.ts
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, dot, exp, log1p, mul, slice, sub } from '@pullback/rules-core/math';

export interface Example {
  readonly features: readonly number[];
  readonly label: 0 | 1;
}

export const logisticModel = {
  logit(w: RealArray, x: readonly number[]): Real {
    return add(at(w, 0), dot(slice(w, 1), x));
  },
  /** log(1 + e^z) − y·z: the negative log-likelihood of one example. */
  nll(w: RealArray, ex: Example): Real {
    const z = this.logit(w, ex.features);
    return sub(log1p(exp(z)), mul(ex.label, z));
  },
  loss(w: RealArray, data: readonly Example[]): Real {
    return data.reduce<Real>((acc, ex) => add(acc, this.nll(w, ex)), 0);
  },
};

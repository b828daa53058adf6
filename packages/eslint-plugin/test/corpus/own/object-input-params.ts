// corpus: clean
// about: a Gaussian log-likelihood differentiated over an object of parameters, destructured inside the function
import { gradient, reverse } from '@pullback/engine';
import type { Real } from '@pullback/rules-core';
import { add, div, exp, mul, square, sub } from '@pullback/rules-core/math';

interface Params {
  readonly mu: Real;
  readonly logSigma: Real;
}

const samples = [1.2, 0.8, 1.9, 1.4];

export const dParams = gradient(
  ({ mu, logSigma }: Params) => {
    const sigma = exp(logSigma);
    let nll: Real = 0;
    for (const x of samples) nll = add(nll, add(logSigma, mul(0.5, square(div(sub(x, mu), sigma)))));
    return nll;
  },
  reverse(),
  { mu: 0, logSigma: 0 },
);

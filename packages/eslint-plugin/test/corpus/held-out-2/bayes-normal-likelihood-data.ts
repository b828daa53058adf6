// corpus: clean
// about: normal log likelihood of measurements in (mean, log sd), written with the vocabulary; the data reach the function as a constant extra argument
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, div, exp, mul, neg, square, sub } from '@pullback/rules-core/math';
import { gradient, reverse } from '@pullback/engine';

function logLikelihood(params: RealArray, data: readonly number[]): Real {
  const mu = at(params, 0);
  const logSigma = at(params, 1);
  const sigma = exp(logSigma);
  let lp: Real = mul(-0.5 * data.length, Math.log(2 * Math.PI));
  for (const y of data) {
    const z = div(sub(y, mu), sigma);
    lp = sub(add(lp, mul(-0.5, square(z))), logSigma);
  }
  return lp;
}

const measurements = [9.81, 9.79, 9.83, 9.8, 9.78, 9.82];

/** The score: zero at the maximum-likelihood estimate. */
export const score = gradient(logLikelihood, reverse(), [9.7, Math.log(0.05)], measurements);
export const negativeLogLik = (p: RealArray) => neg(logLikelihood(p, measurements));

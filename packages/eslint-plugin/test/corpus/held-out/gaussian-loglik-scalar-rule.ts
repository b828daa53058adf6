// corpus: buggy
// about: a Gaussian log-density declared with scalarRule for maximum likelihood; the partials return two entries for a function of three arguments (sigma's is missing)
import { gradient, reverse } from '@pullback/engine';
import { scalarRule, type RealArray } from '@pullback/rules-core';
import { at, div, neg, sub, sum } from '@pullback/rules-core/math';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

export const normalLogPdf = scalarRule(
  (x: number, mu: number, sigma: number) => -0.5 * ((x - mu) / sigma) ** 2 - Math.log(sigma) - LOG_SQRT_2PI,
  (x, mu, sigma) => {
    const z = div(sub(x, mu), sigma);
    return [neg(div(z, sigma)), div(z, sigma)]; // expect: valid-rule
  },
);

/** Gradient of the negative log-likelihood of `data` in (mu, sigma). */
export function fitGradient(data: readonly number[], params: number[]): number[] {
  return gradient((p: RealArray) => neg(sum(normalLogPdf(data, at(p, 0), at(p, 1)))), reverse(), params);
}

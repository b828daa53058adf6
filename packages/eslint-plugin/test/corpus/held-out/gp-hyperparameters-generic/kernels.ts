// corpus: clean
// about: covariance functions written generically (Real hyperparameters; the input locations are plain numbers) for the GP model in marginal.ts
import type { Real } from '@pullback/rules-core';
import { add, div, exp, mul, neg, square } from '@pullback/rules-core/math';

export type Kernel = (a: number, b: number, lengthScale: Real, variance: Real) => Real;

export const squaredExponential: Kernel = (a, b, lengthScale, variance) =>
  mul(variance, exp(mul(-0.5, square(div(a - b, lengthScale)))));

export const matern32: Kernel = (a, b, lengthScale, variance) => {
  const r = div(Math.sqrt(3) * Math.abs(a - b), lengthScale);
  return mul(variance, mul(add(1, r), exp(neg(r))));
};

// corpus: clean
// about: the GP negative log marginal likelihood and its gradient in the log-hyperparameters, with a kernel from kernels.ts
import { gradient, reverse } from '@pullback/engine';
import type { Matrix, Real, RealArray } from '@pullback/rules-core';
import { add, at, dot, exp, logdet, mul, solve } from '@pullback/rules-core/math';
import { matern32, type Kernel } from './kernels.js';

export function gram(kernel: Kernel, xs: readonly number[], lengthScale: Real, variance: Real, noise: number): Matrix {
  const n = xs.length;
  const data: Real[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const k = kernel(xs[i], xs[j], lengthScale, variance);
      data.push(i === j ? add(k, noise) : k);
    }
  }
  return { rows: n, cols: n, data };
}

export function negLogMarginal(logTheta: RealArray, xs: readonly number[], ys: readonly number[]): Real {
  const K = gram(matern32, xs, exp(at(logTheta, 0)), exp(at(logTheta, 1)), 1e-4);
  return add(mul(0.5, dot(ys, solve(K, ys))), mul(0.5, logdet(K)));
}

export const hyperGradient = (xs: number[], ys: number[], logTheta0: number[]) =>
  gradient((t: RealArray) => negLogMarginal(t, xs, ys), reverse(), logTheta0);

// corpus: buggy
// about: portfolio volatility that copies the weights being differentiated into a Float64Array with Float64Array.from before the quadratic form
import { gradient, reverse } from '@pullback/engine';
import type { Matrix } from '@pullback/rules-core';
import { dot, matvec, sqrt } from '@pullback/rules-core/math';

export function volatility(weights: readonly number[], cov: Matrix<Float64Array>): number { // expect: prefer-generic-types
  const w = Float64Array.from(weights); // expect: no-non-generic-storage
  return sqrt(dot(w, matvec(cov, w)));
}

export const marginalRisk = (weights: number[], cov: Matrix<Float64Array>) =>
  gradient((w: readonly number[]) => volatility(w, cov), reverse(), weights); // expect: prefer-generic-types

// corpus: buggy
// about: logistic regression whose sigmoid helper takes `any`; unary minus, Math.exp and raw arithmetic run on the active logit
import { gradient, reverse } from '@pullback/engine';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, dot, log, mul, sub } from '@pullback/rules-core/math';

function sigmoid(z: any) {
  return 1 / (1 + Math.exp(-z)); // expect: no-raw-arithmetic, no-active-coercion
}

export function negLogLikelihood(w: RealArray, xs: readonly number[][], ys: readonly number[]): Real {
  let total: Real = 0;
  xs.forEach((x, n) => {
    const p = sigmoid(dot(w, x));
    total = sub(total, add(mul(ys[n], log(p)), mul(1 - ys[n], log(sub(1, p)))));
  });
  return total;
}

export const fit = (w0: number[], xs: number[][], ys: number[]) =>
  gradient((w: RealArray) => negLogLikelihood(w, xs, ys), reverse(), w0);

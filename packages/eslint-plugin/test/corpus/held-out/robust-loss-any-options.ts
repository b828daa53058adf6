// corpus: clean
// about: a robust regression loss whose options object is `any` (parsed JSON); the options only steer and scale, the residuals go through the vocabulary
import { gradient, reverse } from '@pullback/engine';
import { primal, type Matrix, type Real, type RealArray } from '@pullback/rules-core';
import { abs, add, at, matvec, mul, square, sub } from '@pullback/rules-core/math';

export function robustLoss(residuals: RealArray, options: any): Real {
  const delta = options.delta ?? 1.0;
  const scale = options.normalize ? 1 / residuals.length : 1;
  let total: Real = 0;
  for (let i = 0; i < residuals.length; i++) {
    const r = at(residuals, i);
    const a = abs(r);
    total = add(total, primal(a) <= delta ? mul(0.5, square(r)) : mul(delta, sub(a, 0.5 * delta)));
  }
  return mul(scale, total);
}

const options: any = JSON.parse('{ "delta": 0.5, "normalize": true }');

export const fitGradient = (A: Matrix, b: readonly number[], x0: number[]) =>
  gradient((x: RealArray) => robustLoss(sub(matvec(A, x), b), options), reverse(), x0);

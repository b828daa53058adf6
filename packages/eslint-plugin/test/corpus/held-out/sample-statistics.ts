// corpus: clean
// about: generic sample statistics (weighted mean and variance with reduce, covariance with forEach and its index) on Real arrays, and their Jacobian in the sample
import { jacobian, reverse } from '@pullback/engine';
import type { Real } from '@pullback/rules-core';
import { add, div, mul, square, sub, sum } from '@pullback/rules-core/math';

export function weightedMean(xs: readonly Real[], ws: readonly number[]): Real {
  return div(xs.reduce<Real>((acc, x, i) => add(acc, mul(ws[i], x)), 0), sum(ws));
}

export function variance(xs: readonly Real[]): Real {
  const m = div(sum(xs), xs.length);
  return div(xs.reduce<Real>((acc, x) => add(acc, square(sub(x, m))), 0), xs.length - 1);
}

export function covariance(xs: readonly Real[], ys: readonly Real[]): Real {
  const mx = div(sum(xs), xs.length);
  const my = div(sum(ys), ys.length);
  let acc: Real = 0;
  xs.forEach((x, i) => {
    acc = add(acc, mul(sub(x, mx), sub(ys[i], my)));
  });
  return div(acc, xs.length - 1);
}

export const summaryJacobian = (sample: number[], weights: number[]) =>
  jacobian(
    (s: Real[]) => [weightedMean(s, weights), variance(s), covariance(s, s.map((_, i) => i))],
    reverse(),
    sample,
  );

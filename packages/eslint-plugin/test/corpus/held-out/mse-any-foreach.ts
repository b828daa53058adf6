// corpus: buggy
// about: mean squared error over an any[] of predictions with forEach; the accumulator `let total = 0` receives active values through +=
import { gradient, reverse } from '@pullback/engine';
import type { RealArray } from '@pullback/rules-core';
import { dot } from '@pullback/rules-core/math';

export function mse(predictions: any[], targets: readonly number[]) {
  let total = 0;
  predictions.forEach((p, i) => {
    total += (p - targets[i]) ** 2; // expect: no-raw-arithmetic
  });
  return total / predictions.length; // expect: no-raw-arithmetic
}

export function weightGradient(X: readonly number[][], y: readonly number[], w: number[]): number[] {
  return gradient((v: RealArray) => mse(X.map((row) => dot(row, v)), y), reverse(), w);
}

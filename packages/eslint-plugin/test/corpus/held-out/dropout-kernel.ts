// corpus: buggy
// about: inverted dropout drawn with Math.random inside a map kernel; the kernel is traced once per call, so a single draw keeps or drops the whole layer
import { gradient, reverse } from '@pullback/engine';
import type { Matrix, Real, RealArray } from '@pullback/rules-core';
import { div, map, matvec, sum, square, tanh } from '@pullback/rules-core/math';

export function dropout(h: RealArray, rate: number): RealArray {
  return map((hi) => (Math.random() < rate ? 0 : div(hi, 1 - rate)), h); // expect: no-impure-kernel|no-nondifferentiable-math
}

export function activationEnergy(W: Matrix, x: RealArray, rate: number): Real {
  return sum(square(dropout(tanh(matvec(W, x)), rate)));
}

export function inputGradient(W: Matrix, x: number[]): number[] {
  return gradient((v: RealArray) => activationEnergy(W, v, 0.5), reverse(), x);
}

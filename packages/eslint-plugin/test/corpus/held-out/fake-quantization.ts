// corpus: buggy
// about: fake quantisation of weights with Math.round inside a map kernel; the active weight is coerced, and the black-box fallback differences across the rounding steps
import { gradient, reverse } from '@pullback/engine';
import { map, square, sum } from '@pullback/rules-core/math';

const STEP = 1 / 16;

function fakeQuant(w: number): number { // expect: prefer-generic-types
  return Math.round(w / STEP) * STEP; // expect: no-active-coercion|no-nondifferentiable-math, no-raw-arithmetic
}

export function quantizedEnergy(weights: number[]) { // expect: prefer-generic-types
  return sum(square(map(fakeQuant, weights)));
}

export const quantizedGradient = (w: number[]) => gradient(quantizedEnergy, reverse(), w);

// corpus: buggy
// about: a penalty keeping a point on the unit circle, (Math.hypot(x, y) - 1) ** 2, on number parameters; both the Math call and the arithmetic on its result drop the derivative
import { gradient, reverse } from '@pullback/engine';

function circlePenalty(px: number, py: number): number { // expect: prefer-generic-types
  return (Math.hypot(px, py) - 1) ** 2; // expect: no-active-coercion, no-raw-arithmetic
}

export const penalisedGradient = (p: number[]) =>
  gradient(([px, py]: number[]) => (px - 2) ** 2 + 10 * circlePenalty(px, py), reverse(), p); // expect: prefer-generic-types, no-raw-arithmetic

// corpus: buggy
// about: the extended Rosenbrock function on number[] passed straight to gradient; the loop body is raw arithmetic on the inputs
import { gradient, reverse } from '@pullback/engine';

export function rosenbrock(x: number[]): number { // expect: prefer-generic-types
  let f = 0;
  for (let i = 0; i < x.length - 1; i++) {
    f += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2; // expect: no-raw-arithmetic
  }
  return f;
}

export const startGradient = (x0: number[]) => gradient(rosenbrock, reverse(), x0);

// corpus: clean
// about: Newton's method on plain numbers that asks pullback for the derivative of a generic function; the iteration itself is never differentiated
import { derivative, forward } from '@pullback/engine';
import type { Real } from '@pullback/rules-core';
import { cos, sub } from '@pullback/rules-core/math';

const f = (x: Real) => sub(cos(x), x);

export function solveFixedPoint(x0: number, tol = 1e-12): number {
  let x = x0;
  for (let k = 0; k < 50; k++) {
    const fx = Math.cos(x) - x;
    const step = fx / (derivative(f, forward(), x) as number);
    x -= step;
    if (Math.abs(step) < tol) break;
  }
  return x;
}

/**
 * The talk's decision tree: choose the mode from the input and output dimensions, fall back to
 * finite differences only when nothing else works. `auto()` does this and says what it chose.
 */
import type { Real, RealArray } from '@pullback/rules-core';
import { cos, exp, mul, sin, sum, square } from '@pullback/rules-core/math';
import {
  auto,
  prepareDerivative,
  prepareGradient,
  prepareHessian,
  prepareJacobian,
} from '@pullback/engine';

/** What `auto()` picks for a derivative, a gradient, a wide and a tall Jacobian, and a Hessian. */
export function decisionTree(): string[] {
  const curve = (t: Real) => [sin(t), cos(t), mul(t, t)];
  const loss = (x: RealArray) => sum(square(x));
  const wide = (x: RealArray) => [sum(x), sum(exp(x))];
  const x = new Float64Array(20).fill(0.5);
  return [
    prepareDerivative(curve as never, auto(), 0.5).explain(),
    prepareGradient(loss, auto(), x).explain(),
    prepareJacobian(curve as never, auto(), 0.5).explain(),
    prepareJacobian(wide as never, auto(), x).explain(),
    prepareHessian(loss, auto(), x).explain(),
  ];
}

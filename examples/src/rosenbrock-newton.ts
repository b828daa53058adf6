/**
 * A small real problem: minimise the Rosenbrock function with Newton's method, using the value,
 * gradient and Hessian from one prepared operator and a linear solve from the vocabulary.
 */
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, mul, neg, solve, square, sub } from '@pullback/rules-core/math';
import { prepareHessian, secondOrder, forward, reverse } from '@pullback/engine';

/** Rosenbrock in n dimensions, written with the math vocabulary so every backend can run it. */
export function rosenbrock(x: RealArray): Real {
  let s: Real = 0;
  for (let i = 0; i + 1 < x.length; i++) {
    const a = at(x, i);
    s = add(s, add(mul(100, square(sub(at(x, i + 1), square(a)))), square(sub(1, a))));
  }
  return s;
}

/** One row of the Newton iteration log. */
export interface NewtonStep {
  readonly iteration: number;
  readonly value: number;
  readonly x: number[];
}

/** Newton's method from `x0` until the step is below `tol`; returns the iterates. */
export function newton(x0: readonly number[], tol = 1e-12, maxIterations = 50): NewtonStep[] {
  let x = Float64Array.from(x0);
  const prep = prepareHessian(rosenbrock, secondOrder(forward(), reverse()), x);
  const steps: NewtonStep[] = [];
  for (let k = 0; k < maxIterations; k++) {
    const [value, g, H] = prep.valueGradientAndHessian(x);
    steps.push({ iteration: k, value: value as number, x: Array.from(x) });
    const step = solve(H, neg(g) as Float64Array) as Float64Array;
    x = Float64Array.from(x, (xi, i) => xi + step[i]);
    if (Math.max(...Array.from(step, Math.abs)) < tol) break;
  }
  steps.push({ iteration: steps.length, value: rosenbrock(x) as number, x: Array.from(x) });
  return steps;
}

// corpus: clean
// about: Newton's method on a log-barrier quadratic program with gradient and a prepared Hessian (forward over reverse); the objective uses the vocabulary, the step and line search are plain numbers
import { forward, gradient, prepareHessian, reverse, secondOrder } from '@pullback/engine';
import type { Matrix, Real, RealArray } from '@pullback/rules-core';
import { add, dot, log, matvec, mul, solve, sum } from '@pullback/rules-core/math';

/** ½ xᵀQx + cᵀx − μ Σ log xᵢ */
export function barrier(x: RealArray, Q: Matrix, c: readonly number[], mu: number): Real {
  return add(add(mul(0.5, dot(x, matvec(Q, x))), dot(c, x)), mul(-mu, sum(log(x))));
}

export function newton(Q: Matrix<Float64Array>, c: number[], x0: number[], mu = 0.1, steps = 8): Float64Array {
  let x = Float64Array.from(x0);
  const objective = (v: RealArray) => barrier(v, Q, c, mu);
  const hess = prepareHessian(objective, secondOrder(forward(), reverse()), x);
  for (let k = 0; k < steps; k++) {
    const g = gradient(objective, reverse(), x);
    const step = solve(hess.hessian(x), g);
    let t = 1;
    while (x.some((xi, i) => xi - t * step[i] <= 0)) t /= 2;
    x = x.map((xi, i) => xi - t * step[i]);
  }
  return x;
}

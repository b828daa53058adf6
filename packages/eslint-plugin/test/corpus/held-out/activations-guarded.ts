// corpus: clean
// about: activation and loss functions with a plain-number fast path behind a typeof guard, a leaky ReLU through ifElse, and a Huber loss branching on primal with a nondiff threshold
import { differentiable, primal, type Real } from '@pullback/rules-core';
import { abs, add, exp, gt, ifElse, log1p, max, mul, neg, sub } from '@pullback/rules-core/math';

export const softplus = differentiable((x: Real): Real => {
  if (typeof x === 'number') return x > 20 ? x : Math.log1p(Math.exp(x));
  // log(1 + e^x) = max(x, 0) + log1p(e^−|x|), stable for large |x|
  return add(max(x, 0), log1p(exp(neg(abs(x)))));
});

export const leakyRelu = differentiable((x: Real, slope: Real) => ifElse(gt(x, 0), x, mul(slope, x)));

export const huber = differentiable(
  (r: Real, delta: number): Real =>
    primal(abs(r)) <= delta ? mul(0.5, mul(r, r)) : mul(delta, sub(abs(r), 0.5 * delta)),
  undefined,
  { nondiff: [1] },
);

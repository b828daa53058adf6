// corpus: clean
// about: generic helpers with a fast path on plain numbers behind typeof and isActive guards
import { differentiable, isActive, type Real } from '@pullback/rules-core';
import { add, exp, log1p, mul, neg } from '@pullback/rules-core/math';

export const softplus = differentiable((x: Real): Real => {
  if (typeof x === 'number') return x > 30 ? x : Math.log1p(Math.exp(x));
  return log1p(exp(x));
});

export const axpy = differentiable((a: Real, x: Real, y: Real): Real => {
  if (!isActive(a) && !isActive(x) && !isActive(y)) return a * x + y;
  return add(mul(a, x), y);
});

export const negate = differentiable((x: Real): Real => {
  if (typeof x !== 'number') return neg(x);
  return -x;
});

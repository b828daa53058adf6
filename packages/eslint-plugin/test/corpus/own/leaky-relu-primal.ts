// corpus: clean
// about: activations that branch on primal values and select with ifElse, so control flow never converts an active value
import { differentiable, primal, type Real, type RealArray } from '@pullback/rules-core';
import { gt, ifElse, map, mul, sum } from '@pullback/rules-core/math';

export const leakyRelu = differentiable((x: Real) => (primal(x) > 0 ? x : mul(0.01, x)));

export const hardTanhSum = differentiable((v: RealArray) =>
  sum(map((e) => ifElse(gt(e, 1), mul(0, e), ifElse(gt(-1, e), mul(0, e), e)), v)),
);

export function isSaturated(x: Real): boolean {
  return Math.abs(primal(x)) > 1;
}

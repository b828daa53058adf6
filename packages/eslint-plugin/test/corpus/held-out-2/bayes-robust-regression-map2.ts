// corpus: clean
// about: robust regression with a per-observation Huber scale: a pure map2 kernel over residuals and scales, selecting the branch with ifElse
import type { Real, RealArray } from '@pullback/rules-core';
import { abs, add, at, ifElse, lt, map2, mul, square, sub, sum } from '@pullback/rules-core/math';
import { gradient, reverse } from '@pullback/engine';

const xs = new Float64Array([0, 1, 2, 3, 4, 5]);
const ys = new Float64Array([0.1, 1.1, 1.9, 3.2, 9.5, 5.1]);
const scales = new Float64Array([1, 1, 1, 1, 0.5, 1]);

function huberLoss(coef: RealArray): Real {
  const residuals = sub(ys, add(at(coef, 0), mul(at(coef, 1), xs)));
  const losses = map2(
    (r, s) => ifElse(lt(abs(r), s), mul(0.5, square(r)), mul(s, sub(abs(r), mul(0.5, s)))),
    residuals,
    scales,
  );
  return sum(losses);
}

export const dCoef = gradient(huberLoss, reverse(), [0, 1]);

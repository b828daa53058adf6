// corpus: clean
// about: Chebyshev polynomials by recurrence, T_n with an rrule from T_n' = n·U_{n−1} (noTangent for the integer degree), summed into a series differentiated in x
import { derivative, forward, gradient, reverse } from '@pullback/engine';
import { differentiable, noTangent, type DifferentiableFunction, type Real } from '@pullback/rules-core';
import { add, mul, sub } from '@pullback/rules-core/math';

export const chebyshevU = differentiable(
  (x: Real, n: number): Real => {
    let [prev, cur]: [Real, Real] = [1, mul(2, x)];
    if (n === 0) return 1;
    for (let k = 1; k < n; k++) [prev, cur] = [cur, sub(mul(2, mul(x, cur)), prev)];
    return cur;
  },
  undefined,
  { nondiff: [1] },
);

export const chebyshevT: DifferentiableFunction<(x: Real, n: number) => Real> = differentiable(
  (x: Real, n: number): Real => {
    let [prev, cur]: [Real, Real] = [1, x];
    if (n === 0) return 1;
    for (let k = 1; k < n; k++) [prev, cur] = [cur, sub(mul(2, mul(x, cur)), prev)];
    return cur;
  },
  {
    rrule: ([x, n]) => [
      chebyshevT(x, n),
      (dy) => [n === 0 ? 0 : mul(dy as Real, mul(n, chebyshevU(x, n - 1))), noTangent],
    ],
  },
  { nondiff: [1] },
);

export function series(coefficients: readonly number[], x: Real): Real {
  return coefficients.reduce<Real>((acc, c, n) => add(acc, mul(c, chebyshevT(x, n))), 0);
}

export const seriesSlope = (coefficients: number[], x: number) =>
  derivative((t: Real) => series(coefficients, t), forward(), x);

export const seriesGradient = (coefficients: number[], xs: number[]) =>
  gradient((ts: Real[]) => ts.reduce<Real>((acc, t) => add(acc, series(coefficients, t)), 0), reverse(), xs);

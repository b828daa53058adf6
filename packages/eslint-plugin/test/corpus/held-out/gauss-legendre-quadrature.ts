// corpus: clean
// about: Gauss–Legendre quadrature of a parametric integrand; nodes and weights are constants in Float64Arrays (also written), results go into similar(x) through setAt
import { jacobian, reverse } from '@pullback/engine';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, exp, mul, neg, setAt, similar } from '@pullback/rules-core/math';

const NODES = new Float64Array([-0.906179845938664, -0.538469310105683, 0, 0.538469310105683, 0.906179845938664]);
const WEIGHTS = Float64Array.from([0.236926885056189, 0.478628670499366, 0.568888888888889, 0.478628670499366, 0.236926885056189]);

/** ∫₀¹ exp(−θ t²) dt for each θ in `thetas`. */
export function gaussianIntegrals(thetas: RealArray): RealArray {
  const out = similar(thetas);
  const t2 = new Float64Array(NODES.length);
  for (let k = 0; k < NODES.length; k++) t2[k] = (0.5 * (NODES[k] + 1)) ** 2;
  for (let i = 0; i < thetas.length; i++) {
    let acc: Real = 0;
    for (let k = 0; k < NODES.length; k++) {
      acc = add(acc, mul(0.5 * WEIGHTS[k], exp(neg(mul(at(thetas, i), t2[k])))));
    }
    setAt(out, i, acc);
  }
  return out;
}

export const integralJacobian = (thetas: number[]) => jacobian(gaussianIntegrals, reverse(), thetas);

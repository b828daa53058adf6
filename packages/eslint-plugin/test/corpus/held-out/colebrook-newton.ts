// corpus: clean
// about: the Colebrook friction factor solved by Newton's method and differentiated through the iterations in the Reynolds number; convergence is tested on primal values
import { derivative, forward } from '@pullback/engine';
import { primal, type Real } from '@pullback/rules-core';
import { abs, add, div, log, mul, sub } from '@pullback/rules-core/math';

const LN10 = Math.log(10);

/** Darcy friction factor f from 1/√f = −2 log10(ε/3.7 + 2.51/(Re √f)), solved for x = 1/√f. */
export function colebrook(reynolds: Real, relRoughness: number): Real {
  const r = relRoughness / 3.7;
  let x: Real = 8;
  for (let k = 0; k < 50; k++) {
    const arg: Real = add(r, div(mul(2.51, x), reynolds));
    const g: Real = add(x, mul(2 / LN10, log(arg)));
    const dg: Real = add(1, div(mul(2 / LN10, div(2.51, reynolds)), arg));
    x = sub(x, div(g, dg));
    if (primal(abs(g)) < 1e-12) break;
  }
  return div(1, mul(x, x));
}

export const frictionSlope = (reynolds: number, roughness: number) =>
  derivative((re: Real) => colebrook(re, roughness), forward(), reynolds);

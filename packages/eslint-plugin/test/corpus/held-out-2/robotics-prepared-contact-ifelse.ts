// corpus: clean
// about: a penalty contact model for a foot above the ground, prepared once and called in a simulation loop; the contact branch is an ifElse on a comparison
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, gt, ifElse, mul, square } from '@pullback/rules-core/math';
import { prepareGradient, reverse } from '@pullback/engine';

const groundStiffness = 5000;
const mass = 1.5;
const gravity = 9.81;

/** Potential energy of a point foot: gravity plus a one-sided penalty spring below the ground. */
function potential(q: RealArray): Real {
  const height = at(q, 1);
  const penetration = ifElse(gt(height, 0), 0, height);
  return add(mul(mass * gravity, height), mul(0.5 * groundStiffness, square(penetration)));
}

const prep = prepareGradient(potential, reverse(), new Float64Array([0, 0.1]));

/** Semi-implicit Euler: forces are minus the prepared gradient. */
export function simulate(steps: number, dt: number): Float64Array {
  const q = new Float64Array([0, 0.1]);
  const v = new Float64Array([0.2, 0]);
  for (let s = 0; s < steps; s++) {
    const g = prep.gradient(q);
    for (let i = 0; i < 2; i++) {
      v[i] -= (dt * g[i]) / mass;
      q[i] += dt * v[i];
    }
  }
  return q;
}

// corpus: buggy
// about: rigid-body kinetic energy as a class method whose velocities are typed number[]; the reduce sums of squares are raw arithmetic on active velocities
import { gradient, reverse } from '@pullback/engine';

export class RigidBody {
  constructor(
    readonly mass: number,
    readonly inertia: readonly number[],
  ) {}

  kineticEnergy(v: number[], omega: number[]) { // expect: prefer-generic-types
    const translational = 0.5 * this.mass * v.reduce((s, vi) => s + vi * vi, 0); // expect: no-raw-arithmetic
    const rotational = omega.reduce((s, w, i) => s + 0.5 * this.inertia[i] * w * w, 0); // expect: no-raw-arithmetic
    return translational + rotational; // expect: no-raw-arithmetic
  }
}

const body = new RigidBody(2.5, [0.1, 0.2, 0.15]);

/** Generalised momenta: the gradient of the kinetic energy in the velocities. */
export const momenta = gradient(
  (state: number[]) => body.kineticEnergy(state.slice(0, 3), state.slice(3)), // expect: prefer-generic-types
  reverse(),
  [1, 0, -0.5, 0.2, 0.1, 0],
);

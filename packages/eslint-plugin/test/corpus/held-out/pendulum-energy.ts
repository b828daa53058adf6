// corpus: buggy
// about: a pendulum object whose energy method takes number[]; Hamilton's equations differentiate it, and ** and Math.cos meet the active state
import { gradient, reverse } from '@pullback/engine';

const G = 9.81;

export const pendulum = {
  mass: 1.5,
  length: 0.8,
  energy(state: number[]): number { // expect: prefer-generic-types
    const [theta, omega] = state;
    const kinetic = 0.5 * this.mass * this.length ** 2 * omega ** 2; // expect: no-raw-arithmetic
    const potential = this.mass * G * this.length * (1 - Math.cos(theta)); // expect: no-raw-arithmetic, no-active-coercion
    return kinetic + potential; // expect: no-raw-arithmetic
  },
};

/** Hamilton's equations in (θ, ω): the time derivative of the state. */
export function flow(theta: number, omega: number): [number, number] {
  const inertia = pendulum.mass * pendulum.length ** 2;
  const [dTheta, dOmega] = gradient((s: number[]) => pendulum.energy(s), reverse(), [theta, omega]); // expect: prefer-generic-types
  return [dOmega / inertia, -dTheta / inertia];
}

// corpus: buggy
// about: shooting method for a pendulum boundary value problem: the final angle is differentiated in the initial angular velocity through the RK4 steps of rk4.ts
import { derivative, forward } from '@pullback/engine';
import { pendulum, type State } from './dynamics.js';
import { rk4Step } from './rk4.js';

const gravity = 9.81;
const length = 1.2;
const dynamics = (s: State) => pendulum(s, gravity, length); // expect: prefer-generic-types

function finalAngle(omega0: number) { // expect: prefer-generic-types
  let s: State = [0.1, omega0];
  for (let k = 0; k < 200; k++) s = rk4Step(dynamics, s, 0.01);
  return s[0];
}

/** d(final angle)/d(initial angular velocity), for a Newton update of omega0. */
export const sensitivity = derivative(finalAngle, forward(), 0.5);

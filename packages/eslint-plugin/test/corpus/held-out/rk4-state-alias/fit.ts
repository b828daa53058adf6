// corpus: buggy
// about: fits the initial state of a damped oscillator by differentiating an RK4 solve (integrator.ts); the right-hand side and the misfit are raw arithmetic on the State
import { gradient, reverse } from '@pullback/engine';
import { integrate, type State } from './integrator.js';

const omega = 2.0;
const damping = 0.1;

const oscillator = (_t: number, [x, v]: State): State => [v, -omega * omega * x - damping * v]; // expect: prefer-generic-types, no-raw-arithmetic

export function misfitGradient(y0: State, observed: State): State {
  return gradient(
    (start: State) => { // expect: prefer-generic-types
      const [x, v] = integrate(oscillator, start, 1.0, 50);
      return (x - observed[0]) ** 2 + (v - observed[1]) ** 2; // expect: no-raw-arithmetic
    },
    reverse(),
    y0,
  );
}

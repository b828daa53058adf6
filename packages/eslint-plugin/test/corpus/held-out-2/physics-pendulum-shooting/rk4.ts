// corpus: buggy
// about: classical RK4 step written with raw arithmetic on number[] states; the shooting objective in shoot.ts runs it on active states
import type { State } from './dynamics.js';

export type Dynamics = (s: State) => State;

export function rk4Step(f: Dynamics, s: State, h: number) { // expect: prefer-generic-types
  const k1 = f(s);
  const k2 = f(s.map((v, i) => v + 0.5 * h * k1[i])); // expect: no-raw-arithmetic
  const k3 = f(s.map((v, i) => v + 0.5 * h * k2[i])); // expect: no-raw-arithmetic
  const k4 = f(s.map((v, i) => v + h * k3[i])); // expect: no-raw-arithmetic
  return s.map((v, i) => v + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i])); // expect: no-raw-arithmetic
}

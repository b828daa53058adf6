// corpus: clean
// about: a generic RK4 integrator (time and step are plain numbers, the state a RealArray) and the Jacobian of a Lotka–Volterra solution in its initial state
import { forward, jacobian } from '@pullback/engine';
import type { RealArray } from '@pullback/rules-core';
import { add, at, mul, sub } from '@pullback/rules-core/math';

export type Rhs = (t: number, y: RealArray) => RealArray;

export function rk4(f: Rhs, y0: RealArray, t0: number, t1: number, steps: number): RealArray {
  const h = (t1 - t0) / steps;
  let y = y0;
  for (let s = 0; s < steps; s++) {
    const t = t0 + s * h;
    const k1 = f(t, y);
    const k2 = f(t + h / 2, add(y, mul(h / 2, k1)));
    const k3 = f(t + h / 2, add(y, mul(h / 2, k2)));
    const k4 = f(t + h, add(y, mul(h, k3)));
    y = add(y, mul(h / 6, add(add(k1, mul(2, k2)), add(mul(2, k3), k4))));
  }
  return y;
}

const [alpha, beta, delta, gamma] = [1.1, 0.4, 0.1, 0.4];

export const lotkaVolterra: Rhs = (_t, y) => {
  const prey = at(y, 0);
  const predators = at(y, 1);
  return [
    sub(mul(alpha, prey), mul(beta, mul(prey, predators))),
    sub(mul(delta, mul(prey, predators)), mul(gamma, predators)),
  ];
};

export const sensitivity = (y0: number[]) =>
  jacobian((start: RealArray) => rk4(lotkaVolterra, start, 0, 5, 200), forward(), y0);

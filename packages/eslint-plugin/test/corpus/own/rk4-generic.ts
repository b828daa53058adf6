// corpus: clean
// about: a generic RK4 integrator for the Lotka-Volterra system with RealArray states, differentiated in the parameters
import { gradient, reverse } from '@pullback/engine';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, mul, sub } from '@pullback/rules-core/math';

type Rhs = (y: RealArray, p: RealArray) => RealArray;

const lotkaVolterra: Rhs = (y, p) => {
  const prey = at(y, 0);
  const predator = at(y, 1);
  const meet = mul(prey, predator);
  return [sub(mul(at(p, 0), prey), mul(at(p, 1), meet)), sub(mul(at(p, 2), meet), mul(at(p, 3), predator))];
};

function rk4Step(f: Rhs, y: RealArray, p: RealArray, h: number): RealArray {
  const k1 = f(y, p);
  const k2 = f(add(y, mul(h / 2, k1)), p);
  const k3 = f(add(y, mul(h / 2, k2)), p);
  const k4 = f(add(y, mul(h, k3)), p);
  return add(y, mul(h / 6, add(add(k1, mul(2, k2)), add(mul(2, k3), k4))));
}

export const dPrey = gradient(
  (p: RealArray) => {
    let y: RealArray = [10, 5];
    for (let step = 0; step < 20; step++) y = rk4Step(lotkaVolterra, y, p, 0.05);
    const last: Real = at(y, 0);
    return last;
  },
  reverse(),
  [1.1, 0.4, 0.1, 0.4],
);

// corpus: buggy
// about: an RK4 step over `type State = number[]` differentiated in the initial state; the alias hides that every stage is active
import { gradient, reverse } from '@pullback/engine';
import type { RealArray } from '@pullback/rules-core';

type State = number[];

function lotkaVolterra(y: State): State { // expect: prefer-generic-types
  const [prey, predator] = y;
  return [1.1 * prey - 0.4 * prey * predator, 0.1 * prey * predator - 0.4 * predator]; // expect: no-raw-arithmetic
}

function rk4Step(y: State, h: number): State { // expect: prefer-generic-types
  const k1 = lotkaVolterra(y);
  const k2 = lotkaVolterra(y.map((v, i) => v + (h / 2) * k1[i])); // expect: no-raw-arithmetic
  const k3 = lotkaVolterra(y.map((v, i) => v + (h / 2) * k2[i])); // expect: no-raw-arithmetic
  const k4 = lotkaVolterra(y.map((v, i) => v + h * k3[i])); // expect: no-raw-arithmetic
  return y.map((v, i) => v + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i])); // expect: no-raw-arithmetic
}

export const sensitivity = gradient(
  (y0: RealArray) => {
    let y = y0 as State;
    for (let step = 0; step < 10; step++) y = rk4Step(y, 0.1);
    return y[0];
  },
  reverse(),
  [10, 5],
);

// corpus: clean
// about: discrete Lagrangian action of a pendulum path as a class written with the vocabulary; the gradient goes through method calls on this
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, cos, div, mul, square, sub } from '@pullback/rules-core/math';
import { gradient, reverse } from '@pullback/engine';

export class Pendulum {
  constructor(
    readonly mass: number,
    readonly length: number,
    readonly gravity = 9.81,
  ) {}

  kinetic(omega: Real): Real {
    return mul(0.5 * this.mass * this.length ** 2, square(omega));
  }

  potential(theta: Real): Real {
    return mul(this.mass * this.gravity * this.length, sub(1, cos(theta)));
  }

  action(path: RealArray, dt: number): Real {
    let s: Real = 0;
    for (let k = 0; k + 1 < path.length; k++) {
      const omega = div(sub(at(path, k + 1), at(path, k)), dt);
      s = add(s, mul(dt, sub(this.kinetic(omega), this.potential(at(path, k)))));
    }
    return s;
  }
}

const pendulum = new Pendulum(1, 0.75);
const guess = Array.from({ length: 20 }, (_, k) => 0.3 * Math.cos(0.4 * k));

/** Stationary-action condition: this gradient vanishes on a true trajectory. */
export const dAction = gradient((path: RealArray) => pendulum.action(path, 0.05), reverse(), guess);

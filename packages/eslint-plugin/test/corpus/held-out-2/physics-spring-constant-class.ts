// corpus: clean
// about: a damped oscillator as a class with plain-number parameters; the energy method mixes raw arithmetic on the constants with the vocabulary on the state
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, mul, square } from '@pullback/rules-core/math';
import { hessian, forward, reverse, secondOrder } from '@pullback/engine';

export class Oscillator {
  readonly omega: number;

  constructor(
    readonly mass: number,
    readonly stiffness: number,
    readonly damping: number,
  ) {
    this.omega = Math.sqrt(stiffness / mass);
  }

  get qualityFactor(): number {
    return (this.mass * this.omega) / this.damping;
  }

  energy(state: RealArray): Real {
    const x = at(state, 0);
    const v = at(state, 1);
    return add(mul(0.5 * this.stiffness, square(x)), mul(0.5 * this.mass, square(v)));
  }
}

const osc = new Oscillator(0.2, 50, 0.01);

/** The Hessian of the energy is diag(k, m): a check on the model. */
export const H = hessian((s: RealArray) => osc.energy(s), secondOrder(forward(), reverse()), [0.01, 0]);

// corpus: clean
// about: a particle system class whose methods call each other through this, all written with the vocabulary
import { gradient, reverse } from '@pullback/engine';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, div, mul, sqrt, square, sub } from '@pullback/rules-core/math';

class PairPotential {
  constructor(
    private readonly epsilon: number,
    private readonly sigma: number,
  ) {}

  distance(q: RealArray, i: number, j: number): Real {
    const dx = sub(at(q, 2 * i), at(q, 2 * j));
    const dy = sub(at(q, 2 * i + 1), at(q, 2 * j + 1));
    return sqrt(add(square(dx), square(dy)));
  }

  pair(r: Real): Real {
    const s6 = square(square(square(div(this.sigma, r))));
    return mul(4 * this.epsilon, sub(square(s6), s6));
  }

  energy(q: RealArray): Real {
    let e: Real = 0;
    const n = q.length / 2;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) e = add(e, this.pair(this.distance(q, i, j)));
    return e;
  }
}

const lj = new PairPotential(1, 1);

export const forces = gradient((q: RealArray) => lj.energy(q), reverse(), [0, 0, 1.1, 0, 0, 1.2]);

// corpus: buggy
// about: a spring chain class whose energy method is written on number[] and reached through this.energy from the differentiated total
import { gradient, reverse } from '@pullback/engine';
import type { RealArray } from '@pullback/rules-core';
import { add, mul, sum } from '@pullback/rules-core/math';

class SpringChain {
  constructor(
    readonly stiffness: number,
    readonly rest: number,
  ) {}

  energy(x: number[]): number { // expect: prefer-generic-types
    let e = 0;
    for (let i = 0; i + 1 < x.length; i++) {
      e += 0.5 * this.stiffness * Math.pow(x[i + 1] - x[i] - this.rest, 2); // expect: no-raw-arithmetic, no-active-coercion
    }
    return e;
  }

  total(x: RealArray, gravity: number) {
    return add(this.energy(x as number[]), mul(gravity, sum(x)));
  }
}

const chain = new SpringChain(10, 1);

export const force = gradient((x: RealArray) => chain.total(x, 9.81), reverse(), [0, 1.2, 2.1, 3.3]);

// corpus: buggy
// about: geometric circle fit as a class; the residual method casts the active centre to number and measures distances with Math.hypot
import type { Real, RealArray } from '@pullback/rules-core';
import { at, square, sub, sum } from '@pullback/rules-core/math';
import { gradient, reverse } from '@pullback/engine';

class CircleFit {
  constructor(private readonly points: readonly [number, number][]) {}

  residuals(params: RealArray): Real[] {
    const cx = at(params, 0);
    const cy = at(params, 1);
    const r = at(params, 2);
    return this.points.map(([px, py]) => {
      const d = Math.hypot(px - (cx as number), py - (cy as number)); // expect: no-active-coercion, no-raw-arithmetic
      return sub(d, r);
    });
  }

  loss(params: RealArray): Real {
    return sum(square(this.residuals(params)));
  }
}

const fit = new CircleFit([
  [1, 0.1],
  [0, 1.05],
  [-0.98, 0],
  [0.05, -1],
  [0.7, 0.72],
]);

export const dParams = gradient((p: RealArray) => fit.loss(p), reverse(), [0.1, -0.1, 0.8]);

// corpus: clean
// about: 2-D rigid point-set registration as an object literal whose methods use the vocabulary; the gradient reaches them through model.loss
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, cos, mul, sin, square, sub } from '@pullback/rules-core/math';
import { gradient, reverse } from '@pullback/engine';

const source: [number, number][] = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
];
const target: [number, number][] = [
  [0.5, 0.2],
  [1.48, 0.37],
  [1.31, 1.36],
  [0.33, 1.18],
];

export const registration = {
  transform(pose: RealArray, p: [number, number]): [Real, Real] {
    const c = cos(at(pose, 2));
    const s = sin(at(pose, 2));
    const x = add(sub(mul(c, p[0]), mul(s, p[1])), at(pose, 0));
    const y = add(add(mul(s, p[0]), mul(c, p[1])), at(pose, 1));
    return [x, y];
  },
  loss(pose: RealArray): Real {
    let total: Real = 0;
    source.forEach((p, i) => {
      const [x, y] = this.transform(pose, p);
      total = add(total, add(square(sub(x, target[i][0])), square(sub(y, target[i][1]))));
    });
    return total;
  },
};

export const dPose = gradient((pose: RealArray) => registration.loss(pose), reverse(), [0, 0, 0]);

// corpus: buggy
// about: fairs a polyline by gradient descent on the smoothness energy of smoothness.ts plus a fidelity term; the driver updates a Float64Array with the gradient's numbers
import { prepareGradient, reverse } from '@pullback/engine';
import type { RealArray } from '@pullback/rules-core';
import { add, mul, square, sub, sum } from '@pullback/rules-core/math';
import { smoothness } from './smoothness.js';

const original = new Float64Array([0, 0, 1, 0.1, 2, -0.1, 2.1, 1, 1, 1.2, 0, 0.9]);

const objective = (xy: RealArray) => add(smoothness(xy), mul(10, sum(square(sub(xy, original)))));

const prep = prepareGradient(objective, reverse(), original);

export function fair(steps: number, rate: number): Float64Array {
  const xy = original.slice();
  for (let s = 0; s < steps; s++) {
    const g = prep.gradient(xy);
    for (let i = 0; i < xy.length; i++) xy[i] -= rate * g[i];
  }
  return xy;
}

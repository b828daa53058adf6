// corpus: clean
// about: an Adam optimiser that updates Float64Array parameters in place from gradients pullback returns; the update is plain numeric code
import { prepareGradient, reverse } from '@pullback/engine';
import type { RealArray } from '@pullback/rules-core';
import { add, dot, mul, square, sub, sum } from '@pullback/rules-core/math';

const target = new Float64Array([1, -2, 0.5]);

const start: Float64Array = new Float64Array(3);

const prep = prepareGradient(
  (w: RealArray) => add(sum(square(sub(w, target))), mul(1e-3, dot(w, w))),
  reverse(),
  start,
);

export function adam(w: Float64Array, steps: number, lr = 1e-2, b1 = 0.9, b2 = 0.999): void {
  const m = new Float64Array(w.length);
  const v = new Float64Array(w.length);
  for (let t = 1; t <= steps; t++) {
    const g = prep.gradient(w);
    for (let i = 0; i < w.length; i++) {
      m[i] = b1 * m[i] + (1 - b1) * g[i];
      v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
      const mHat = m[i] / (1 - b1 ** t);
      const vHat = v[i] / (1 - b2 ** t);
      w[i] -= (lr * mHat) / (Math.sqrt(vHat) + 1e-8);
    }
  }
}

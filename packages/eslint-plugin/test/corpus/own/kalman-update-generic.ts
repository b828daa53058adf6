// corpus: clean
// about: a scalar Kalman filter log-likelihood with the vocabulary, differentiated in the process and measurement noise
import { gradient, reverse } from '@pullback/engine';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, div, log, mul, square, sub } from '@pullback/rules-core/math';

const measurements = [1.1, 0.9, 1.3, 1.0, 0.7];

interface Belief {
  readonly mean: Real;
  readonly variance: Real;
}

function update(b: Belief, z: number, q: Real, r: Real): { belief: Belief; ll: Real } {
  const prior = add(b.variance, q);
  const s = add(prior, r);
  const k = div(prior, s);
  const innovation = sub(z, b.mean);
  const ll = mul(-0.5, add(log(mul(2 * Math.PI, s)), div(square(innovation), s)));
  return { belief: { mean: add(b.mean, mul(k, innovation)), variance: mul(sub(1, k), prior) }, ll };
}

export const dNoise = gradient(
  (noise: RealArray) => {
    let belief: Belief = { mean: 0, variance: 1 };
    let total: Real = 0;
    for (const z of measurements) {
      const step = update(belief, z, at(noise, 0), at(noise, 1));
      belief = step.belief;
      total = add(total, step.ll);
    }
    return total;
  },
  reverse(),
  [0.01, 0.5],
);

// corpus: buggy
// about: scalar Kalman filter log-likelihood differentiated in the measurement noise r; every step is written on numbers
import { derivative, forward } from '@pullback/engine';
import type { Real } from '@pullback/rules-core';

const measurements = [1.1, 0.9, 1.3, 1.0, 0.7];

function logLikelihood(r: number, q = 0.01): number { // expect: prefer-generic-types
  let mean = 0;
  let variance = 1;
  let ll = 0;
  for (const z of measurements) {
    variance += q; // expect: no-raw-arithmetic
    const s = variance + r; // expect: no-raw-arithmetic
    const k = variance / s; // expect: no-raw-arithmetic
    ll -= 0.5 * (Math.log(2 * Math.PI * s) + ((z - mean) * (z - mean)) / s); // expect: no-raw-arithmetic, no-active-coercion
    mean += k * (z - mean); // expect: no-raw-arithmetic
    variance *= 1 - k; // expect: no-raw-arithmetic
  }
  return ll;
}

export const dNoise = derivative((r: Real) => logLikelihood(r as number), forward(), 0.5);

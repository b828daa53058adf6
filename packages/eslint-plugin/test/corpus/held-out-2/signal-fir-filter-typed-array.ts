// corpus: buggy
// about: FIR filter whose outputs are stored in a Float64Array; the active filter outputs cannot be written there
import { differentiable, type Real, type RealArray } from '@pullback/rules-core';
import { add, at, mul, square, sub, sum } from '@pullback/rules-core/math';
import { gradient, reverse } from '@pullback/engine';

export const fir = differentiable((signal: RealArray, taps: RealArray) => {
  const out = new Float64Array(signal.length); // expect: no-non-generic-storage
  for (let n = 0; n < signal.length; n++) {
    let acc: Real = 0;
    for (let k = 0; k < taps.length && k <= n; k++) {
      acc = add(acc, mul(at(taps, k), at(signal, n - k)));
    }
    out[n] = acc as number; // expect: no-typed-array-write
  }
  return out;
});

const noisy = Float64Array.from({ length: 64 }, (_, n) => Math.sin(n / 5) + 0.1 * Math.cos(7 * n));
const reference = Float64Array.from({ length: 64 }, (_, n) => Math.sin(n / 5));

/** Gradient of the squared error with respect to the five taps. */
export const tapGradient = gradient(
  (taps: RealArray) => sum(square(sub(fir(noisy, taps), reference))),
  reverse(),
  new Float64Array([0.2, 0.2, 0.2, 0.2, 0.2]),
);

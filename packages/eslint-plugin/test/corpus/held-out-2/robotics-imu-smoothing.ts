// corpus: clean
// about: moving-average and median smoothing of IMU readings on Float64Arrays before a pose fit: plain numeric code beside differentiable code
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, mul, square, sub } from '@pullback/rules-core/math';
import { gradient, reverse } from '@pullback/engine';

export function movingAverage(x: Float64Array, window: number): Float64Array {
  const out = new Float64Array(x.length);
  let acc = 0;
  for (let i = 0; i < x.length; i++) {
    acc += x[i];
    if (i >= window) acc -= x[i - window];
    out[i] = acc / Math.min(i + 1, window);
  }
  return out;
}

export function median3(x: Float64Array): Float64Array {
  const out = x.slice();
  for (let i = 1; i + 1 < x.length; i++) {
    const w = [x[i - 1], x[i], x[i + 1]].sort((a, b) => a - b);
    out[i] = w[1];
  }
  return out;
}

const raw = Float64Array.from({ length: 100 }, (_, i) => 0.01 * i + (i % 7 === 0 ? 0.5 : 0));
const smoothed = movingAverage(median3(raw), 5);

/** Fit a line to the smoothed readings: the driver calls gradient with plain data. */
function lineError(p: RealArray, ys: Float64Array): Real {
  let e: Real = 0;
  for (let i = 0; i < ys.length; i++) e = add(e, square(sub(add(at(p, 0), mul(at(p, 1), i)), ys[i])));
  return e;
}

export const dLine = gradient(lineError, reverse(), [0, 0], smoothed);

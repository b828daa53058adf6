// corpus: clean
// about: gyroscope bias and scale calibration at rest: samples come from the ring buffer as plain numbers, the bias and scale are differentiated with the vocabulary
import type { RealArray } from '@pullback/rules-core';
import { at, mul, square, sub, sum, add } from '@pullback/rules-core/math';
import { gradient, reverse } from '@pullback/engine';
import { RingBuffer } from './sample-buffer.js';

const buffer = new RingBuffer(256);
for (let k = 0; k < 300; k++) buffer.push(0.02 + 0.001 * Math.sin(k / 10));
const atRest = buffer.toArray();

/** At rest the corrected rate scale·(y − bias) is zero; the scale is kept near one. */
export const dCalibration = gradient(
  (p: RealArray, ys: Float64Array) =>
    add(sum(square(mul(at(p, 1), sub(ys, at(p, 0))))), square(sub(at(p, 1), 1))),
  reverse(),
  [0, 1],
  atRest,
);

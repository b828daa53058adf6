// corpus: buggy
// about: fixed per-channel gains applied by a map kernel that advances a captured counter; the kernel is traced once, so every channel would get the first gain
import { differentiable, type RealArray } from '@pullback/rules-core';
import { at, map, mul, square, sum } from '@pullback/rules-core/math';
import { gradient, reverse } from '@pullback/engine';

export const weightedPower = differentiable((channels: RealArray, gains: RealArray) => {
  let c = 0;
  const scaled = map((s) => mul(s, at(gains, c++)), channels); // expect: no-impure-kernel
  return sum(square(scaled));
});

const calibratedGains = new Float64Array([1, 0.8, 1.25, 0.9]);

/** Sensitivity of the weighted power to each channel's sample. */
export const dChannels = gradient(
  (x: RealArray) => weightedPower(x, calibratedGains),
  reverse(),
  [0.5, 1.5, -0.7, 2.1],
);

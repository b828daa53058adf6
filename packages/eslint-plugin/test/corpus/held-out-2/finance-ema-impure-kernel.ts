// corpus: buggy
// about: exponential moving average of prices computed in a map kernel that updates a captured running level; traced once, the recursion between elements is lost
import { differentiable, type Real, type RealArray } from '@pullback/rules-core';
import { add, at, map, mul, square, sub, sum } from '@pullback/rules-core/math';
import { gradient, reverse } from '@pullback/engine';

const smoothing = 0.2;

export const ema = differentiable((prices: RealArray) => {
  let level: Real = at(prices, 0);
  return map((p) => {
    level = add(mul(smoothing, p), mul(1 - smoothing, level)); // expect: no-impure-kernel
    return level;
  }, prices);
});

const observed = [101.2, 100.8, 102.5, 103.1, 102.2, 104.0];

export const dTrackingError = gradient(
  (p: RealArray) => sum(square(sub(ema(p), observed))),
  reverse(),
  observed,
);

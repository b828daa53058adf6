// corpus: buggy
// about: a softmax policy's log-normaliser written by hand over readonly any[]; the running maximum `let m = -Infinity` compares and stores active values, and Math.exp/Math.log run on them
import { gradient, reverse } from '@pullback/engine';
import type { Real, RealArray } from '@pullback/rules-core';
import { dot, sub } from '@pullback/rules-core/math';

export function logSumExp(xs: readonly any[]) {
  let m = -Infinity;
  for (const x of xs) if (x > m) m = x; // expect: no-raw-arithmetic
  let s = 0;
  for (const x of xs) s += Math.exp(x - m); // expect: no-raw-arithmetic, no-active-coercion
  return m + Math.log(s); // expect: no-raw-arithmetic, no-active-coercion
}

/** Log-probability of `action` under a linear softmax policy over per-action features. */
export function logProbability(theta: RealArray, features: readonly number[][], action: number): Real {
  const scores = features.map((f) => dot(f, theta));
  return sub(scores[action], logSumExp(scores));
}

export const scoreFunction = (theta: number[], features: number[][], action: number) =>
  gradient((t: RealArray) => logProbability(t, features, action), reverse(), theta);

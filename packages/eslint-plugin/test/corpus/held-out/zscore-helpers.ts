// corpus: buggy
// about: z-scores through number[] helpers (reduce sums, Math.sqrt) called from a differentiable function; every helper does raw arithmetic on the active sample
import { differentiable } from '@pullback/rules-core';

const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length; // expect: prefer-generic-types, no-raw-arithmetic

function std(xs: number[], m: number): number { // expect: prefer-generic-types
  const ss = xs.reduce((s, v) => s + (v - m) ** 2, 0); // expect: no-raw-arithmetic
  return Math.sqrt(ss / (xs.length - 1)); // expect: no-active-coercion, no-raw-arithmetic
}

export const zscores = differentiable((xs: number[]) => { // expect: prefer-generic-types
  const m = mean(xs);
  const s = std(xs, m);
  return xs.map((v) => (v - m) / s); // expect: no-raw-arithmetic
});

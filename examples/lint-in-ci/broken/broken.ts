// Deliberately broken: every mistake here is one @pullback/eslint-plugin reports before the
// code runs. The check in packages/eslint-plugin/test/lint-in-ci.test.ts lints this file with
// eslint.ci.config.js and expects exactly these diagnostics, rule by rule and line by line.
// This folder is kept out of the repository's own lint and typecheck.
import { differentiable, noTangent, type Real } from '@pullback/rules-core';
import { floor, mul, pow, sum } from '@pullback/rules-core/math';
import { gradient, reverse } from '@pullback/engine';

// The talk's badcopy: number-only storage, typed-array writes, a non-generic parameter.
export const badcopy = differentiable(function badcopy(x: Float64Array) {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = x[i];
  return y;
});

// Raw arithmetic and a coercion, a zero derivative and randomness.
export const loss = differentiable((w: Real, b: Real) => {
  const r = w * 2 + b;
  console.log(`r = ${r}`);
  const jitter = Math.random();
  return mul(floor(r), jitter);
});

// Sorting the caller's array in place.
export const g = gradient(
  (x: Real[]) => {
    x.sort();
    return sum(x);
  },
  reverse(),
  [3, 1, 2],
);

// A pullback with one cotangent too many: fn takes two arguments.
export const power = differentiable((x: Real, n: number) => pow(x, n), {
  rrule: ([x, n]) => [pow(x, n), (dy) => [mul(dy, mul(n, pow(x, n - 1))), noTangent, noTangent]],
});

// The same function written correctly: nothing is reported.
export const power2 = differentiable((x: Real, n: number) => pow(x, n), {
  rrule: ([x, n]) => [pow(x, n), (dy) => [mul(dy, mul(n, pow(x, n - 1))), noTangent]],
});

/**
 * A `number[]` built element by element in a loop (and the `y` an in-place `f` writes element by
 * element) compiles to a loop: its elements are stored into an output buffer as they are made
 * (src/staging/gather-outputs.ts), so re-rolling finds the repetition. Before, each element was
 * an output of its own, the loop stayed unrolled and the generated code grew with n (1.6 MB for
 * n = 1000).
 */
import { describe, expect, it } from 'vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import { at, exp, mul, sin, sub } from '@pullback/rules-core/math';
import {
  forward,
  jacobian,
  prepareJacobian,
  preparePullback,
  preparePushforward,
  preparePushforwardInPlace,
  pullback,
  pushforward,
  reverse,
} from '@pullback/engine';

/** `out[i] = sin(x[i])·x[i+1] − eˣ⁽ⁱ⁾/10`, pushed one element at a time. */
const residuals = (x: RealArray): Real[] => {
  const out: Real[] = [];
  for (let i = 0; i + 1 < x.length; i++)
    out.push(sub(mul(sin(at(x, i)), at(x, i + 1)), mul(0.1, exp(at(x, i)))));
  return out;
};
/** The same written into `y`, element by element. */
const residualsInPlace = (y: RealArray, x: RealArray): void => {
  const r = residuals(x);
  for (let i = 0; i < r.length; i++) (y as Real[])[i] = r[i];
};

const point = (n: number) => Float64Array.from({ length: n }, (_, i) => 0.4 + 0.3 * Math.sin(i));
const direction = (n: number) => Float64Array.from({ length: n }, (_, i) => Math.cos(2 * i));

// Compiled and eager compute the same products; sums may be added in another order, so 1e-12 of
// the largest magnitude (entries here are below 3) is rounding.
const closeTo = (a: ArrayLike<number>, b: ArrayLike<number>): void => {
  expect(a.length).toBe(b.length);
  const scale = Math.max(1, ...Array.from(b, Math.abs));
  for (let i = 0; i < a.length; i++)
    expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(1e-12 * scale);
};

describe('a number[] output built in a loop', () => {
  it('is a loop in the generated code: the source does not grow with n', () => {
    const bytes = [50, 500].map((n) => {
      const x = point(n);
      const p = preparePullback(residuals, reverse(), x);
      const dy = direction(n - 1);
      closeTo(
        p.pullback(x, dy) as Float64Array,
        pullback(residuals, reverse({ compile: false }), x, dy) as Float64Array,
      );
      expect(p.compilation.compiled).toBe(true);
      return p.compilation.sourceBytes;
    });
    // Only the numbers in it (loop bounds, ids) may be longer.
    expect(Math.abs(bytes[1] - bytes[0])).toBeLessThan(40);
  });

  it('pushforward and Jacobians (forward and reverse) equal the eager ones', () => {
    const x = point(30);
    const v = direction(30);
    const p = preparePushforward(residuals, forward(), x);
    closeTo(
      p.pushforward(x, v) as number[],
      pushforward(residuals, forward({ compile: false }), x, v) as number[],
    );
    const eager = jacobian(residuals, reverse({ compile: false }), x).data;
    for (const backend of [forward(), reverse()]) {
      const j = prepareJacobian(residuals, backend, x);
      closeTo(j.jacobian(x).data, eager);
      expect(j.compilation.compiled).toBe(true);
    }
  });

  it('written into y in place, is a loop too, and right', () => {
    const bytes = [50, 500].map((n) => {
      const x = point(n);
      const v = direction(n);
      const y = new Float64Array(n - 1);
      const p = preparePushforwardInPlace(residualsInPlace, forward(), y, x);
      const t = p.pushforward(y, x, v);
      closeTo(
        t as Float64Array,
        pushforward(residuals, forward({ compile: false }), x, v) as number[],
      );
      closeTo(y, residuals(x) as number[]);
      expect(p.compilation.compiled).toBe(true);
      return p.compilation.sourceBytes;
    });
    // Only the numbers in it (loop bounds, ids) may be longer.
    expect(Math.abs(bytes[1] - bytes[0])).toBeLessThan(40);
  });
});

/**
 * Numeric code written for arrays (`x.forEach`, `x.map`, `x.reduce`, …) runs on the engine's
 * active arrays with its derivatives kept, in every mode; a method that changes the array in
 * place falls back and is reported instead of a bare `TypeError` (a second held-out lint
 * snippet found `theta.forEach is not a function` with a Float64Array input).
 */
import { fc, test } from '@fast-check/vitest';
import type { Real } from '@pullback/rules-core';
import { add, cos, mul, sin, square, sum } from '@pullback/rules-core/math';
import { describe, expect, it } from 'vitest';
import {
  auto,
  forward,
  gradient,
  hessian,
  reverse,
  secondOrder,
  type FallbackEvent,
} from '../src/index.js';

const backends = [
  ['forward()', () => forward()],
  ['reverse()', () => reverse()],
  ['auto()', () => auto()],
] as const;

// Written as users write it for a Float64Array input (the engine passes its own active array in
// its place): the annotation is what the types see, the methods are what runs.
// Planar arm: joint angles accumulate, link ends are sums of cos and sin of the running angle.
const armReach = (theta: Float64Array): Real => {
  let angle: Real = 0;
  let px: Real = 0;
  let py: Real = 0;
  theta.forEach((t) => {
    angle = add(angle, t);
    px = add(px, cos(angle));
    py = add(py, sin(angle));
  });
  return add(square(px), square(py));
};
const armReachPlain = (theta: readonly number[]): number => {
  let angle = 0;
  let px = 0;
  let py = 0;
  for (const t of theta) {
    angle += t;
    px += Math.cos(angle);
    py += Math.sin(angle);
  }
  return px * px + py * py;
};

const viaMethods = (x: Float64Array): Real =>
  add(
    Array.from(x.map((v) => square(v))).reduce((s: Real, v) => add(s, v), 0),
    sum(x.slice(1).filter((_, i) => i % 2 === 0)),
  );
// d/dx of Σ x² + Σ_{odd i ≥ 1} x_i
const viaMethodsGradient = (x: readonly number[]) => x.map((v, i) => 2 * v + (i % 2 === 1 ? 1 : 0));

describe('array methods on active arrays', () => {
  for (const [name, make] of backends) {
    test.prop([
      fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 1, maxLength: 8 }),
    ])(
      `forEach keeps the derivative (${name}, Float64Array input), matching central differences`,
      (values) => {
        // No onFallback here: the suite's setup fails any fallback nobody listens for.
        const g = gradient(armReach, make(), Float64Array.from(values)) as Float64Array;
        // Central differences with h = 1e-6 on a function with derivatives of order n² ≤ 64:
        // truncation ~ h² · 64 and rounding ~ 1e-16 · 64 / h, both below 1e-7.
        const h = 1e-6;
        values.forEach((_, i) => {
          const up = [...values];
          const down = [...values];
          up[i] += h;
          down[i] -= h;
          const fd = (armReachPlain(up) - armReachPlain(down)) / (2 * h);
          expect(Math.abs(g[i] - fd)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(fd)));
        });
      },
    );

    it(`map, reduce, slice and filter keep derivatives exactly (${name})`, () => {
      const x = [0.5, -1, 2, 3, -0.25];
      expect(
        Array.from(gradient(viaMethods, make(), Float64Array.from(x)) as Float64Array),
      ).toEqual(viaMethodsGradient(x));
    });
  }

  it('keep second derivatives (forward over reverse)', () => {
    const H = hessian(viaMethods, secondOrder(forward(), reverse()), new Float64Array([1, 2, 3]));
    expect(Array.from(H.data)).toEqual([2, 0, 0, 0, 2, 0, 0, 0, 2]);
  });

  it('a method that changes the array in place falls back, reported, with the right gradient', () => {
    const events: FallbackEvent[] = [];
    const sortedWeights = (x: Float64Array): Real => {
      x.sort();
      return add(mul(3, x[0]), x[1]);
    };
    const g = gradient(
      sortedWeights,
      reverse({ onFallback: (e) => events.push(e) }),
      new Float64Array([2, 1]),
    ) as Float64Array;
    expect(events).toHaveLength(1);
    expect(events[0].reason).toMatch(/x\.sort\(\)/);
    // sorted: [1, 2] → 3·x₁ + x₀ at the caller's indices: ∂/∂x₀ = 1, ∂/∂x₁ = 3
    expect(g[0]).toBeCloseTo(1, 6);
    expect(g[1]).toBeCloseTo(3, 6);
  });
});

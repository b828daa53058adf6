import { describe, expect, it } from 'vitest';
import { test as fcTest, fc } from '@fast-check/vitest';
import { differentiable, type Real, type RealArray } from '@pullback/rules-core';
import { add, at, map, map2, mul, sin, sum } from '@pullback/rules-core/math';
import {
  auto,
  forward,
  gradient,
  hvp,
  reverse,
  secondOrder,
  type FallbackEvent,
} from '@pullback/engine';
import { expectClose } from './helpers.js';

// Kernels that close over a value being differentiated: mixed mode cannot see its derivative
// (a kernel's partials are taken with respect to its arguments only), so the engine traces.

/** x₀ · Σ sin(xᵢ), the x₀ captured by the kernel. */
const captured = (x: RealArray): Real => {
  const c = at(x, 0);
  return sum(map((t: Real) => mul(sin(t), c), x));
};
const capturedGradient = (x: number[]) => {
  const s = x.reduce((acc, v) => acc + Math.sin(v), 0);
  return x.map((v, i) => x[0] * Math.cos(v) + (i === 0 ? s : 0));
};
/** H v for `captured`: H₀₀ = 2cos x₀ − x₀ sin x₀, H₀ᵢ = cos xᵢ, Hᵢᵢ = −x₀ sin xᵢ (i > 0). */
const capturedHvp = (x: number[], v: number[]) =>
  x.map((xi, i) => {
    if (i === 0) {
      let r = (2 * Math.cos(xi) - xi * Math.sin(xi)) * v[0];
      for (let j = 1; j < x.length; j++) r += Math.cos(x[j]) * v[j];
      return r;
    }
    return Math.cos(xi) * v[0] - x[0] * Math.sin(xi) * v[i];
  });

/** Σ (xᵢ + 2)·x₀ through map2 with a broadcast scalar and a captured x₀. */
const captured2 = (x: RealArray): Real => {
  const c = at(x, 0);
  return sum(map2((t: Real, u: Real) => mul(add(t, u), c), x, 2));
};
const captured2Gradient = (x: number[]) => {
  const s = x.reduce((acc, v) => acc + v + 2, 0);
  return x.map((_, i) => x[0] + (i === 0 ? s : 0));
};

const point = fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 1, maxLength: 6 });

describe('map kernels that close over an active value', () => {
  for (const [name, backend] of [
    ['forward()', forward({ fallback: 'error' })],
    ['reverse()', reverse({ fallback: 'error' })],
    ['auto()', auto({ fallback: 'error' })],
  ] as const) {
    fcTest.prop([point], { numRuns: 25 })(`${name}: exact gradients, input untouched`, (xs) => {
      const x = Float64Array.from(xs);
      expectClose(gradient(captured, backend, x), capturedGradient(xs), 1e-12, 1e-12);
      expectClose(gradient(captured2, backend, x), captured2Gradient(xs), 1e-12, 1e-12);
      expect(Array.from(x)).toEqual(xs);
    });
  }
  for (const [name, make] of [
    ['forward over reverse', () => secondOrder(forward(), reverse())],
    ['reverse over forward', () => secondOrder(reverse(), forward())],
    ['forward over forward', () => secondOrder(forward(), forward())],
  ] as const) {
    fcTest.prop([point, point], { numRuns: 15 })(`${name}: exact hvps`, (xs, vs) => {
      const n = Math.min(xs.length, vs.length);
      const x = xs.slice(0, n);
      const v = vs.slice(0, n);
      expectClose(
        hvp(captured, make(), Float64Array.from(x), Float64Array.from(v)),
        capturedHvp(x, v),
        1e-10,
        1e-10,
      );
    });
  }
});

describe('a capturing kernel that needs a black box', () => {
  // Number() cannot carry an active value: this boundary falls back to finite differences.
  const coerced = differentiable(function coercedDouble(t: Real): Real {
    return 2 * Number(t);
  });
  const f = function scaledByFirst(x: RealArray): Real {
    const c = at(x, 0);
    return sum(map((t: Real) => mul(coerced(t), c), x));
  };
  it.each([
    ['forward()', forward],
    ['reverse()', reverse],
  ] as const)('%s: falls back at that boundary only, and the gradient is right', (_n, make) => {
    const events: FallbackEvent[] = [];
    const x = [0.5, -1, 2];
    const g = gradient(f, make({ onFallback: (e: FallbackEvent) => events.push(e) }), x);
    // f = 2 x₀ Σ xᵢ: ∂₀ = 2 Σ x + 2 x₀, ∂ᵢ = 2 x₀.
    expectClose(g, [2 * 1.5 + 1, 1, 1], 1e-8, 1e-8);
    expect(events.map((e) => e.functionName)).toEqual(['coercedDouble']);
  });
  it('map2 of two scalars through a capturing kernel', () => {
    const k = (x: RealArray) => {
      const c = at(x, 0);
      return at(
        map2((a: Real, b: Real) => mul(add(a, b), c), 2, 3),
        0,
      );
    };
    for (const b of [forward(), reverse()]) expectClose(gradient(k, b, [1.5]), [5], 1e-15);
  });
});

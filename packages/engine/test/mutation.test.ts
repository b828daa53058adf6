import { describe, expect, it } from 'vitest';
import { test as fcTest, fc } from '@fast-check/vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import {
  add,
  at,
  exp,
  map,
  map2,
  mul,
  setAt,
  similar,
  sin,
  slice,
  square,
  sum,
  cos,
} from '@pullback/rules-core/math';
import { auto, forward, gradient, reverse, type Backend } from '@pullback/engine';
import { tapeStatistics } from '@pullback/engine/diagnostics';
import { expectClose } from './helpers.js';

const modes: [string, Backend][] = [
  ['forward()', forward({ fallback: 'error' })],
  ['forward({ chunkSize: 3 })', forward({ chunkSize: 3, fallback: 'error' })],
  ['reverse()', reverse({ fallback: 'error' })],
  ['auto()', auto({ fallback: 'error' })],
];

/** Writes into its own working array: w = cumsum(x²), returns Σ w. ∂/∂xⱼ = 2 (n − j) xⱼ. */
function workingArray(x: RealArray): Real {
  const w = similar(x);
  for (let i = 0; i < x.length; i++) setAt(w, i, square(at(x, i)));
  for (let i = 1; i < x.length; i++) setAt(w, i, add(at(w, i), at(w, i - 1)));
  return sum(w);
}
const workingArrayGradient = (x: number[]) => x.map((v, j) => 2 * (x.length - j) * v);

/** Mutates a dense array after a vector rule saved it: ∂/∂x₀ = 8x₀, ∂/∂xᵢ = 8xᵢ + 2. */
function mutateAfterUse(x: RealArray): Real {
  const y = mul(x, 2);
  const s = sum(square(y));
  setAt(y, 0, 0);
  return add(s, sum(y));
}
const mutateAfterUseGradient = (x: number[]) => x.map((v, i) => 8 * v + (i === 0 ? 0 : 2));

/** Forward-differentiated kernels inside any pass: Σ sin(xᵢ)e^{xᵢ} + Σ xᵢ xᵢ₊₁. */
function mixedKernels(x: RealArray): Real {
  const n = x.length;
  const a = map((t: Real) => mul(sin(t), exp(t)), x);
  const left = similar(x, n - 1);
  const right = similar(x, n - 1);
  for (let i = 0; i + 1 < n; i++) {
    setAt(left, i, at(x, i));
    setAt(right, i, at(x, i + 1));
  }
  return add(sum(a), sum(map2((u: Real, v: Real) => mul(u, v), left, right)));
}
const mixedKernelsGradient = (x: number[]) =>
  x.map(
    (v, i) =>
      Math.exp(v) * (Math.sin(v) + Math.cos(v)) +
      (i > 0 ? x[i - 1] : 0) +
      (i + 1 < x.length ? x[i + 1] : 0),
  );

const cases = [
  ['writes into its own working array', workingArray, workingArrayGradient],
  ['mutates an array after a vector rule used it', mutateAfterUse, mutateAfterUseGradient],
  ['mixes forward-differentiated kernels into the pass', mixedKernels, mixedKernelsGradient],
] as const;

const point = fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 2, maxLength: 7 });

describe.each(modes)('mutation-safe and mixed-mode gradients with %s', (_name, backend) => {
  for (const [what, f, analytic] of cases) {
    fcTest.prop([point], { numRuns: 25 })(
      `${what}: exact at random points, input untouched`,
      (xs) => {
        for (const x of [Float64Array.from(xs), xs.slice()]) {
          const bytes = new Uint8Array(
            x instanceof Float64Array ? x.buffer.slice(0) : Float64Array.from(x).buffer,
          );
          const g = gradient(f, backend, x);
          // Exact up to the round-off of the operations themselves.
          expectClose(g, analytic(xs), 1e-12, 1e-12);
          const after = new Uint8Array(
            x instanceof Float64Array ? x.buffer : Float64Array.from(x).buffer,
          );
          expect(after).toEqual(bytes);
        }
      },
    );
  }
});

describe('setAt on an active array', () => {
  it('keeps reads taken before the write on the old value', () => {
    const f = (x: RealArray) => {
      const y = mul(x, 3);
      const before = at(y, 1);
      setAt(y, 1, square(at(x, 0)));
      return add(before, at(y, 1));
    };
    // 3x₁ + x₀²
    for (const b of [forward(), reverse()])
      expectClose(gradient(f, b, new Float64Array([2, 5])), [4, 3], 1e-15);
  });

  it('leaves a value saved by an earlier cosine rule alone', () => {
    const f = (x: RealArray) => {
      const y = mul(x, 1);
      const c = sum(cos(y));
      for (let i = 0; i < x.length; i++) setAt(y, i, 0);
      return add(c, sum(y));
    };
    const x = new Float64Array([0.3, -0.7, 1.1]);
    for (const b of [forward(), reverse()])
      expectClose(
        gradient(f, b, x),
        Array.from(x, (v) => -Math.sin(v)),
        1e-15,
      );
  });
});

describe('slices of an active array', () => {
  /** Σ a·b over the two overlapping slices, with a write into each slice and into x after. */
  const f = (x: RealArray) => {
    const a = slice(x, 0, x.length - 1);
    const b = slice(x, 1);
    const s = sum(mul(a, b));
    setAt(a, 0, square(at(x, 0)));
    setAt(x, 1, 0);
    return add(s, add(at(a, 0), mul(at(b, 0), at(x, 1))));
  };
  // s = Σ xᵢxᵢ₊₁, plus x₀² (the write into a), plus x₁·0 (x₁ was overwritten in x, not in b).
  const analytic = (x: number[]) =>
    x.map(
      (v, i) => (i > 0 ? x[i - 1] : 0) + (i + 1 < x.length ? x[i + 1] : 0) + (i === 0 ? 2 * v : 0),
    );
  fcTest.prop([point], { numRuns: 25 })(
    'share ids with their array, and writes on either side stay apart',
    (xs) => {
      for (const backend of [forward(), reverse()])
        expectClose(gradient(f, backend, Float64Array.from(xs)), analytic(xs), 1e-12, 1e-12);
    },
  );
  it('record nothing in reverse mode: a slice is an alias, like at', () => {
    const sliced = (x: RealArray) => sum(slice(x, 1, 3));
    expect(tapeStatistics(sliced, new Float64Array(5)).operations).toBe(1);
    expectClose(gradient(sliced, reverse(), new Float64Array(5)), [0, 1, 1, 0, 0], 0);
    // Negative and clamped positions read as Array.prototype.slice reads them.
    const negative = (x: RealArray) => sum(slice(x, -2, 99));
    expect(tapeStatistics(negative, new Float64Array(5)).operations).toBe(1);
    expectClose(gradient(negative, reverse(), new Float64Array(5)), [0, 0, 0, 1, 1], 0);
  });
});

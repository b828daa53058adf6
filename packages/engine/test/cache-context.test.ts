import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import { at, mul, setAt, sin, sum } from '@pullback/rules-core/math';
import {
  cache,
  FallbackError,
  finiteDifferences,
  forward,
  gradient,
  hessian,
  isCache,
  jacobian,
  prepareGradient,
  prepareJacobian,
  reverse,
  UnsupportedInputError,
  type Backend,
  type FallbackEvent,
} from '@pullback/engine';
import { expectClose } from './helpers.js';

/**
 * Numeric code with a work buffer: tmp_i = x_i sin(x_{i+1}) (cyclic), f = Σ tmp_i tmp_{i+1}.
 * Written into `tmp` with setAt, read back with at: the buffer carries every intermediate.
 */
const withBuffer = (x: RealArray, tmp: RealArray): Real => {
  const n = x.length;
  for (let i = 0; i < n; i++) setAt(tmp, i, mul(at(x, i), sin(at(x, (i + 1) % n))));
  let s: Real = 0;
  for (let i = 0; i < n; i++) s = sum([s, mul(at(tmp, i), at(tmp, (i + 1) % n))]);
  return s;
};
/** The gradient by hand. */
function gradientOf(x: ArrayLike<number>): number[] {
  const n = x.length;
  const t = Array.from({ length: n }, (_, i) => x[i] * Math.sin(x[(i + 1) % n]));
  // ∂f/∂t_i = t_{i-1} + t_{i+1}; ∂t_i/∂x_i = sin x_{i+1}; ∂t_{i-1}/∂x_i = x_{i-1} cos x_i.
  const dt = t.map((_, i) => t[(i - 1 + n) % n] + t[(i + 1) % n]);
  return Array.from(
    { length: n },
    (_, i) =>
      dt[i] * Math.sin(x[(i + 1) % n]) + dt[(i - 1 + n) % n] * x[(i - 1 + n) % n] * Math.cos(x[i]),
  );
}

const strict = (b: (o: { fallback: 'error' }) => Backend) => b({ fallback: 'error' });
const backends: [string, Backend, number][] = [
  ['forward', strict(forward), 1e-12],
  ['reverse', strict(reverse), 1e-12],
  ['reverse, not compiled', reverse({ fallback: 'error', compile: false }), 1e-12],
  // Central differences: ~1e-10 relative here; 1e-6 leaves room for curvature.
  ['finiteDifferences', finiteDifferences({ fallback: 'error' }), 1e-6],
];
const point = fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 5, maxLength: 5 });

describe.each(backends)('cache(buffer) with %s', (_n, backend, rtol) => {
  test.prop([point])(
    "scratch storage f overwrites, no fallback, the caller's buffer untouched",
    (x0) => {
      const x = Float64Array.from(x0);
      const buffer = new Float64Array(5).fill(7);
      const tmp = cache(buffer);
      expectClose(gradient(withBuffer, backend, x, tmp), gradientOf(x), rtol);
      const p = prepareGradient(withBuffer, backend, x, tmp);
      expectClose(p.gradient(x, tmp), gradientOf(x), rtol);
      const y = Float64Array.from(x0, (v) => v / 2);
      expectClose(p.gradient(y), gradientOf(y), rtol);
      expect(Array.from(buffer)).toEqual([7, 7, 7, 7, 7]);
    },
  );
});

describe('cache(buffer)', () => {
  it('is what lets numeric code avoid a fallback: a plain Float64Array constant cannot hold active values', () => {
    const x = Float64Array.of(0.1, 0.2, 0.3, 0.4, 0.5);
    const events: FallbackEvent[] = [];
    gradient(withBuffer, reverse({ onFallback: (e) => events.push(e) }), x, new Float64Array(5));
    expect(events).toHaveLength(1);
    expect(() =>
      gradient(withBuffer, reverse({ fallback: 'error' }), x, new Float64Array(5)),
    ).toThrow(FallbackError);
    expectClose(
      hessian(withBuffer, reverse({ fallback: 'error' }), x, cache(new Float64Array(5))).data.slice(
        0,
        1,
      ),
      [hessian(withBuffer, reverse(), x, new Array(5).fill(0)).data[0]],
      1e-12,
    );
  });

  it('works for Jacobians and prepared Jacobians, one storage per cache', () => {
    const g = (x: RealArray, tmp: RealArray): Real[] => {
      for (let i = 0; i < x.length; i++) setAt(tmp, i, mul(at(x, i), at(x, i)));
      return [at(tmp, 0), mul(at(tmp, 1), at(x, 0))];
    };
    const x = Float64Array.of(2, 3);
    const tmp = cache([0, 0]);
    const want = [4, 0, 9, 12];
    expectClose(jacobian(g, forward({ fallback: 'error' }), x, tmp).data, want, 1e-14);
    const p = prepareJacobian(g, reverse({ fallback: 'error' }), x, tmp);
    expectClose(p.jacobian(x, tmp).data, want, 1e-14);
    expectClose(p.jacobian(Float64Array.of(1, 1)).data, [2, 0, 1, 2], 1e-14);
  });

  it('is branded, and refuses what is not a buffer', () => {
    expect(isCache(cache(new Float64Array(3)))).toBe(true);
    expect(isCache({ length: 3 })).toBe(false);
    expect(() => cache('abc' as never)).toThrow(UnsupportedInputError);
  });
});

import { describe, expect, it } from 'vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, mul, sin, slice, square, sub, sum } from '@pullback/rules-core/math';
import { forward, preparePullback, prepareHvp, pullback, hvp, reverse } from '@pullback/engine';
import { secondOrder } from '@pullback/engine';

// A sum's adjoint is the same in every reverse iteration of its loop, so generated code keeps
// it in one variable instead of carrying it from iteration to iteration (which made each
// iteration wait for the previous one's additions). The value is exactly what carrying gives,
// signed zeros, infinities and NaN included; loops whose accumulator is read elsewhere keep
// carrying it.

const whole = (x: RealArray): Real => {
  const a = slice(x, 0, x.length - 1);
  const b = slice(x, 1, x.length);
  return sum(add(mul(100, square(sub(b, square(a)))), square(sub(1, a))));
};
/** The accumulator is also read by the summand: not a pure sum. */
const recurrence = (x: RealArray): Real => {
  let s: Real = 0.5;
  for (let i = 0; i < x.length; i++) s = add(s, mul(sin(s), at(x, i)));
  return s;
};

const x = Float64Array.from({ length: 40 }, (_, i) => 0.9 * Math.cos(1.3 * i));
const v = Float64Array.from({ length: 40 }, (_, i) => Math.sin(i));

/** Equal to rounding (sums may add in another order), and exactly equal where not finite or zero. */
function same(actual: ArrayLike<number>, wanted: ArrayLike<number>): void {
  expect(actual.length).toBe(wanted.length);
  const scale = Math.max(1, ...Array.from(wanted, (w) => (Number.isFinite(w) ? Math.abs(w) : 0)));
  for (let i = 0; i < wanted.length; i++) {
    const a = actual[i];
    const w = wanted[i];
    if (!Number.isFinite(w) || w === 0) expect(Object.is(a, w), `${i}: ${a} vs ${w}`).toBe(true);
    // Rosenbrock's entries here are below 1e4; a few additions reordered leave ~1e-16 relative.
    else expect(Math.abs(a - w)).toBeLessThanOrEqual(1e-12 * scale);
  }
}

/** The reverse loop (counting down) of a reverse kernel's source. */
function loopOf(source: string | undefined): string {
  const text = source ?? '';
  const start = text.search(/for \(let i\d+ = \d+; i\d+ >= 0; i\d+--\)/);
  expect(start).toBeGreaterThanOrEqual(0);
  return text.slice(start, text.indexOf('\n  }', start));
}

describe("a sum's adjoint is not carried across reverse iterations", () => {
  it('is kept in one variable in the generated loop', () => {
    const p = preparePullback(whole, reverse(), x);
    p.pullback(x, 1);
    expect(p.compilation.compiled).toBe(true);
    expect(loopOf(p.source())).not.toMatch(/\bc\d+ = /);
    const q = preparePullback(recurrence, reverse(), x);
    q.pullback(x, 1);
    expect(q.compilation.compiled).toBe(true);
    expect(loopOf(q.source())).toMatch(/\bc\d+ = /);
  });

  for (const dy of [1.5, -2, 0, -0, Infinity, -Infinity, Number.NaN]) {
    it(`gives the eager pullback for the cotangent ${dy}`, () => {
      for (const f of [whole, recurrence]) {
        const p = preparePullback(f, reverse(), x);
        p.pullback(x, 1);
        same(p.pullback(x, dy) as Float64Array, pullback(f, reverse(), x, dy) as Float64Array);
      }
    });
  }

  it('and the eager Hessian-vector product', () => {
    for (const f of [whole, recurrence]) {
      const p = prepareHvp(f, reverse(), x);
      p.hvp(x, v);
      expect(p.compilation.compiled).toBe(true);
      same(
        p.hvp(x, v) as Float64Array,
        hvp(f, secondOrder(forward(), reverse()), x, v) as Float64Array,
      );
    }
  });
});

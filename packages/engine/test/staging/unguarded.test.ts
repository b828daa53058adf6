/**
 * Derivative kernels run first without zero tests and rerun guarded when a result is NaN
 * (src/staging/unguarded.ts). Compiled derivatives must still be the eager engine's, up to the
 * sign of a zero: the strong zero (a zero tangent or adjoint times an infinite partial gives 0)
 * included, and NaN and infinities where the eager engine has them.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import {
  add,
  at,
  ifElse,
  gt,
  log,
  mul,
  slice,
  sqrt,
  square,
  sub,
  sum,
} from '@pullback/rules-core/math';
import {
  forward,
  gradient,
  hvp,
  prepareGradient,
  prepareHvp,
  preparePushforward,
  pushforward,
  reverse,
  secondOrder,
} from '@pullback/engine';
import { simulateNoCodeGeneration } from '../../src/staging/code-generation.js';

/**
 * Equal up to the sign of a zero: NaN where the eager result is NaN, the same infinity, and
 * otherwise within 1e-12 of the largest finite magnitude (fused sums add in another order).
 */
function same(actual: number | ArrayLike<number>, wanted: number | ArrayLike<number>): void {
  const a = typeof actual === 'number' ? [actual] : Array.from(actual);
  const w = typeof wanted === 'number' ? [wanted] : Array.from(wanted);
  expect(a.length).toBe(w.length);
  const scale = w.reduce((m, t) => (Number.isFinite(t) ? Math.max(m, Math.abs(t)) : m), 1);
  w.forEach((t, i) => {
    if (!Number.isFinite(t)) expect(Object.is(a[i], t), `${i}: ${a[i]} vs ${t}`).toBe(true);
    else expect(Math.abs(a[i] - t), `${i}: ${a[i]} vs ${t}`).toBeLessThanOrEqual(1e-12 * scale);
  });
}

/** Whole-array code whose partials are infinite where an element of `x` is 0 (sqrt, log). */
const edgy = (x: RealArray): Real => {
  const a = slice(x, 0, x.length - 1);
  const b = slice(x, 1, x.length);
  return sum(add(mul(sqrt(a), square(b)), mul(log(b), sub(b, a))));
};
/** A scalar loop over the same terms (re-rolled into one loop). */
const edgyLoop = (x: RealArray): Real => {
  let s: Real = 0;
  for (let i = 0; i + 1 < x.length; i++) {
    const a = at(x, i);
    const b = at(x, i + 1);
    s = add(s, add(mul(sqrt(a), square(b)), mul(log(b), sub(b, a))));
  }
  return s;
};
const eagerHvp = (f: (x: RealArray) => Real, x: Float64Array, v: Float64Array): Float64Array =>
  hvp(f, secondOrder(forward(), reverse()), x, v) as Float64Array;

const base = Float64Array.from({ length: 16 }, (_, i) => 0.4 + 0.05 * i);

/** sqrt's partial is +∞ where an element of `x` is 0. */
const rooted = (x: RealArray): Real => {
  const a = slice(x, 0, x.length - 1);
  const b = slice(x, 1, x.length);
  return sum(add(mul(sqrt(a), square(b)), mul(a, b)));
};
const rootedLoop = (x: RealArray): Real => {
  let s: Real = 0;
  for (let i = 0; i + 1 < x.length; i++)
    s = add(s, add(mul(sqrt(at(x, i)), square(at(x, i + 1))), mul(at(x, i), at(x, i + 1))));
  return s;
};
/** The adjoint reaching sqrt is 0 (times the constant 0): eager sends nothing, not 0 · ∞. */
const muted = (x: RealArray): Real => add(mul(0, sum(sqrt(x))), sum(square(x)));

describe('the strong zero survives the unguarded kernels', () => {
  // At x[3] = 0 a zero tangent or adjoint meets an infinite partial: the eager result is
  // finite, the unguarded run gives NaN, and the guarded rerun gives the eager result.
  const x = base.slice();
  x[3] = 0;
  const v = Float64Array.from(x, (_, i) => (i === 3 ? 0 : 1 + 0.1 * i));
  for (const [name, f] of [
    ['whole-array', rooted],
    ['scalar loop', rootedLoop],
  ] as const) {
    it(`${name}: a zero tangent times an infinite partial, in a pushforward`, () => {
      const p = preparePushforward(f, forward(), base);
      p.pushforward(base, v);
      expect(p.source()).toContain('without zero tests');
      const eager = pushforward(f, forward(), x, v) as number;
      expect(Number.isFinite(eager)).toBe(true);
      same(p.pushforward(x, v) as number, eager);
      // And back to finite partials: the unguarded kernel answers again.
      same(p.pushforward(base, v) as number, pushforward(f, forward(), base, v) as number);
    });
  }
  it('a zero adjoint times an infinite partial, in hvp, gradientAndHvp and gradient', () => {
    const p = prepareHvp(muted, reverse(), base);
    p.hvp(base, v);
    expect(p.source()).toContain('without zero tests');
    const eagerH = eagerHvp(muted, x, v);
    expect(eagerH.every(Number.isFinite)).toBe(true);
    same(p.hvp(x, v) as Float64Array, eagerH);
    const [g, h] = p.gradientAndHvp(x, v);
    same(g as Float64Array, gradient(muted, reverse(), x) as Float64Array);
    same(h as Float64Array, eagerH);
    same(p.hvp(base, v) as Float64Array, eagerHvp(muted, base, v));
    const q = prepareGradient(muted, reverse(), base);
    q.gradient(base);
    expect(q.source()).toContain('without zero tests');
    const eagerG = gradient(muted, reverse(), x) as Float64Array;
    expect(eagerG.every(Number.isFinite)).toBe(true);
    same(q.gradient(x) as Float64Array, eagerG);
  });
  it('an infinite adjoint times a zero tangent of its partial, in an hvp', () => {
    // log(-∞) is NaN and 1/(-∞) is -0 with a zero tangent: the eager duals give 0 for
    // ∞ · 0 there. The guarded kernel tested only the adjoint (and gave NaN) before.
    const p = prepareHvp(edgyLoop, reverse(), base.subarray(0, 6));
    const at = Float64Array.of(0, 0, 0, 0, 0.1, -Infinity);
    const zero = new Float64Array(6);
    p.hvp(base.subarray(0, 6), zero);
    same(p.hvp(at, zero) as Float64Array, eagerHvp(edgyLoop, at, zero));
  });
  it('the same hvp on the interpreter (where code cannot be generated)', () => {
    simulateNoCodeGeneration(true);
    try {
      const p = prepareHvp(edgyLoop, reverse(), base.subarray(0, 6));
      const at = Float64Array.of(0, 0, 0, 0, 0.1, -Infinity);
      const zero = new Float64Array(6);
      p.hvp(base.subarray(0, 6), zero);
      expect(p.compilation.engine).toBe('interpreted');
      same(p.hvp(at, zero) as Float64Array, eagerHvp(edgyLoop, at, zero));
    } finally {
      simulateNoCodeGeneration(false);
    }
  });
});

describe('programs that may drop a derivative keep the guarded kernel alone', () => {
  it('ifElse (a select) has no unguarded twin', () => {
    const f = (x: RealArray): Real => sum(add(square(x), mul(0.5, x)));
    const g = (x: RealArray): Real => ifElse(gt(at(x, 0), 0), f(x), sqrt(at(x, 1)));
    const p = prepareHvp(g, reverse(), base);
    p.hvp(base, base);
    expect(p.compilation.compiled).toBe(true);
    expect(p.source()).not.toContain('without zero tests');
  });
});

describe('compiled derivatives at points with zeros, infinities and NaN', () => {
  // Elements drawn from a few values that make partials infinite or NaN (sqrt and log at 0,
  // log below 0, ±∞ and NaN inputs), and ordinary ones.
  const element = fc.oneof(
    fc.constantFrom(0, -0, 1, 2.5, -1, Infinity, -Infinity, Number.NaN),
    fc.double({ min: 0.1, max: 3, noNaN: true }),
  );
  const point = fc.array(element, { minLength: 6, maxLength: 6 }).map((a) => Float64Array.from(a));
  const direction = fc
    .array(fc.constantFrom(0, -0, 1, -2, 0.5), { minLength: 6, maxLength: 6 })
    .map((a) => Float64Array.from(a));
  const at6 = Float64Array.from({ length: 6 }, (_, i) => 0.5 + 0.1 * i);
  const pf = preparePushforward(edgy, forward(), at6);
  const hv = prepareHvp(edgyLoop, reverse(), at6);
  const gr = prepareGradient(edgy, reverse(), at6);

  test.prop([point, direction])('pushforward, hvp and gradient equal the eager ones', (x, v) => {
    same(pf.pushforward(x, v) as number, pushforward(edgy, forward(), x, v) as number);
    same(hv.hvp(x, v) as Float64Array, eagerHvp(edgyLoop, x, v));
    same(gr.gradient(x) as Float64Array, gradient(edgy, reverse(), x) as Float64Array);
    expect(pf.compilation.compiled && hv.compilation.compiled && gr.compilation.compiled).toBe(
      true,
    );
  });
});

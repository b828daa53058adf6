/**
 * What the generated code of a prepared Rosenbrock does and does not do, checked on its source:
 * the speed of compiled preparations rests on these (issue 13), and each was a measured cost.
 */
import { describe, expect, it } from 'vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, log, mul, neg, slice, sqrt, sub, sum } from '@pullback/rules-core/math';
import {
  forward,
  gradient,
  hvp,
  PreparationMismatchError,
  prepareGradient,
  prepareHvp,
  preparePushforward,
  pushforward,
  reverse,
} from '@pullback/engine';
import { rosenbrockArray, rosenbrockLoop } from '../fixtures/rosenbrock.js';

const x = Float64Array.from({ length: 12 }, (_, i) => 0.5 + 0.1 * Math.sin(i));
// Compiled and eager sum in other orders: agreement to 1e-12 relative is rounding, not an error.
const closeTo = (a: ArrayLike<number>, b: ArrayLike<number>): void => {
  expect(a.length).toBe(b.length);
  const scale = Math.max(1, ...Array.from(b, Math.abs));
  for (let i = 0; i < a.length; i++)
    expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(1e-12 * scale);
};
/**
 * The loops of each kernel in `source`: a kernel's guarded code and its unguarded twin (run
 * first, see src/staging/unguarded.ts) are counted apart.
 */
const loops = (source: string | undefined): number[] =>
  (source ?? '')
    .split(/^\/\/ (?:trace \d+|the same without zero tests).*$/m)
    .filter((part) => part.trim() !== '')
    .map((part) => part.match(/\bfor \(/g)?.length ?? 0);

describe('generated code', () => {
  for (const [name, f] of [
    ['scalar loop', rosenbrockLoop],
    ['whole-array', rosenbrockArray],
  ] as const) {
    it(`${name}: a gradient-only call runs the reverse loop alone (no value loop before it)`, () => {
      const p = prepareGradient(f, reverse(), x);
      const g = p.gradient(x);
      closeTo(g, gradient(f, reverse(), x) as Float64Array);
      // One loop: the reverse sweep reloads what it needs; the sum's value is never computed.
      // (The same in the unguarded twin, which runs first.)
      expect(loops(p.source())).toEqual([1, 1]);
      // valueAndGradient still computes the value, in its own kernel.
      const [y] = p.valueAndGradient(x);
      closeTo([y as number], [f(x) as number]);
    });
  }
  for (const [name, f] of [
    ['scalar loop', rosenbrockLoop],
    ['whole-array', rosenbrockArray],
  ] as const) {
    it(`${name}: an hvp runs one reverse loop that stores nothing per iteration`, () => {
      const v = Float64Array.from(x, (_, i) => (i % 3) - 1);
      const p = prepareHvp(f, reverse(), x, v);
      closeTo(p.hvp(x, v), hvp(f, reverse(), x, v) as Float64Array);
      // The sum's accumulator has constant partials: forward over reverse needs neither its
      // value nor its tangent, so nothing is taped and the value loop is skipped.
      expect(loops(p.source())).toEqual([1, 1]);
      expect(p.source()).not.toMatch(/\bTP0\b/);
    });
  }
  it('a Float64Array result is fresh: it aliases neither the input nor an earlier result', () => {
    const p = prepareGradient(rosenbrockArray, reverse(), x);
    const g1 = p.gradient(x);
    const g2 = p.gradient(x);
    expect(g1).not.toBe(g2);
    expect(g1).not.toBe(x);
    expect(Array.from(g1)).toEqual(Array.from(g2));
  });
});

/**
 * Functions whose partials are infinite at `singular`: a zero tangent or adjoint reaching them
 * must contribute nothing (0·∞ is not NaN), exactly as on the eager engine, also next to the
 * constant partials (±1, a finite constant factor) that are written without a zero test.
 */
const singularCases: readonly [string, (x: RealArray) => Real, Float64Array][] = [
  [
    'sqrt and log at 0 beside add, sub, neg',
    (x) => add(sub(sqrt(at(x, 0)), neg(log(at(x, 1)))), mul(3, at(x, 2))),
    new Float64Array([0, 0, 1]),
  ],
  ['a zero factor times sqrt at 0', (x) => sum(mul(0, sqrt(x))), new Float64Array([0, 1, 0])],
  ['an infinite constant factor', (x) => sum(mul(Infinity, x)), new Float64Array([1, 2, 3])],
  [
    'sums of slices with a log at 0',
    (x) => sum(sub(log(slice(x, 0, 2)), slice(x, 1, 3))),
    new Float64Array([0, 1, 0]),
  ],
];
const regular: Float64Array = new Float64Array([0.7, 1.3, 0.4]);
const directions = [
  new Float64Array([0, 0, 0]),
  new Float64Array([1, 0, 0]),
  new Float64Array([0, 1, 0]),
  new Float64Array([0, 0, 1]),
  new Float64Array([0, 1, -1]),
];

describe('zero times an infinite partial, compiled as eagerly', () => {
  for (const [name, f, singular] of singularCases) {
    it(`${name}: pushforward, gradient and hvp equal the eager engine's exactly`, () => {
      const push = preparePushforward(f, forward(), regular, directions[1]);
      const grad = prepareGradient(f, reverse(), regular);
      const hv = prepareHvp(f, reverse(), regular, directions[1]);
      // The first call of each kernel is checked against the eager engine by the preparation.
      push.pushforward(regular, directions[1]);
      grad.gradient(regular);
      hv.hvp(regular, directions[1]);
      for (const v of directions) {
        expect(push.pushforward(singular, v)).toEqual(pushforward(f, forward(), singular, v));
        expect(hv.hvp(singular, v)).toEqual(hvp(f, reverse(), singular, v));
      }
      expect(grad.gradient(singular)).toEqual(gradient(f, reverse(), singular));
      for (const p of [push, grad, hv]) expect(p.compilation.compiled).toBe(true);
    });
  }
});

describe('inputs read in place', () => {
  // Tangents, directions and extra data arguments are read where they are, not copied: what a
  // call returns must still follow the arrays of that call, never those of an earlier one.
  const f = (x: RealArray, w: RealArray): Real => sum(mul(w, mul(x, x)));
  const ignoresW = (x: RealArray, w: RealArray): Real =>
    add(rosenbrockArray(x), mul(0, at(w.length > 0 ? x : x, 0)));
  const points = [new Float64Array([0.3, -1.2, 0.8]), new Float64Array([1.5, 0.25, -2])];
  const ws = [new Float64Array([1, 2, 3]), new Float64Array([-1, 0.5, 4])];
  it('a pushforward and an hvp follow the tangent and the data given at each call', () => {
    const push = preparePushforward(f, forward(), points[0], ws[0]);
    const hv = prepareHvp(f, reverse(), points[0], ws[0]);
    for (const x of points) {
      for (const w of ws) {
        for (const v of directions.slice(1)) {
          expect(push.pushforward(x, v, w)).toEqual(pushforward(f, forward(), x, v, w));
          closeTo(hv.hvp(x, v, w), hvp(f, reverse(), x, v, w) as Float64Array);
        }
      }
    }
    expect(push.compilation.compiled).toBe(true);
    expect(hv.compilation.compiled).toBe(true);
  });
  it('extra data f never reads is not copied, and is still checked for its shape', () => {
    const p = prepareGradient(ignoresW, reverse(), points[0], ws[0]);
    closeTo(
      p.gradient(points[1], ws[1]),
      gradient(ignoresW, reverse(), points[1], ws[1]) as Float64Array,
    );
    // Another shape is not the prepared one: strict preparation (issue 17) names it.
    const w5 = new Float64Array(5);
    expect(() => p.gradient(points[1], w5)).toThrow(PreparationMismatchError);
    expect(() => p.gradient(points[1], w5)).toThrow(/rest\[0\]/);
  });
});

describe('hvp alone keeps no gradient', () => {
  it("hvp and gradientAndHvp, interleaved, return fresh arrays equal to the eager engine's", () => {
    const v = Float64Array.from(x, (_, i) => (i % 3) - 1);
    const y = Float64Array.from(x, (t) => t * 1.5 - 0.2);
    const p = prepareHvp(rosenbrockArray, reverse(), x, v);
    const h1 = p.hvp(x, v);
    const [g2, h2] = p.gradientAndHvp(y, v);
    const h3 = p.hvp(y, v);
    closeTo(h1, hvp(rosenbrockArray, reverse(), x, v) as Float64Array);
    closeTo(g2, gradient(rosenbrockArray, reverse(), y) as Float64Array);
    closeTo(h2, hvp(rosenbrockArray, reverse(), y, v) as Float64Array);
    expect(Array.from(h3)).toEqual(Array.from(h2));
    expect(new Set([h1, g2, h2, h3, x, y, v]).size).toBe(7);
    expect(p.compilation.compiled).toBe(true);
  });
});

describe('a zero tangent, compiled: zero as eagerly, up to its sign', () => {
  // Compiled derivatives may differ from the eager engine's in the sign of a zero only (the
  // generated code has no `0 + …` forms to keep it): -t of a +0 tangent is -0, for instance.
  const cases: readonly [string, (x: RealArray) => Real][] = [
    ['neg', (x) => neg(at(x, 0))],
    ['sub', (x) => sub(at(x, 0), at(x, 1))],
    ['a negative constant factor', (x) => mul(-2, at(x, 0))],
    ['add', (x) => add(at(x, 0), at(x, 1))],
  ];
  const zeros = [
    [0, 0],
    [-0, 0],
    [0, -0],
    [-0, -0],
  ].map((z) => Float64Array.from(z));
  for (const [name, f] of cases) {
    it(`${name}: the pushforward of a zero tangent is a zero, as on the eager engine`, () => {
      const at0 = Float64Array.of(0.5, 0.25);
      const p = preparePushforward(f, forward(), at0, Float64Array.of(1, 1));
      p.pushforward(at0, Float64Array.of(1, 1));
      for (const v of zeros) {
        const eager = pushforward(f, forward(), at0, v);
        expect(eager).toBe(0);
        // `===` is equality up to the sign of a zero.
        expect(p.pushforward(at0, v) === eager).toBe(true);
      }
      expect(p.compilation.compiled).toBe(true);
    });
  }
});

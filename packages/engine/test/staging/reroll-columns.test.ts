/**
 * A trace keeps its top-level loads and primitives in typed columns and every other statement
 * as an object, and the re-roller reads both. These loops mix the two in every iteration
 * (comparisons and selects from `ifElse`, a scalar rule, a `number[]` input loaded whole when it
 * is lifted): each must still roll into one loop (its source does not grow with n) and give the
 * eager gradient. Before, a comparison that only feeds a select kept its outcome at the traced
 * point in its key, so a loop whose branch went both ways never rolled: 257 kB of source at
 * n = 1200, growing with n.
 */
import { describe, expect, it } from 'vitest';
import { scalarRule, type Real, type RealArray } from '@pullback/rules-core';
import { add, at, exp, gt, ifElse, mul, sin, sub } from '@pullback/rules-core/math';
import { gradient, prepareGradient, reverse } from '@pullback/engine';

/** log(1 + eᵃ), whose derivative is e^(a − y). */
const softplus = scalarRule(
  (a: number) => Math.log1p(Math.exp(a)),
  (a: Real, y: Real) => [exp(sub(a, y))],
);

const mixed = (x: RealArray | readonly Real[]): Real => {
  let s: Real = 0;
  for (let i = 0; i + 1 < x.length; i++) {
    const a = at(x as RealArray, i);
    const b = at(x as RealArray, i + 1);
    const d = sub(b, mul(a, a));
    s = add(s, ifElse(gt(d, 0), mul(3, softplus(d)), sin(mul(d, a))));
  }
  return s;
};

const point = (n: number): number[] =>
  Array.from({ length: n }, (_, i) => Math.sin(1.3 * i) + 0.2 * (i % 5));

describe('re-rolling loops that mix columns and objects', () => {
  for (const [kind, make] of [
    ['Float64Array', (n: number) => Float64Array.from(point(n))],
    ['number[]', (n: number) => point(n)],
  ] as const) {
    it(`rolls a ${kind} loop with ifElse and a scalar rule, and gives the eager gradient`, () => {
      const sources: string[] = [];
      for (const n of [200, 800]) {
        const x = make(n);
        const p = prepareGradient(mixed, reverse(), x);
        const g = Array.from(p.gradient(x) as ArrayLike<number>);
        const eager = Array.from(gradient(mixed, reverse(), x) as ArrayLike<number>);
        expect(p.compilation.compiled).toBe(true);
        // Sums may add in another order: 1e-12 of the largest entry.
        const scale = Math.max(1, ...eager.map(Math.abs));
        g.forEach((gi, i) => expect(Math.abs(gi - eager[i])).toBeLessThanOrEqual(1e-12 * scale));
        // The same code but for its numbers (loop bounds, ids).
        sources.push((p.source() ?? '').replace(/\d+/g, '#'));
      }
      expect(sources[1]).toBe(sources[0]);
      expect(sources[0].length).toBeLessThan(4000);
    });
  }
});

/**
 * What the generated code of a prepared Rosenbrock does and does not do, checked on its source:
 * the speed of compiled preparations rests on these (issue 13), and each was a measured cost.
 */
import { describe, expect, it } from 'vitest';
import { gradient, prepareGradient, reverse } from '@pullback/engine';
import { rosenbrockArray, rosenbrockLoop } from '../fixtures/rosenbrock.js';

const x = Float64Array.from({ length: 12 }, (_, i) => 0.5 + 0.1 * Math.sin(i));
// Compiled and eager sum in other orders: agreement to 1e-12 relative is rounding, not an error.
const closeTo = (a: ArrayLike<number>, b: ArrayLike<number>): void => {
  expect(a.length).toBe(b.length);
  const scale = Math.max(1, ...Array.from(b, Math.abs));
  for (let i = 0; i < a.length; i++)
    expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(1e-12 * scale);
};
const loops = (source: string | undefined): number =>
  (source ?? '').match(/\bfor \(/g)?.length ?? 0;

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
      expect(loops(p.source())).toBe(1);
      // valueAndGradient still computes the value, in its own kernel.
      const [y] = p.valueAndGradient(x);
      closeTo([y], [f(x)]);
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

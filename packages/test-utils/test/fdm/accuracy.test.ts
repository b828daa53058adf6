import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fdm } from '../../src/fdm/fdm.js';
import { gradientFd } from '../../src/fdm/gradient-fd.js';
import { pointLike } from '../../src/arbitraries/point-like.js';

/*
 * The accuracy the README promises, as properties: at random points of [-3, 3] the default
 * method (5-point central, adapted step) is within 1e-10 of the exact derivative, relative to
 * max(1, |f'(x)|) — pure relative error is meaningless where f' crosses 0. The measured worst
 * cases over 20 000 points are ~2e-13 (sin, exp), ~4e-12 (polynomial), ~1.4e-12 (logsumexp,
 * relative to the gradient's largest entry).
 */

const runs = 500;
const m = fdm();
const within = (approx: number, exact: number): boolean =>
  Math.abs(approx - exact) <= 1e-10 * Math.max(1, Math.abs(exact));

const poly = (x: number): number => 3 * x ** 5 - 2 * x ** 4 + x ** 3 - 7 * x + 1;
const dpoly = (x: number): number => 15 * x ** 4 - 8 * x ** 3 + 3 * x ** 2 - 7;

function logsumexp(x: readonly number[]): number {
  const top = Math.max(...x);
  return top + Math.log(x.reduce((s, v) => s + Math.exp(v - top), 0));
}
function softmax(x: readonly number[]): number[] {
  const top = Math.max(...x);
  const e = x.map((v) => Math.exp(v - top));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / z);
}

describe('finite differences are accurate to 1e-10 on smooth, well-scaled functions', () => {
  const x = pointLike(0);
  it.each([
    ['sin', Math.sin, Math.cos],
    ['exp', Math.exp, Math.exp],
    ['a degree-5 polynomial', poly, dpoly],
  ] as const)('%s at random points in [-3, 3]', (_name, f, df) => {
    fc.assert(
      fc.property(x, (v) => within(m.derivative(f, v), df(v))),
      { numRuns: runs, seed: 1 },
    );
  });

  it('logsumexp: its gradient (softmax) at random points of [-3, 3]^5', () => {
    fc.assert(
      fc.property(pointLike([0, 0, 0, 0, 0]), (v) => {
        const g = gradientFd(logsumexp, v);
        const exact = softmax(v);
        const scale = Math.max(...exact);
        return exact.every((e, i) => Math.abs(g[i] - e) <= 1e-10 * scale);
      }),
      { numRuns: 200, seed: 2 },
    );
  });

  it('higher orders and one-sided stencils are accurate too, if less so', () => {
    const second = fdm({ order: 2, points: 7 });
    const forward = fdm({ kind: 'forward', points: 6 });
    const backward = fdm({ kind: 'backward', points: 6 });
    fc.assert(
      fc.property(x, (v) => {
        expect(Math.abs(second.derivative(Math.sin, v) + Math.sin(v))).toBeLessThan(1e-8);
        expect(Math.abs(forward.derivative(Math.exp, v) - Math.exp(v))).toBeLessThan(
          1e-9 * Math.exp(v),
        );
        expect(Math.abs(backward.derivative(Math.cos, v) + Math.sin(v))).toBeLessThan(1e-9);
      }),
      { numRuns: 200, seed: 3 },
    );
  });

  it("the error estimate bounds the actual error within the testers' margin of 10", () => {
    fc.assert(
      fc.property(x, (v) => {
        for (const [f, df] of [
          [Math.sin, Math.cos],
          [Math.exp, Math.exp],
          [poly, dpoly],
        ] as const) {
          const est = m.estimate(f, v);
          expect(Math.abs(est.value - df(v))).toBeLessThanOrEqual(10 * est.accuracy);
        }
      }),
      { numRuns: runs, seed: 4 },
    );
  });
});

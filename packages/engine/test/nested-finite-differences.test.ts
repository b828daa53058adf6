import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import { at, exp, mul, sin, sum } from '@pullback/rules-core/math';
import {
  derivative,
  finiteDifferences,
  forward,
  gradient,
  hessian,
  hvp,
  jacobian,
  pullback,
  pushforward,
  reverse,
  secondOrder,
  type Backend,
} from '@pullback/engine';
import { expectClose } from './helpers.js';

// finiteDifferences() inside another differentiation, with the outer pass's values reaching f
// through a closure, an extra argument or x itself. The inner differences are taken with the
// vocabulary, so the outer pass differentiates the difference quotient: its result is a
// central difference of the exact outer derivative, ≈ 1e-10 relative for these smooth
// functions at unit scale (h ≈ 6e-6); 1e-7 leaves room for curvature.
const FD = 1e-7;

const outers: [string, () => Backend][] = [
  ['reverse()', () => reverse()],
  ['forward()', () => forward()],
];

describe.each(outers)('finiteDifferences() inside %s', (_name, outer) => {
  it('the issue’s case: d/da [d/dx (x·a)] = 1 through a closure', () => {
    const g = gradient(
      (a: Real) => derivative((x: Real) => mul(x, a), finiteDifferences(), 1) as Real,
      outer(),
      3,
    );
    expectClose(g, [1], FD);
  });

  it('derivative through an extra argument', () => {
    const inner = (x: Real, a: Real) => mul(x, a);
    const g = gradient(
      (a: Real) => derivative(inner as never, finiteDifferences(), 1, a) as Real,
      outer(),
      3,
    );
    expectClose(g, [1], FD);
  });

  it('gradient: d/da Σ ∇ₓ(a·Σx²) = 2Σx through a closure and through an extra argument', () => {
    const x0 = [1, 2];
    const closure = (a: Real) =>
      sum(gradient((x: RealArray) => mul(a, sum(mul(x, x))), finiteDifferences(), x0) as never);
    const extra = (a: Real) =>
      sum(
        gradient(
          ((x: RealArray, b: Real) => mul(b, sum(mul(x, x)))) as never,
          finiteDifferences(),
          x0,
          a,
        ) as never,
      );
    expectClose(gradient(closure, outer(), 3), [6], FD);
    expectClose(gradient(extra, outer(), 3), [6], FD);
  });

  it('jacobian: d/da J[sin(a)·x] = cos(a)·I through a closure and through an extra argument', () => {
    const a0 = 0.7;
    const c = Math.cos(a0);
    const closure = jacobian(
      (a: RealArray) =>
        jacobian((x: RealArray) => mul(x, sin(at(a, 0))), finiteDifferences(), [1, 2]).data,
      outer(),
      [a0],
    );
    expectClose(closure.data, [c, 0, 0, c], FD);
    const scaled = ((x: RealArray, b: Real) => mul(x, sin(b))) as never;
    const extra = jacobian(
      (a: RealArray) => jacobian(scaled, finiteDifferences(), [1, 2], at(a, 0)).data,
      outer(),
      [a0],
    );
    expectClose(extra.data, [c, 0, 0, c], FD);
  });

  it('pushforward and pullback: d/da Σ (J[exp(a)·x] v) = exp(a)·Σv through an extra argument', () => {
    const x0 = [1, 2];
    const v = [1, -3];
    const f = ((x: RealArray, b: Real) => mul(x, exp(b))) as never;
    const viaPushforward = (a: Real) => sum(pushforward(f, finiteDifferences(), x0, v, a) as never);
    const viaPullback = (a: Real) => sum(pullback(f, finiteDifferences(), x0, v, a) as never);
    const a0 = 0.2;
    expectClose(gradient(viaPushforward, outer(), a0), [Math.exp(a0) * -2], FD);
    expectClose(gradient(viaPullback, outer(), a0), [Math.exp(a0) * -2], FD);
  });

  it('pushforward and pullback through a closure', () => {
    const x0 = [1, 2];
    const v = [1, -3];
    const viaPushforward = (a: Real) =>
      sum(pushforward((x: RealArray) => mul(x, exp(a)), finiteDifferences(), x0, v) as never);
    const viaPullback = (a: Real) =>
      sum(pullback((x: RealArray) => mul(x, exp(a)), finiteDifferences(), x0, v) as never);
    const a0 = -0.4;
    expectClose(gradient(viaPushforward, outer(), a0), [Math.exp(a0) * -2], FD);
    expectClose(gradient(viaPullback, outer(), a0), [Math.exp(a0) * -2], FD);
  });

  it('x itself active: d/da [d/dx x³ at a] = 6a', () => {
    const g = gradient(
      (a: Real) => derivative((x: Real) => mul(x, mul(x, x)), finiteDifferences(), a) as Real,
      outer(),
      1.5,
    );
    expectClose(g, [9], FD);
  });

  test.prop([
    fc.double({ min: -3, max: 3, noNaN: true }),
    fc.double({ min: -3, max: 3, noNaN: true }),
  ])('d/da [d/dx sin(a·x)] = cos(ax) − ax·sin(ax) at random points (x, a)', (x0, a0) => {
    const g = gradient(
      (a: Real) => derivative((x: Real) => sin(mul(a, x)), finiteDifferences(), x0) as Real,
      outer(),
      a0,
    );
    const ax = a0 * x0;
    // The outer pass gets central differences in x of ∂ₐ sin(ax) = x·cos(ax): truncation
    // h²·|∂ₓ³|/6 with |∂ₓ³| ≤ |a|³|x| + 3a² ≤ 108 and h ≤ 2e-5 here, under 1e-8; round-off
    // ε·|x|/h ≈ 1e-10.
    expectClose(g, [Math.cos(ax) - ax * Math.sin(ax)], 1e-7, 1e-7);
  });
});

describe('finiteDifferences() as the inner backend of a second-order pair', () => {
  it('hvp and Hessian of Σ sin(x) with a forward or reverse outer pass over differences', () => {
    const x = [1, 2];
    const H = [-Math.sin(1), 0, 0, -Math.sin(2)];
    for (const outer of [forward(), reverse()]) {
      const b = secondOrder(outer, finiteDifferences());
      expectClose(
        hvp((v: RealArray) => sum(sin(v)), b, x, [1, -1]),
        [H[0], -H[3]],
        FD,
      );
      expectClose(hessian((v: RealArray) => sum(sin(v)), b, x).data, H, FD);
    }
  });

  it('the point is never mutated and the result holds numbers', () => {
    const x = new Float64Array([0.5, -0.25]);
    const before = x.slice();
    const H = hessian(
      (v: RealArray) => sum(sin(v)),
      secondOrder(reverse(), finiteDifferences()),
      x,
    );
    expect(x).toEqual(before);
    expect(H.data).toBeInstanceOf(Float64Array);
  });
});

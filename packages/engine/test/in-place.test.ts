import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import { at, cos, exp, mul, setAt, sin, sub } from '@pullback/rules-core/math';
import {
  auto,
  derivative,
  derivativeInPlace,
  FallbackError,
  finiteDifferences,
  forward,
  jacobian,
  jacobianInPlace,
  OutputShapeError,
  PreparationMismatchError,
  prepareDerivativeInPlace,
  prepareJacobianInPlace,
  preparePullbackInPlace,
  preparePushforwardInPlace,
  pullback,
  pullbackInPlace,
  pushforward,
  pushforwardInPlace,
  reverse,
  sparse,
  tangents,
  toDense,
  UnsupportedInputError,
  valueAndDerivativeInPlace,
  valueAndJacobianInPlace,
  valueAndPullbackInPlace,
  valueAndPushforwardInPlace,
  type Backend,
  type FallbackEvent,
} from '@pullback/engine';
import { expectClose, flat } from './helpers.js';

/** The row-major entries of a dense or (under `sparse(...)`) CSR matrix result. */
const entries = (m: object): Float64Array =>
  'rowPtr' in m
    ? toDense(m as Parameters<typeof toDense>[0]).data
    : (m as { data: Float64Array }).data;

/** y = (x0 sin x1, exp(x2/2) − x0 x1, x1 cos x0), written into y in place. */
const fInPlace = (y: RealArray, x: RealArray): void => {
  setAt(y, 0, mul(at(x, 0), sin(at(x, 1))));
  setAt(y, 1, sub(exp(mul(0.5, at(x, 2))), mul(at(x, 0), at(x, 1))));
  setAt(y, 2, mul(at(x, 1), cos(at(x, 0))));
};
/** The same function out of place. */
const fOut = (x: RealArray): Real[] => {
  const y: Real[] = [0, 0, 0];
  fInPlace(y, x);
  return y;
};
/** Its Jacobian, by hand. */
const J = (x: ArrayLike<number>): number[][] => [
  [Math.sin(x[1]), x[0] * Math.cos(x[1]), 0],
  [-x[1], -x[0], 0.5 * Math.exp(0.5 * x[2])],
  [-x[1] * Math.sin(x[0]), Math.cos(x[0]), 0],
];
const mv = (A: number[][], v: ArrayLike<number>) =>
  A.map((r) => r.reduce((s, a, j) => s + a * v[j], 0));
const mtv = (A: number[][], w: ArrayLike<number>) =>
  A[0].map((_, j) => A.reduce((s, r, i) => s + r[j] * w[i], 0));

const backends: [string, Backend, number][] = [
  ['forward()', forward(), 1e-12],
  ['reverse()', reverse(), 1e-12],
  ['auto()', auto(), 1e-12],
  ['sparse(forward())', sparse(forward()), 1e-12],
  ['sparse(reverse())', sparse(reverse()), 1e-12],
  // Central differences: ~1e-10 relative error at this scale; 1e-6 is slack for curvature.
  ['finiteDifferences()', finiteDifferences(), 1e-6],
];
const coord = fc.double({ min: -2, max: 2, noNaN: true });
const vec3 = fc.tuple(coord, coord, coord);

describe.each(backends)('in-place operators with %s', (_name, backend, rtol) => {
  test.prop([vec3, vec3])('fill y with f(x) and give the derivative, x untouched', (x0, t0) => {
    const x = Float64Array.from(x0);
    const t = Float64Array.from(t0);
    const keep = x.slice();
    const y = new Float64Array(3).fill(NaN);
    const ty = pushforwardInPlace(fInPlace, backend, y, x, t);
    expectClose(y, flat(fOut(x)), 1e-15);
    expectClose(ty, mv(J(x), t), rtol);
    expect(ty).toBeInstanceOf(Float64Array);
    const y2: number[] = [0, 0, 0];
    const dx = pullbackInPlace(fInPlace, backend, y2, x, t);
    expectClose(y2, flat(fOut(x)), 1e-15);
    expectClose(dx, mtv(J(x), t), rtol);
    const y3 = new Float64Array(3);
    const Jx = jacobianInPlace(fInPlace, backend, y3, x);
    expectClose(y3, flat(fOut(x)), 1e-15);
    expectClose(entries(Jx), J(x).flat(), rtol);
    expect(x).toEqual(keep);
  });

  it('the valueAnd forms return the filled y itself', () => {
    const x = Float64Array.of(0.3, -0.7, 1.1);
    const t = Float64Array.of(1, 2, -1);
    const y = new Float64Array(3);
    const [v, ty] = valueAndPushforwardInPlace(fInPlace, backend, y, x, t);
    expect(v).toBe(y);
    expectClose(ty, mv(J(x), t), rtol);
    const [v2, dx] = valueAndPullbackInPlace(fInPlace, backend, y, x, [1, 0, 0]);
    expect(v2).toBe(y);
    expectClose(dx, J(x)[0], rtol);
    const [v3, Jx] = valueAndJacobianInPlace(fInPlace, backend, y, x);
    expect(v3).toBe(y);
    expectClose(entries(Jx), J(x).flat(), rtol);
  });

  it('agree with the out-of-place operators to 1e-14', () => {
    const x = Float64Array.of(0.3, -0.7, 1.1);
    const t = Float64Array.of(1, 2, -1);
    const y = new Float64Array(3);
    expectClose(
      pushforwardInPlace(fInPlace, backend, y, x, t),
      flat(pushforward(fOut, backend, x, t)),
      1e-14,
    );
    expectClose(
      pullbackInPlace(fInPlace, backend, y, x, t),
      flat(pullback(fOut, backend, x, t)),
      1e-14,
    );
    expectClose(
      entries(jacobianInPlace(fInPlace, backend, y, x)),
      flat(entries(jacobian(fOut, backend, x))),
      1e-14,
    );
  });
});

describe('derivativeInPlace', () => {
  const g = (y: RealArray, t: Real): void => {
    setAt(y, 0, sin(t));
    setAt(y, 1, mul(t, t));
  };
  it.each([
    ['forward()', forward()],
    ['reverse()', reverse()],
  ] as const)('with %s', (_n, backend) => {
    const y = new Float64Array(2);
    const d = derivativeInPlace(g, backend, y, 0.4);
    expectClose(y, [Math.sin(0.4), 0.16], 1e-15);
    expectClose(d, [Math.cos(0.4), 0.8], 1e-14);
    const [v, d2] = valueAndDerivativeInPlace(g, backend, y, 1.5);
    expect(v).toBe(y);
    expectClose(d2, [Math.cos(1.5), 3], 1e-14);
    const p = prepareDerivativeInPlace(g, backend, y, 0.4);
    expectClose(p.derivative(y, 2), [Math.cos(2), 4], 1e-14);
    expectClose(y, [Math.sin(2), 4], 1e-15);
    expectClose(
      p.derivativeInPlace(y, 1),
      flat(derivative((t: Real) => [sin(t), mul(t, t)], backend, 1)),
      1e-14,
    );
  });
});

describe('prepared in-place operators', () => {
  const x = Float64Array.of(0.3, -0.7, 1.1);
  it.each([
    ['forward()', forward()],
    ['reverse()', reverse()],
    ['reverse({ compile: false })', reverse({ compile: false })],
    ['sparse(forward())', sparse(forward())],
  ] as const)('with %s: reuse at new points, check y and x', (_n, backend) => {
    const y = new Float64Array(3);
    const pf = preparePushforwardInPlace(fInPlace, backend, y, x);
    const pb = preparePullbackInPlace(fInPlace, backend, y, x);
    const pj = prepareJacobianInPlace(fInPlace, backend, y, x);
    for (const z of [Float64Array.of(1, 2, 3), Float64Array.of(-0.5, 0.25, 0)]) {
      const t = Float64Array.of(0.5, -1, 2);
      expectClose(pf.pushforward(y, z, t), mv(J(z), t), 1e-12);
      expectClose(y, flat(fOut(z)), 1e-15);
      expectClose(pf.pushforwardInPlace(y, z, t), mv(J(z), t), 1e-12);
      const [v, dx] = pb.valueAndPullback(y, z, t);
      expect(v).toBe(y);
      expectClose(dx, mtv(J(z), t), 1e-12);
      expectClose(entries(pj.jacobian(y, z)), J(z).flat(), 1e-12);
      const both = pf.pushforward(y, z, tangents(t, Float64Array.of(1, 0, 0)));
      expectClose(
        both[1],
        J(z).map((r) => r[0]),
        1e-12,
      );
    }
    expect(() => pf.pushforward(new Float64Array(4), x, x)).toThrow(PreparationMismatchError);
    expect(() => pb.pullback(y, Float64Array.of(1, 2), [1, 1, 1])).toThrow(
      /preparePullbackInPlace/,
    );
  });
});

describe('what in-place functions may not do', () => {
  const x = Float64Array.of(0.3, -0.7, 1.1);
  it('a write that cannot carry a derivative is a reported fallback, and an error under fallback: error', () => {
    // Number() strips the derivative: the pass notices the coercion and differences f instead.
    const coerced = (y: RealArray, x: RealArray): void => {
      (y as number[])[0] = 2 * Number(at(x, 0));
      setAt(y, 1, at(x, 1));
    };
    const events: FallbackEvent[] = [];
    const y = new Float64Array(2);
    const ty = pushforwardInPlace(
      coerced,
      reverse({ onFallback: (e) => events.push(e) }),
      y,
      x,
      Float64Array.of(1, 1, 0),
    );
    expectClose(y, [0.6, -0.7], 1e-15);
    // Central differences of a linear function: exact up to round-off, ~1e-10.
    expectClose(ty, [2, 1], 1e-8);
    expect(events.length).toBe(1);
    expect(events[0].functionName).toBe('coerced');
    expect(events[0].replacement).toBe('finite differences');
    expect(() => jacobianInPlace(coerced, forward({ fallback: 'error' }), y, x)).toThrow(
      FallbackError,
    );
  });

  it('y must be a flat array apart from x, and f returns nothing', () => {
    expect(() => pushforwardInPlace(fInPlace, forward(), { a: 1 } as never, x, x)).toThrow(
      UnsupportedInputError,
    );
    expect(() => pushforwardInPlace(fInPlace, forward(), x, x, x)).toThrow(/same array/);
    const returns = (y: RealArray, x: RealArray) => {
      setAt(y, 0, at(x, 0));
      return y;
    };
    expect(() => jacobianInPlace(returns as never, reverse(), new Float64Array(1), x)).toThrow(
      OutputShapeError,
    );
    const asyncF = async (y: RealArray, x: RealArray) => {
      setAt(y, 0, at(x, 0));
    };
    expect(() => jacobianInPlace(asyncF as never, reverse(), new Float64Array(1), x)).toThrow(
      /promise/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import { at, exp, mul, ShapeMismatchError, sin, sub } from '@pullback/rules-core/math';
import {
  auto,
  finiteDifferences,
  forward,
  jacobian,
  linearize,
  pullback,
  pushforward,
  reverse,
  tangents,
  vjp,
  type Backend,
} from '@pullback/engine';
import { expectClose, flat } from './helpers.js';
import { rosenbrockArray } from './fixtures/rosenbrock.js';
import { expectRatioBelow } from './cost.js';

/** Two outputs of three inputs. */
const f = (x: RealArray): Real[] => [
  mul(at(x, 0), sin(at(x, 1))),
  sub(exp(mul(0.5, at(x, 2))), mul(at(x, 0), at(x, 1))),
];
const J = (x: ArrayLike<number>): number[][] => [
  [Math.sin(x[1]), x[0] * Math.cos(x[1]), 0],
  [-x[1], -x[0], 0.5 * Math.exp(0.5 * x[2])],
];
const mv = (A: number[][], v: ArrayLike<number>) =>
  A.map((r) => r.reduce((s, a, j) => s + a * v[j], 0));
const mtv = (A: number[][], w: ArrayLike<number>) =>
  A[0].map((_, j) => A.reduce((s, r, i) => s + r[j] * w[i], 0));

/** A function the staging tracer refuses (a branch on a value), so linearize keeps a Jacobian. */
const branchy = (x: RealArray): Real[] => {
  const calls = { n: 0 };
  calls.n++;
  return f(x);
};

const backends: [string, Backend, number][] = [
  ['forward()', forward(), 1e-12],
  ['forward({ compile: false })', forward({ compile: false }), 1e-12],
  ['reverse()', reverse(), 1e-12],
  ['reverse({ compile: false })', reverse({ compile: false }), 1e-12],
  ['auto()', auto(), 1e-12],
  // Central differences: ~1e-10 relative at this scale; 1e-6 leaves room for curvature.
  ['finiteDifferences()', finiteDifferences(), 1e-6],
];
const coord = fc.double({ min: -2, max: 2, noNaN: true });
const vec = (k: number) => fc.array(coord, { minLength: k, maxLength: k });

describe.each(backends)('linearize and vjp with %s', (_n, backend, rtol) => {
  test.prop([vec(3), vec(3), vec(3), vec(2), vec(2)])(
    'record once, apply to many directions',
    (x0, t1, t2, w1, w2) => {
      const x = Float64Array.from(x0);
      const lin = linearize<RealArray>(f, backend, x);
      expectClose(lin.value, flat(f(x)), 1e-15);
      expectClose(lin.jvp(Float64Array.from(t1)), mv(J(x), t1), rtol);
      expectClose(lin.jvp(t2), mv(J(x), t2), rtol);
      const both = lin.jvp(tangents(t1, t2));
      expectClose(both[1], mv(J(x), t2), rtol);
      const back = vjp<RealArray>(f, backend, x);
      expectClose(back.value, flat(f(x)), 1e-15);
      expectClose(back.pullback(w1), mtv(J(x), w1), rtol);
      expectClose(back.pullback(Float64Array.from(w2)), mtv(J(x), w2), rtol);
      expectClose(back.pullback(tangents(w1, w2))[0], mtv(J(x), w1), rtol);
    },
  );

  it("keeps its point: changing the caller's x afterwards changes nothing", () => {
    const x = Float64Array.of(0.3, -0.7, 1.1);
    const lin = linearize<RealArray>(f, backend, x);
    const back = vjp<RealArray>(f, backend, x);
    const want = J(Float64Array.of(0.3, -0.7, 1.1));
    x.fill(5);
    expectClose(lin.jvp([1, 2, 3]), mv(want, [1, 2, 3]), rtol);
    expectClose(back.pullback([1, -1]), mtv(want, [1, -1]), rtol);
  });

  it('a tangent or cotangent of another shape is a ShapeMismatchError naming the call', () => {
    const x = Float64Array.of(0.3, -0.7, 1.1);
    expect(() => linearize<RealArray>(f, backend, x).jvp([1, 2])).toThrow(ShapeMismatchError);
    expect(() => linearize<RealArray>(f, backend, x).jvp([1, 2])).toThrow(
      /linearize\(…\)\.jvp: tx/,
    );
    expect(() => vjp(f, backend, x).pullback([1, 2, 3])).toThrow(/vjp\(…\)\.pullback: dy/);
    expect(() => vjp(f, backend, x).pullback(tangents([1, 2], [1]))).toThrow(ShapeMismatchError);
  });
});

describe('how linearize and vjp apply their maps', () => {
  it('explain() says what one application costs', () => {
    const x = Float64Array.of(0.3, -0.7, 1.1);
    expect(linearize(f, forward(), x).explain()).toMatch(/compiled tangent code/);
    expect(linearize(f, forward({ compile: false }), x).explain()).toMatch(/2×3 Jacobian/);
    expect(vjp(f, reverse(), x).explain()).toMatch(/one sweep of the tape/);
    expect(vjp(f, forward(), x).explain()).toMatch(/Jacobian built at x/);
    const lin = linearize<RealArray>(branchy, reverse({ compile: false }), x);
    expectClose(
      lin.jvp([1, 0, 0]),
      flat(pushforward(f, reverse(), x, Float64Array.of(1, 0, 0))),
      1e-14,
    );
  });

  it('each application runs without calling f again', () => {
    let calls = 0;
    const counted = (x: RealArray): Real[] => {
      calls++;
      return f(x);
    };
    const x = Float64Array.of(0.3, -0.7, 1.1);
    const back = vjp(counted, reverse(), x);
    const lin = linearize<RealArray>(counted, forward({ compile: false }), x);
    calls = 0;
    for (let k = 0; k < 5; k++) {
      back.pullback([k, 1]);
      lin.jvp([1, k, 0]);
    }
    expect(calls).toBe(0);
    expectClose(back.pullback([1, 0]), flat(jacobian(f, reverse(), x).data.slice(0, 3)), 1e-14);
  });
});

describe('cost of one application (whole-array Rosenbrock, n = 1e4)', () => {
  const n = 1e4;
  const x = Float64Array.from({ length: n }, (_, i) => 0.5 + 1e-4 * i);
  const t = Float64Array.from({ length: n }, (_, i) => Math.cos(i));

  it('linearize(…).jvp costs at most 1/5 of an eager pushforward', () => {
    const lin = linearize(rosenbrockArray, forward(), x);
    expectClose(
      [lin.jvp(t) as number],
      [pushforward(rosenbrockArray, forward(), x, t) as number],
      1e-12,
    );
    // The bound; measured about 1/8 (generated tangent code against eager duals).
    expectRatioBelow(
      () => lin.jvp(t),
      () => pushforward(rosenbrockArray, forward(), x, t),
      1 / 5,
      { summary: 'median' },
    );
  });

  it('vjp(…).pullback costs at most 1/5 of an eager pullback', () => {
    const back = vjp(rosenbrockArray, reverse(), x);
    expectClose(back.pullback(1.5), flat(pullback(rosenbrockArray, reverse(), x, 1.5)), 1e-12);
    // The bound; measured about 1/10 (one sweep of the recorded tape against record and sweep).
    expectRatioBelow(
      () => back.pullback(1.5),
      () => pullback(rosenbrockArray, reverse(), x, 1.5),
      1 / 5,
      { summary: 'median' },
    );
  });
});

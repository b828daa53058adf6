import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import { at, exp, mul, sin, sub, sum } from '@pullback/rules-core/math';
import {
  auto,
  finiteDifferences,
  forward,
  gradientAndHvp,
  hvp,
  jacobian,
  prepareHvp,
  preparePullback,
  preparePushforward,
  pullback,
  pushforward,
  reverse,
  secondOrder,
  tangents,
  isTangentBatch,
  valueAndPullback,
  valueAndPushforward,
  UnsupportedInputError,
  type Backend,
} from '@pullback/engine';
import { ShapeMismatchError } from '@pullback/rules-core/math';
import { expectClose, flat } from './helpers.js';
import { rosenbrockLoop } from './fixtures/rosenbrock.js';
import { expectRatioBelow } from './cost.js';

/** Two outputs of three inputs, with every kind of partial (products, transcendental, constant). */
const f = (x: RealArray): Real[] => [
  mul(at(x, 0), sin(at(x, 1))),
  sub(exp(mul(0.5, at(x, 2))), mul(at(x, 0), at(x, 1))),
];
/** A scalar function for Hessian-vector products: f(x) = Σ x_i² x_{i+1} + sin(x_0). */
const g = (x: RealArray): Real => {
  let s: Real = sin(at(x, 0));
  for (let i = 0; i + 1 < x.length; i++) s = sum([s, mul(mul(at(x, i), at(x, i)), at(x, i + 1))]);
  return s;
};
/** The Hessian of g, analytically. */
function hessianOfG(x: Float64Array): number[][] {
  const n = x.length;
  const H = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  H[0][0] -= Math.sin(x[0]);
  for (let i = 0; i + 1 < n; i++) {
    H[i][i] += 2 * x[i + 1];
    H[i][i + 1] += 2 * x[i];
    H[i + 1][i] += 2 * x[i];
  }
  return H;
}
const matvec = (A: number[][], v: ArrayLike<number>) =>
  A.map((row) => row.reduce((s, a, j) => s + a * v[j], 0));

const firstOrderBackends: [string, Backend, number][] = [
  ['forward()', forward(), 1e-12],
  ['forward({ chunkSize: 2 })', forward({ chunkSize: 2 }), 1e-12],
  ['reverse()', reverse(), 1e-12],
  ['auto()', auto(), 1e-12],
  // Central differences: O(h²) truncation with h ≈ 6e-6 leaves ~1e-10 relative; 1e-6 is slack.
  ['finiteDifferences()', finiteDifferences(), 1e-6],
];

const point = fc.tuple(
  fc.double({ min: -2, max: 2, noNaN: true }),
  fc.double({ min: -2, max: 2, noNaN: true }),
  fc.double({ min: -2, max: 2, noNaN: true }),
);

describe.each(firstOrderBackends)('tangents(…) batches with %s', (_n, backend, rtol) => {
  test.prop([point, point, point, point])(
    'pushforward of a batch is one J·t per direction, in order',
    (x0, t1, t2, t3) => {
      const x = Float64Array.from(x0);
      const J = jacobian(f, reverse(), x);
      const rows = [0, 1].map((i) => Array.from(J.data.slice(i * 3, i * 3 + 3)));
      const ts = [t1, t2, t3].map((t) => Float64Array.from(t));
      const out = pushforward(f, backend, x, tangents(...ts));
      expect(out).toHaveLength(3);
      out.forEach((ty, k) => expectClose(ty, matvec(rows, ts[k]), rtol));
      const [y, tys] = valueAndPushforward(f, backend, x, tangents(ts[0]));
      expectClose(y, flat(f(x)), 1e-15);
      expectClose(tys[0], matvec(rows, ts[0]), rtol);
    },
  );

  test.prop([point, point, point])(
    'pullback of a batch is one Jᵀ·w per cotangent',
    (x0, w1, w2) => {
      const x = Float64Array.from(x0);
      const J = jacobian(f, reverse(), x);
      const cols = [0, 1, 2].map((j) => [J.data[j], J.data[3 + j]]);
      const ws = [w1.slice(0, 2), w2.slice(1, 3)];
      const out = pullback(f, backend, x, tangents(...ws));
      expect(out).toHaveLength(2);
      out.forEach((dx, k) => expectClose(dx, matvec(cols, ws[k]), rtol));
      const [, dxs] = valueAndPullback(f, backend, x, tangents(ws[1]));
      expectClose(dxs[0], matvec(cols, ws[1]), rtol);
    },
  );
});

describe('tangents(…) batches of Hessian-vector products', () => {
  const backends: [string, Backend, number][] = [
    ['reverse() (forward over reverse)', reverse(), 1e-12],
    ['forward over forward', secondOrder(forward(), forward()), 1e-12],
    ['reverse over reverse', secondOrder(reverse(), reverse()), 1e-12],
  ];
  it.each(backends)('hvp with %s: one product per direction', (_n, backend, rtol) => {
    const x = Float64Array.of(0.3, -1.2, 0.7, 2);
    const H = hessianOfG(x);
    const vs = [
      Float64Array.of(1, 0, 0, 0),
      Float64Array.of(0.5, -1, 2, 0.25),
      Float64Array.of(0, 0, 0, 1),
    ];
    const out = hvp(g, backend, x, tangents(...vs));
    expect(out).toHaveLength(3);
    out.forEach((h, k) => expectClose(h, matvec(H, vs[k]), rtol));
    const [grad, hs] = gradientAndHvp(g, backend, x, tangents(...vs));
    expect(flat(grad)).toHaveLength(4);
    hs.forEach((h, k) => expectClose(h, matvec(H, vs[k]), rtol));
  });
});

describe('prepared operators take batches', () => {
  const x = Float64Array.of(0.3, -1.2, 0.7);
  const ts = [Float64Array.of(1, 2, 3), Float64Array.of(-1, 0, 0.5)];
  const J = jacobian(f, reverse(), x);
  const rows = [0, 1].map((i) => Array.from(J.data.slice(i * 3, i * 3 + 3)));
  const cols = [0, 1, 2].map((j) => [J.data[j], J.data[3 + j]]);

  it.each([
    ['forward()', forward()],
    ['reverse()', reverse()],
    ['forward({ compile: false })', forward({ compile: false })],
  ] as const)('preparePushforward with %s', (_n, backend) => {
    const p = preparePushforward(f, backend, x);
    const out = p.pushforward(x, tangents(...ts));
    out.forEach((ty, k) => expectClose(ty, matvec(rows, ts[k]), 1e-12));
    // A single tangent still gives a single result.
    expectClose(p.pushforward(x, ts[1]), matvec(rows, ts[1]), 1e-12);
  });

  it.each([
    ['reverse()', reverse()],
    ['reverse({ compile: false })', reverse({ compile: false })],
  ] as const)('preparePullback with %s', (_n, backend) => {
    const p = preparePullback(f, backend, x);
    const ws = [
      [1, 0],
      [0.5, -2],
    ];
    const [y, out] = p.valueAndPullback(x, tangents(...ws));
    expectClose(y, flat(f(x)), 1e-15);
    out.forEach((dx, k) => expectClose(dx, matvec(cols, ws[k]), 1e-12));
  });

  it.each([
    ['reverse()', reverse()],
    ['reverse({ compile: false })', reverse({ compile: false })],
  ] as const)('prepareHvp with %s', (_n, backend) => {
    const y = Float64Array.of(0.3, -1.2, 0.7, 2);
    const H = hessianOfG(y);
    const vs = [Float64Array.of(1, 0, 0, 0), Float64Array.of(0.5, -1, 2, 0.25)];
    const p = prepareHvp(g, backend, y);
    p.hvp(y, tangents(...vs)).forEach((h, k) => expectClose(h, matvec(H, vs[k]), 1e-12));
  });

  it('a compiled hvp batch runs the kernel of one hvp, which keeps no value and no gradient', () => {
    const y = Float64Array.of(0.3, -1.2, 0.7, 2);
    const vs = [Float64Array.of(1, 0, 0, 0), Float64Array.of(0.5, -1, 2, 0.25)];
    const p = prepareHvp(g, reverse(), y);
    const batch = p.hvp(y, tangents(...vs));
    vs.forEach((v, k) => expectClose(batch[k], Array.from(p.hvp(y, v)), 1e-15));
    const kernels = (p.source() ?? '').match(/^\/\/ trace \d+, .*$/gm) ?? [];
    expect(kernels).toEqual(['// trace 1, forward over reverse, 1 lanes, tangents only']);
  });

  it('a misshapen direction in a batch is a ShapeMismatchError naming its position', () => {
    const p = preparePushforward(f, forward(), x);
    expect(() => p.pushforward(x, tangents(ts[0], Float64Array.of(1, 2)))).toThrow(
      ShapeMismatchError,
    );
    expect(() => pushforward(f, forward(), x, tangents<unknown>(ts[0], [1, 2]) as never)).toThrow(
      /tx\[1\]/,
    );
    expect(() => pullback(f, reverse(), x, tangents([1, 2], [1, 2, 3]))).toThrow(
      ShapeMismatchError,
    );
  });
});

describe('the batch wrapper', () => {
  it('is branded: a batch is never read as one tangent of a nested x', () => {
    // x is an array of two arrays: [t1, t2] would be one tangent, tangents(t1, t2) two.
    const h = (x: [RealArray, RealArray]): Real => mul(at(x[0], 0), at(x[1], 0));
    const x: [number[], number[]] = [[2], [3]];
    const one = pushforward(h, forward(), x, [[1], [0]]);
    expect(one).toBe(3);
    const two = pushforward(
      h,
      forward(),
      x,
      tangents<[number[], number[]]>([[1], [0]], [[0], [1]]),
    );
    expect(two).toEqual([3, 2]);
    expect(isTangentBatch(tangents(1))).toBe(true);
    expect(isTangentBatch({ items: [1], length: 1 })).toBe(false);
  });

  it('refuses an empty batch and a batch passed as x', () => {
    expect(() => tangents()).toThrow(UnsupportedInputError);
    expect(() =>
      pushforward(g, forward(), tangents(Float64Array.of(1)) as never, 1 as never),
    ).toThrow(/x is a batch/);
  });

  it("the results are the caller's own memory (no two share a buffer)", () => {
    const x = Float64Array.of(0.3, -1.2, 0.7);
    const [a, b] = pushforward(f, forward(), x, tangents(x, x)) as Float64Array[];
    expect(a).not.toBe(b);
  });
});

describe('cost of a batch', () => {
  it('a batch of 8 directions costs at most 3x one pushforward (scalar-loop Rosenbrock, n = 1e3)', () => {
    const n = 1e3;
    const x = Float64Array.from({ length: n }, (_, i) => 0.5 + 1e-4 * i);
    const ts = Array.from({ length: 8 }, (_, k) =>
      Float64Array.from({ length: n }, (_, i) => Math.cos(i + k)),
    );
    const single = () => pushforward(rosenbrockLoop, forward(), x, ts[0]);
    const batch = () => pushforward(rosenbrockLoop, forward(), x, tangents(...ts));
    // The bound is 3x; measured 1.3–1.8x here (one dual per operation carries 8 lanes
    // instead of 1).
    expectRatioBelow(batch, single, 3);
  });
});

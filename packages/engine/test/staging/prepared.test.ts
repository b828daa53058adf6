import { describe, expect, it } from 'vitest';
import { differentiable, primal, type Real, type RealArray } from '@pullback/rules-core';
import { add, at, exp, gt, ifElse, mul, sin, slice, square, sum } from '@pullback/rules-core/math';
import {
  auto,
  forward,
  gradient,
  hessian,
  hvp,
  jacobian,
  prepareGradient,
  prepareHessian,
  prepareHvp,
  prepareJacobian,
  reverse,
  secondOrder,
  type GradientPrep,
} from '@pullback/engine';

import { rosenbrockLoop, rosenbrockArray } from '../fixtures/rosenbrock.js';

const points = [
  new Float64Array([0.3, -1.2, 0.8, 2, 1.1]),
  new Float64Array([1, 1, 1, 1, 1]),
  new Float64Array([-0.5, 0.25, 3, -2, 0.1]),
];
const closeTo = (a: ArrayLike<number>, b: ArrayLike<number>, rtol = 1e-12): void => {
  expect(a.length).toBe(b.length);
  const scale = Math.max(1, ...Array.from(b, Math.abs));
  for (let i = 0; i < a.length; i++)
    expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(rtol * scale);
};

describe('prepared operators compile by default', () => {
  for (const [name, f] of [
    ['scalar loop', rosenbrockLoop],
    ['whole-array', rosenbrockArray],
  ] as const) {
    it(`${name}: gradients equal the eager engine's at every point`, () => {
      const p = prepareGradient(f, reverse(), points[0]);
      for (const x of points) closeTo(p.gradient(x), gradient(f, reverse(), x) as Float64Array);
      expect(p.compilation).toMatchObject({ compiled: true, retraces: 0 });
      expect(p.compilation.operations).toBeGreaterThan(0);
      expect(p.source()?.length).toBeGreaterThanOrEqual(p.compilation.sourceBytes);
      expect(p.explain()).toMatch(/Compiled/);
    });
  }
  it('the scalar loop is a loop again: the source does not grow with n', () => {
    const small = prepareGradient(rosenbrockLoop, reverse(), new Float64Array(1000).fill(0.5));
    const large = prepareGradient(rosenbrockLoop, reverse(), new Float64Array(8000).fill(0.5));
    small.gradient(new Float64Array(1000).fill(0.2));
    large.gradient(new Float64Array(8000).fill(0.2));
    expect(large.compilation.operations).toBeGreaterThan(7 * small.compilation.operations);
    // Only the numbers in it (loop bounds, ids) may be longer.
    expect(Math.abs((large.source()?.length ?? 0) - (small.source()?.length ?? 0))).toBeLessThan(
      40,
    );
  });
  it('compile: false keeps a preparation eager, and says so', () => {
    const p = prepareGradient(rosenbrockLoop, reverse({ compile: false }), points[0]);
    expect(p.gradient(points[1])).toEqual(gradient(rosenbrockLoop, reverse(), points[1]));
    expect(p.compilation).toEqual({
      compiled: false,
      reason: 'compile: false was given',
      operations: 0,
      sourceBytes: 0,
      retraces: 0,
    });
    expect(p.source()).toBeUndefined();
    expect(p.explain()).toMatch(/Eager: compile: false was given/);
  });
  it('jacobian, hvp and hessian of several backends compile and agree', () => {
    const vec = (x: RealArray): RealArray => mul(exp(slice(x, 0, 3)), sin(slice(x, 2, 5)));
    for (const b of [forward(), reverse(), auto(), forward({ chunkSize: 2 })]) {
      const p = prepareJacobian(vec, b, points[0]);
      for (const x of points) closeTo(p.jacobian(x).data, jacobian(vec, reverse(), x).data);
      expect(p.compilation.compiled).toBe(true);
    }
    const v = new Float64Array([1, -1, 0.5, 2, 0.25]);
    for (const b of [
      reverse(),
      secondOrder(forward(), reverse()),
      secondOrder(forward(), forward()),
    ]) {
      const h = prepareHvp(rosenbrockLoop, b, points[0], v);
      const H = prepareHessian(rosenbrockArray, b, points[0]);
      for (const x of points) {
        closeTo(h.hvp(x, v), hvp(rosenbrockLoop, reverse(), x, v) as Float64Array, 1e-11);
        closeTo(H.hessian(x).data, hessian(rosenbrockArray, reverse(), x).data, 1e-11);
      }
      expect(h.compilation.compiled && H.compilation.compiled).toBe(true);
    }
  });
  it('a branch in JavaScript retraces once per side, then reuses both traces', () => {
    const f = (x: RealArray) => (gt(at(x, 0), 0) ? mul(at(x, 0), at(x, 1)) : sin(at(x, 1)));
    const p = prepareGradient(f, reverse(), new Float64Array([1, 2]));
    for (let k = 0; k < 12; k++) {
      const x = new Float64Array([k % 2 === 0 ? -1 - k : 1 + k, 2]);
      expect(p.gradient(x)).toEqual(gradient(f, reverse(), x));
    }
    expect(p.compilation).toMatchObject({ compiled: true, retraces: 1 });
  });
  it('after 8 retraces a preparation stays eager, and says why', () => {
    // A loop whose trip count depends on the values: a new trace for every count.
    const f = (x: RealArray) => {
      let s: Real = 0;
      for (let i = 0; i < x.length && gt(at(x, i), 0); i++) s = add(s, square(at(x, i)));
      return s;
    };
    const p = prepareGradient(f, reverse(), new Float64Array(12).fill(-1));
    for (let k = 1; k <= 11; k++) {
      const x = new Float64Array(12).map((_, i) => (i < k ? i + 1 : -1));
      expect(p.gradient(x)).toEqual(gradient(f, reverse(), x));
    }
    expect(p.compilation).toMatchObject({ compiled: false, retraces: 8 });
    expect(p.compilation.reason).toMatch(/more than 8 times.*ifElse/);
  });
  it('a branch written with ifElse compiles both sides', () => {
    const f = (x: RealArray) => sum(ifElse(gt(x, 0), square(x), mul(-3, x)));
    const p = prepareGradient(f, reverse(), points[0]);
    for (const x of points) expect(p.gradient(x)).toEqual(gradient(f, reverse(), x));
    expect(p.compilation).toMatchObject({ compiled: true, retraces: 0 });
  });
  it('reading primal() keeps the preparation eager, and says why', () => {
    const f = (x: RealArray) => (primal(at(x, 0)) > 0 ? sum(x) : sum(square(x)));
    const p = prepareGradient(f, reverse(), points[0]);
    expect(p.gradient(points[2])).toEqual(gradient(f, reverse(), points[2]));
    expect(p.compilation.compiled).toBe(false);
    expect(p.compilation.reason).toMatch(/primal/);
  });
  it('extra arguments: arrays are read at run time, numbers retrace', () => {
    const f = (x: RealArray, w: Float64Array, c: number) => sum(mul(c, mul(w, square(x))));
    const w1 = new Float64Array([1, 2, 3, 4, 5]);
    const p = prepareGradient(f, reverse(), points[0], w1, 2);
    const w2 = new Float64Array([5, 4, 3, 2, 1]);
    expect(p.gradient(points[1], w2, 2)).toEqual(gradient(f, reverse(), points[1], w2, 2));
    expect(p.compilation.retraces).toBe(0);
    expect(p.gradient(points[1], w2, 3)).toEqual(gradient(f, reverse(), points[1], w2, 3));
    expect(p.compilation.retraces).toBe(1);
  });
  it('arrays f closes over are read when it runs: writes into them between calls are seen', () => {
    const weights = [1, 2, 3, 4, 5];
    const typed = new Float64Array([5, 4, 3, 2, 1]);
    const f = (x: RealArray) => add(sum(mul(weights, square(x))), sum(mul(typed, x)));
    const p = prepareGradient(f, reverse(), points[0]);
    weights[2] = -7;
    typed[0] = 0.5;
    expect(p.gradient(points[1])).toEqual(gradient(f, reverse(), points[1]));
    expect(p.compilation).toMatchObject({ compiled: true, retraces: 0 });
  });
  it('a number extra argument changing more than 8 times says so', () => {
    const f = (x: RealArray, c: number) => sum(mul(c, square(x)));
    const p = prepareGradient(f, reverse(), points[0], 1);
    for (let c = 2; c <= 11; c++)
      expect(p.gradient(points[1], c)).toEqual(gradient(f, reverse(), points[1], c));
    expect(p.compilation.compiled).toBe(false);
    expect(p.compilation.reason).toMatch(
      /extra argument .* changed more than 8 times.*inside an array/,
    );
  });
  it('inside another differentiation a prepared operator runs eagerly and is right', () => {
    const inner = prepareGradient(
      (x: RealArray) => sum(square(x)),
      reverse(),
      points[0] as RealArray,
    );
    const outer = (x: RealArray) => sum(inner.gradient(x) as RealArray);
    // d/dx Σ 2x = 2 for every component.
    expect(Array.from(gradient(outer, forward(), points[1]) as Float64Array)).toEqual([
      2, 2, 2, 2, 2,
    ]);
  });
  it('a rule that calls the same preparation while it runs gets fresh buffers', () => {
    const prepared: { p?: GradientPrep<RealArray> } = {};
    let inside = false;
    let inner: Float64Array | undefined;
    const scaled = differentiable((v: RealArray) => sum(v), {
      rrule: ([v]: [RealArray]) => [
        sum(v),
        (dy: unknown) => {
          // Re-enters p while its reverse sweep runs (once: the inner call's own sweep does not).
          if (!inside) {
            inside = true;
            inner = prepared.p?.gradient(new Float64Array(5).fill(0.5)) as Float64Array;
            inside = false;
          }
          return [new Float64Array(v.length).fill(dy as number)];
        },
      ],
    });
    const f = (x: RealArray) => add(scaled(square(x)), rosenbrockArray(x));
    const p = prepareGradient(f, reverse(), points[0]);
    prepared.p = p;
    const expected = gradient(f, reverse(), points[2]) as Float64Array;
    closeTo(p.gradient(points[2]) as Float64Array, expected);
    closeTo(
      inner as Float64Array,
      gradient(f, reverse({ compile: false }), new Float64Array(5).fill(0.5)) as Float64Array,
    );
    expect(p.compilation.compiled).toBe(true);
  });
  it('a function that is not deterministic is caught by the first call and stays eager', () => {
    const f = (x: RealArray) => sum(mul(Math.random() + 1, x));
    const p = prepareGradient(f, reverse(), points[0]);
    p.gradient(points[1]);
    expect(p.compilation.compiled).toBe(false);
    expect(p.compilation.reason).toMatch(/Math.random/);
  });
  it('a function that falls back stays eager and reports the fallback', () => {
    const events: unknown[] = [];
    const f = (x: RealArray) => {
      const out = new Float64Array(x.length);
      for (let i = 0; i < x.length; i++) out[i] = at(x, i) as number;
      return sum(square(out));
    };
    const p = prepareGradient(f, reverse({ onFallback: (e) => events.push(e) }), points[0]);
    closeTo(p.gradient(points[1]) as Float64Array, [2, 2, 2, 2, 2], 1e-6);
    expect(p.compilation.compiled).toBe(false);
    expect(p.compilation.reason).toMatch(/falls back/);
    expect(events.length).toBeGreaterThan(0);
  });
  it('structured inputs: an object of a number[] and a number', () => {
    const f = (p: { w: number[]; s: number }) => mul(p.s, sum(square(p.w)));
    const x = { w: [1, 2, 3], s: 0.5 };
    const p = prepareGradient(f, reverse(), x);
    expect(p.gradient({ w: [3, 2, 1], s: 2 })).toEqual(
      gradient(f, reverse(), { w: [3, 2, 1], s: 2 }),
    );
    expect(p.compilation.compiled).toBe(true);
  });
  it('whole-array code on a number[] x (slices of an array of scalars) compiles', () => {
    const p = prepareGradient(rosenbrockArray, reverse(), Array.from(points[0]));
    expect(p.explain()).toMatch(/Compiled/);
    for (const x of points) {
      const xs = Array.from(x);
      const g = p.gradient(xs);
      expect(Array.isArray(g)).toBe(true);
      closeTo(g, gradient(rosenbrockArray, reverse(), xs));
    }
    expect(p.compilation).toMatchObject({ compiled: true, retraces: 0 });
    // A slice with no staged element is a Float64Array, as the eager slice gives.
    const h = (x: number[]) => sum(mul(at(x, 0), slice([1, 2, 3], 1)));
    const q = prepareGradient(h, reverse(), [2]);
    expect(q.gradient([5])).toEqual(gradient(h, reverse(), [5]));
  });
});

describe('array methods on a staged array', () => {
  // A staged array's own field was once called `values`, which hid the array method `values()`
  // its proxy provides: tracing threw a TypeError and the preparation stayed eager.
  const byMethod = {
    'values()': (x: Float64Array): Real => {
      let s: Real = 0;
      for (const t of x.values()) s = add(s, square(t));
      return s;
    },
    'entries()': (x: Float64Array): Real => {
      let s: Real = 0;
      for (const [, t] of x.entries()) s = add(s, square(t));
      return s;
    },
    'keys()': (x: Float64Array): Real => {
      let s: Real = 0;
      for (const i of x.keys()) s = add(s, square(at(x, i)));
      return s;
    },
  };
  for (const [method, f] of Object.entries(byMethod)) {
    it(`${method} is traced and compiled, with the analytic gradient 2x`, () => {
      const p = prepareGradient(f, reverse(), points[0]);
      expect(p.compilation).toMatchObject({ compiled: true });
      for (const x of points)
        closeTo(
          p.gradient(x),
          Array.from(x, (t) => 2 * t),
        );
    });
  }
});

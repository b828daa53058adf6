import { describe, expect, it } from 'vitest';
import { test as fcTest, fc } from '@fast-check/vitest';
import {
  differentiable,
  primal,
  RuleDefinitionError,
  scalarRule,
  type Real,
  type RealArray,
} from '@pullback/rules-core';
import {
  abs,
  add,
  at,
  cos,
  div,
  exp,
  log,
  map,
  max,
  pow,
  map2,
  mul,
  neg,
  sin,
  slice,
  sqrt,
  square,
  sub,
  sum,
  tanh,
} from '@pullback/rules-core/math';
import { forward, gradient, hessian, hvp, pushforward, reverse } from '@pullback/engine';
import { hvpTapeStatistics } from '@pullback/engine/diagnostics';
import { expectClose } from './helpers.js';

// A straight-line map/map2 kernel over the hot primitives runs as one generated loop: traced
// on its first element and checked on its second (kernel-plan.ts), never per element. These tests check it against the scalar tape, which does
// not go through map at all, and check that anything else still runs per element.

/** Every hot primitive, arguments and constants in both operand positions. */
const kernel = (a: Real, b: Real): Real =>
  add(
    div(mul(sin(a), exp(neg(b))), add(2, square(cos(a)))),
    sub(tanh(b), mul(sqrt(add(1, square(a))), log(add(3, b)))),
  );
const viaMap2 = (x: RealArray): Real =>
  sum(map2(kernel, slice(x, 0, x.length - 1), slice(x, 1, x.length)));
const viaLoop = (x: RealArray): Real => {
  let s: Real = 0;
  for (let i = 0; i + 1 < x.length; i++) s = add(s, kernel(at(x, i), at(x, i + 1)));
  return s;
};

const point = fc.array(fc.double({ min: -1.5, max: 1.5, noNaN: true }), {
  minLength: 2,
  maxLength: 12,
});

/** Counts the kernel's calls. */
function counted<F extends (...args: never[]) => unknown>(f: F): { f: F; calls: () => number } {
  let calls = 0;
  const wrapped = ((...args: never[]) => {
    calls++;
    return f(...args);
  }) as F;
  return { f: wrapped, calls: () => calls };
}

describe('map and map2 kernels compiled to one loop', () => {
  fcTest.prop([point], { numRuns: 40 })(
    'gradients and pushforwards equal the scalar tape’s (reverse and forward)',
    (xs) => {
      const x = Float64Array.from(xs);
      const expected = gradient(viaLoop, reverse(), x) as Float64Array;
      expectClose(gradient(viaMap2, reverse(), x), [...expected], 1e-12, 1e-12);
      expectClose(gradient(viaMap2, forward(), x), [...expected], 1e-12, 1e-12);
      const v = Float64Array.from(xs, (_, i) => (i % 3) - 1);
      const dot = expected.reduce((s, g, i) => s + g * v[i], 0);
      expect(pushforward(viaMap2, forward(), x, v)).toBeCloseTo(dot, 10);
    },
  );

  it('runs the kernel twice per map call (a trace and its check), whatever the length', () => {
    const k = counted(kernel);
    const f = (x: RealArray): Real => sum(map2(k.f, slice(x, 0, 99), slice(x, 1, 100)));
    const x = Float64Array.from({ length: 100 }, (_, i) => Math.sin(i));
    gradient(f, reverse(), x);
    expect(k.calls()).toBe(2);
    pushforward(f, forward(), x, x);
    expect(k.calls()).toBe(4);
  });

  it('never calls the kernel for an empty array', () => {
    const k = counted((a: Real): Real => mul(a, a));
    const f = (x: RealArray): Real => add(sum(map(k.f, slice(x, 0, 0))), sum(x));
    expect(gradient(f, reverse(), Float64Array.from([1, 2]))).toEqual(Float64Array.from([1, 1]));
    expect(k.calls()).toBe(0);
  });

  it('broadcasts a scalar column on either side', () => {
    const x = Float64Array.from([0.3, -0.7, 1.1]);
    const left = gradient((y: RealArray) => sum(map2(kernel, y, 0.5)), reverse(), x);
    const right = gradient((y: RealArray) => sum(map2(kernel, 0.5, y)), reverse(), x);
    const h = 1e-6;
    x.forEach((xi, i) => {
      const dl = (kernel(xi + h, 0.5) as number) - (kernel(xi - h, 0.5) as number);
      const dr = (kernel(0.5, xi + h) as number) - (kernel(0.5, xi - h) as number);
      expect((left as Float64Array)[i]).toBeCloseTo(dl / (2 * h), 7);
      expect((right as Float64Array)[i]).toBeCloseTo(dr / (2 * h), 7);
    });
  });

  it('handles identity, constant and repeated-operand kernels', () => {
    const x = Float64Array.from([0.5, -2, 3]);
    expect(gradient((y: RealArray) => sum(map((a: Real) => a, y)), reverse(), x)).toEqual(
      Float64Array.from([1, 1, 1]),
    );
    expect(gradient((y: RealArray) => sum(map(() => 3, y)), reverse(), x)).toEqual(
      Float64Array.from([0, 0, 0]),
    );
    expect(gradient((y: RealArray) => sum(map((a: Real) => mul(a, a), y)), reverse(), x)).toEqual(
      Float64Array.from([1, -4, 6]),
    );
  });

  it('traces through a differentiable helper without rules', () => {
    const helper = differentiable((a: Real, b: Real): Real => mul(a, sin(b)));
    const k = counted((a: Real, b: Real): Real => helper(b, a));
    const x = Float64Array.from([0.2, 0.9]);
    const g = gradient((y: RealArray) => sum(map2(k.f, y, 2)), reverse(), x);
    expectClose(g, [2 * Math.cos(0.2), 2 * Math.cos(0.9)], 1e-14, 1e-14);
    expect(k.calls()).toBe(2);
  });

  fcTest.prop([point], { numRuns: 30 })(
    'scalar rules (pow, a user rule) compile too, their partials per element, beside abs, max, log1p',
    (xs) => {
      const softplus = scalarRule(
        (a: number) => Math.log1p(Math.exp(a)),
        (a: Real) => [div(1, add(1, exp(neg(a))))],
      );
      const k = counted((a: Real, b: Real): Real =>
        add(mul(abs(a), softplus(b)), sub(max(a, b), pow(add(2, mul(a, a)), 1.5))),
      );
      const f = (x: RealArray): Real =>
        sum(map2(k.f, slice(x, 0, x.length - 1), slice(x, 1, x.length)));
      const loop = (x: RealArray): Real => {
        let s: Real = 0;
        for (let i = 0; i + 1 < x.length; i++) s = add(s, k.f(at(x, i), at(x, i + 1)));
        return s;
      };
      const x = Float64Array.from(xs);
      const expected = [...(gradient(loop, reverse(), x) as Float64Array)];
      const before = k.calls();
      expectClose(gradient(f, reverse(), x), expected, 1e-12, 1e-12);
      // The trace of the first element, and of the second as its check when there is one.
      expect(k.calls()).toBe(before + Math.min(2, x.length - 1));
      expectClose(gradient(f, forward(), x), expected, 1e-12, 1e-12);
    },
  );

  it('a scalar rule whose partials have the wrong count is still reported', () => {
    const bad = scalarRule(
      (a: number) => 2 * a,
      () => [2, 3] as never,
    );
    const f = (x: RealArray): Real => sum(map((a: Real) => bad(a), x));
    expect(() => gradient(f, reverse(), Float64Array.from([1, 2]))).toThrow(RuleDefinitionError);
  });

  it('reads a captured number afresh at each call', () => {
    let c = 2;
    const f = (y: RealArray): Real => sum(map((a: Real) => mul(c, sin(a)), y));
    const x = Float64Array.from([0.1, 0.2]);
    expectClose(gradient(f, reverse(), x), [2 * Math.cos(0.1), 2 * Math.cos(0.2)], 1e-15, 1e-15);
    c = 3;
    expectClose(gradient(f, reverse(), x), [3 * Math.cos(0.1), 3 * Math.cos(0.2)], 1e-15, 1e-15);
  });

  it('stays right when more kernel shapes are compiled than the cache keeps', () => {
    const x = Float64Array.from([0.3, 0.6]);
    for (let k = 0; k < 1100; k++) {
      // Shape k: its eleven bits as additions or multiplications by 1, a loop of its own.
      const kernel = (a: Real): Real => {
        let s = mul(a, a);
        for (let bit = 0; bit < 11; bit++) s = (k >> bit) & 1 ? add(s, 1) : mul(s, 1);
        return s;
      };
      const g = gradient((y: RealArray) => sum(map(kernel, y)), reverse(), x);
      if (k % 100 === 0 || k > 1020) expectClose(g, [0.6, 1.2], 1e-15, 1e-15);
    }
  });

  it('sends nothing along a zero adjoint: 0 · √x at 0 has derivative 0, as on the tape', () => {
    const x = Float64Array.from([0, 1]);
    const g = gradient((y: RealArray) => sum(map((a: Real) => mul(0, sqrt(a)), y)), reverse(), x);
    expect(g).toEqual(Float64Array.from([0, 0]));
  });
});

describe('compiled kernels inside forward-over-reverse second order', () => {
  fcTest.prop([point], { numRuns: 30 })('hvps equal the scalar tape’s', (xs) => {
    const x = Float64Array.from(xs);
    const v = Float64Array.from(xs, (_, i) => (i % 3) - 1);
    const expected = hvp(viaLoop, reverse(), x, v) as Float64Array;
    expectClose(hvp(viaMap2, reverse(), x, v), [...expected], 1e-10, 1e-10);
  });

  it('Hessians (several outer lanes at once) equal the scalar tape’s', () => {
    const x = Float64Array.from({ length: 7 }, (_, i) => Math.sin(i));
    const H = hessian(viaMap2, reverse(), x);
    const expected = hessian(viaLoop, reverse(), x);
    expectClose(H.data, [...expected.data], 1e-10, 1e-10);
  });

  it('runs the kernel twice per hvp and keeps the second-order tape free of generic steps', () => {
    const k = counted(kernel);
    const f = (x: RealArray): Real => sum(map2(k.f, slice(x, 0, 49), slice(x, 1, 50)));
    const x = Float64Array.from({ length: 50 }, (_, i) => Math.cos(i));
    hvp(f, reverse(), x, x);
    expect(k.calls()).toBe(2);
    const stats = hvpTapeStatistics(f, x, x);
    expect(stats.secondOrder).toBe(true);
    expect(stats.genericOperations).toBe(0);
  });
});

describe('kernels that are not straight-line code still run per element', () => {
  it('a kernel that branches on a value', () => {
    const k = counted((a: Real): Real => ((primal(a) as number) > 0 ? mul(a, 2) : mul(a, 3)));
    const x = Float64Array.from([1, -1, 2, -2]);
    const g = gradient((y: RealArray) => sum(map(k.f, y)), reverse(), x);
    expect(g).toEqual(Float64Array.from([2, 3, 2, 3]));
    // Once per element: the first element's trace is its evaluation, the others run on duals.
    expect(k.calls()).toBe(x.length);
  });

  it('a kernel that branches on a value, inside an hvp (flat nested duals)', () => {
    const branchy = (a: Real, b: Real): Real =>
      (primal(a) as number) > 0 ? mul(a, square(b)) : mul(b, sin(a));
    const k = counted(branchy);
    const viaMap = (x: RealArray): Real => sum(map2(k.f, slice(x, 0, 3), slice(x, 1, 4)));
    const loop = (x: RealArray): Real => {
      let s: Real = 0;
      for (let i = 0; i < 3; i++) s = add(s, branchy(at(x, i), at(x, i + 1)));
      return s;
    };
    const x = Float64Array.from([0.5, -0.3, 0.8, -1.2]);
    const v = Float64Array.from([1, -1, 0.5, 2]);
    expectClose(
      hvp(viaMap, reverse(), x, v),
      [...(hvp(loop, reverse(), x, v) as Float64Array)],
      1e-12,
      1e-12,
    );
    expect(k.calls()).toBe(3);
  });

  it('a kernel calling a function with an frule and an rrule but no partials', () => {
    const cubed = (a: Real): Real => mul(a, mul(a, a));
    const slope = (a: Real): Real => mul(3, mul(a, a));
    const cube = differentiable(cubed, {
      frule: ([a], [da]) => [cubed(a), mul(slope(a), da as Real)],
      rrule: ([a]) => [cubed(a), (dy) => [mul(slope(a), dy as Real)]],
    });
    const k = counted((a: Real): Real => add(cube(a), a));
    const x = Float64Array.from([1.5, -0.5, 2]);
    const g = gradient((y: RealArray) => sum(map(k.f, y)), reverse(), x);
    expectClose(g, [7.75, 1.75, 13], 1e-15, 1e-15);
    expect(k.calls()).toBe(1 + x.length); // the trace ends at cube, then one call per element
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { test as fcTest, fc } from '@fast-check/vitest';
import { scalarRule, type Real, type RealArray } from '@pullback/rules-core';
import {
  abs,
  add,
  div,
  exp,
  map,
  map2,
  max,
  mul,
  neg,
  pow,
  slice,
  sqrt,
  square,
  sum,
  tanh,
} from '@pullback/rules-core/math';
import { forward, gradient, hessian, hvp, reverse } from '@pullback/engine';
import { simulateNoCodeGeneration } from '../src/staging/code-generation.js';

// Where code cannot be generated, map kernels run their trace on plain code instead of a
// generated loop: the same values and partials, the same zero-skip rule (a zero adjoint sends
// nothing, even through an infinite partial), the same checks of what scalar rules return.

afterEach(() => simulateNoCodeGeneration(false));

function withoutCodeGeneration<T>(body: () => T): T {
  simulateNoCodeGeneration(true);
  try {
    return body();
  } finally {
    simulateNoCodeGeneration(false);
  }
}

describe('map kernels where code cannot be generated', () => {
  it('send nothing along a zero adjoint: 0 · √x at 0 has derivative 0', () => {
    const f = (y: RealArray) => sum(map((a: Real) => mul(0, sqrt(a)), y));
    const x = Float64Array.from([0, 1]);
    expect(withoutCodeGeneration(() => gradient(f, reverse(), x))).toEqual(
      Float64Array.from([0, 0]),
    );
  });

  const softplus = scalarRule(
    (a: number) => Math.log1p(Math.exp(a)),
    (a: Real) => [div(1, add(1, exp(neg(a))))],
  );
  const kernel = (a: Real, b: Real): Real =>
    add(mul(abs(a), softplus(b)), pow(add(2, mul(a, a)), 1.5));
  // Only hot primitives: the kernel hvps run through (the second-order loop needs them).
  const hot = (a: Real, b: Real): Real =>
    add(mul(tanh(mul(a, b)), exp(neg(square(a)))), div(sqrt(add(1, square(b))), add(2, abs(a))));
  const f = (x: RealArray): Real =>
    add(
      sum(map2(kernel, slice(x, 0, x.length - 1), slice(x, 1, x.length))),
      sum(map2(hot, slice(x, 0, x.length - 1), slice(x, 1, x.length))),
    );
  const point = fc.array(fc.double({ min: -2, max: 2, noNaN: true }), {
    minLength: 2,
    maxLength: 9,
  });

  fcTest.prop([point], { numRuns: 30 })(
    'give the gradients and hvps generated loops give, to the last bit',
    (xs) => {
      const x = Float64Array.from(xs);
      const v = Float64Array.from(xs, (_, i) => (i % 3) - 1);
      for (const b of [reverse(), forward()]) {
        const generated = gradient(f, b, x) as Float64Array;
        const plain = withoutCodeGeneration(() => gradient(f, b, x)) as Float64Array;
        expect(Array.from(plain)).toEqual(Array.from(generated));
      }
      const generated = hvp(f, reverse(), x, v) as Float64Array;
      const plain = withoutCodeGeneration(() => hvp(f, reverse(), x, v)) as Float64Array;
      expect(Array.from(plain)).toEqual(Array.from(generated));
      // Several outer lanes at once.
      const H = hessian(f, reverse(), x).data;
      expect(Array.from(withoutCodeGeneration(() => hessian(f, reverse(), x).data))).toEqual(
        Array.from(H),
      );
    },
  );

  it('check what scalar rules return, as generated loops do', () => {
    const bad = scalarRule(
      (a: number) => 2 * a,
      () => [2, 3] as never,
    );
    const g = (x: RealArray) => sum(map((a: Real) => max(bad(a), 0), x));
    const x = Float64Array.from([1, 2]);
    let generated: unknown;
    let plain: unknown;
    try {
      gradient(g, reverse(), x);
    } catch (error) {
      generated = (error as Error).constructor;
    }
    try {
      withoutCodeGeneration(() => gradient(g, reverse(), x));
    } catch (error) {
      plain = (error as Error).constructor;
    }
    expect(generated).toBeDefined();
    expect(plain).toBe(generated);
  });
});
